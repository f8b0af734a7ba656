/** Agent detection on an in-memory port, and `which` on a real temporary PATH. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { agentFootprints, configFolders, detectAgent, isDetected, type DetectionPort } from '../../src/agents/detect';
import { candidateNames, findOnPath } from '../../src/agents/findOnPath';
import { agentIds } from '../../src/providers/agentCatalog';

const environment = { home: '/home/dev', env: {} };

/** A machine with these commands on PATH, these extensions, and these folders. */
function machine(commands: Record<string, string>, extensions: string[], folders: string[]): DetectionPort & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    findOnPath: async (name) => (asked.push(name), commands[name]),
    exists: async (p) => folders.includes(p),
    extensionInstalled: (id) => extensions.includes(id),
  };
}

describe('agent detection', () => {
  it('has a footprint for every agent', () => {
    assert.deepEqual(Object.keys(agentFootprints).sort(), [...agentIds].sort());
    assert.deepEqual(agentFootprints.continue.commands, ['cn']);
    assert.deepEqual(agentFootprints.roo.extensions, ['zoocodeorganization.zoo-code', 'rooveterinaryinc.roo-cline']);
  });

  it('finds the CLI, the extension and the config folder', async () => {
    const port = machine({ claude: '/usr/local/bin/claude' }, ['anthropic.claude-code'], ['/home/dev/.claude']);
    const found = await detectAgent('claude-code', environment, port);
    assert.deepEqual(found, { cli: '/usr/local/bin/claude', extension: 'anthropic.claude-code', configFolder: '/home/dev/.claude' });
    assert.ok(isDetected(found));
  });

  it('says "not found" with no field set', async () => {
    const found = await detectAgent('codex', environment, machine({}, [], []));
    assert.deepEqual(found, {});
    assert.equal(isDetected(found), false);
  });

  it('takes the first installed of several extensions', async () => {
    const found = await detectAgent('roo', environment, machine({}, ['rooveterinaryinc.roo-cline'], []));
    assert.deepEqual(found, { extension: 'rooveterinaryinc.roo-cline' });
  });

  it('looks for the config folder where the adapter writes, moved by the agent\'s own variable', async () => {
    const moved = { home: '/home/dev', env: { CODEX_HOME: '/work/codex' } };
    assert.deepEqual(configFolders('codex', moved), ['/work/codex']);
    assert.deepEqual(await detectAgent('codex', moved, machine({}, [], ['/work/codex'])), { configFolder: '/work/codex' });
    assert.deepEqual(configFolders('opencode', environment), ['/home/dev/.config/opencode']);
  });

  it('counts VS Code chat as always present, without asking the machine', async () => {
    const port = machine({}, [], []);
    assert.deepEqual(await detectAgent('vscode-chat', environment, port), { builtIn: true });
    assert.deepEqual(port.asked, []);
  });
});

describe('findOnPath', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-path-'));
    fs.mkdirSync(path.join(dir, 'a'));
    fs.mkdirSync(path.join(dir, 'b'));
    fs.writeFileSync(path.join(dir, 'a', 'codex'), '#!/bin/sh\n', { mode: 0o644 });
    fs.writeFileSync(path.join(dir, 'b', 'codex'), '#!/bin/sh\n', { mode: 0o755 });
    fs.mkdirSync(path.join(dir, 'a', 'claude'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('returns the first executable file, skipping files without the executable bit and folders', async function () {
    if (process.platform === 'win32') this.skip();
    const env = { PATH: [path.join(dir, 'missing'), path.join(dir, 'a'), path.join(dir, 'b')].join(':') };
    assert.equal(await findOnPath('codex', { env, platform: 'linux' }), path.join(dir, 'b', 'codex'));
    assert.equal(await findOnPath('claude', { env, platform: 'linux' }), undefined);
    assert.equal(await findOnPath('codex', { env: {}, platform: 'linux' }), undefined);
  });

  it('tries each PATHEXT extension on Windows', () => {
    assert.deepEqual(candidateNames('claude', { env: { PATHEXT: '.EXE;.CMD' }, platform: 'win32' }), ['claude', 'claude.exe', 'claude.cmd']);
    assert.deepEqual(candidateNames('claude', { env: { PATHEXT: '.EXE' }, platform: 'linux' }), ['claude']);
  });
});
