/**
 * The CLI end to end, as on a CI machine with no VS Code: `node dist/cli.js apply` on a fresh
 * HOME, then the real agent CLI against a loopback double; the double must see the model id
 * and the key. Then `revert` must give back the user's exact bytes.
 * - Codex reads the key from the variable the file names (keyEnv), by reference: the key is
 *   in no file.
 * - Claude Code, which cannot name a variable, gets it written in with --inline-key, from stdin.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { leakCheck } from '../harness/leakCheck';
import { repoRoot } from '../harness/paths';
import { startUpstream, type Upstream } from '../upstreams/server';
import { AgentHome, describeRun, uniqueReply, type RunResult } from './harness';

const cliScript = path.join(repoRoot, 'dist', 'cli.js');

/** Runs dist/cli.js with the home's environment (nothing else inherited), bounded. */
function cli(home: AgentHome, args: string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliScript, ...args], { cwd: home.work, env: { ...home.baseEnv(), ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.stdin.end(options.input ?? '');
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut, durationMs: Date.now() - started });
    });
  });
}

function providersFile(type: 'openai' | 'anthropic', baseUrl: string, agent: string, model: string): string {
  return JSON.stringify(
    {
      format: 'switchboard.providers',
      version: 1,
      providers: [{ id: 'lab', name: 'Lab', type, baseUrl, agents: [agent], models: [{ id: model, contextLimit: 128_000 }] }],
      defaultRef: `lab/${model}`,
      keyEnv: { lab: 'LAB_API_KEY' },
    },
    null,
    2,
  );
}

describe('agent e2e: the Switchboard CLI (no VS Code)', function () {
  this.timeout(180_000);
  let up: Upstream | undefined;
  let home: AgentHome | undefined;

  before(() => assert.ok(fs.existsSync(cliScript), `${cliScript} is missing: run npm run build first`));
  afterEach(async () => {
    await up?.close();
    await home?.cleanup();
  });

  it('Codex CLI: apply with the key in an env var, the model and key reach the upstream, revert restores the bytes', async () => {
    const reply = uniqueReply('cli-codex');
    const key = `sb-e2e-cli-codex-KEY-${Date.now()}`;
    const model = 'sb-cli-codex-model';
    up = await startUpstream({ protocols: ['openai-responses'], reply });
    home = new AgentHome('cli-codex');
    const original = '# my Codex settings\napproval_policy = "never"\n\n[tui]\nnotifications = false # quiet\n';
    const config = home.write('.codex/config.toml', original, 0o644);
    fs.writeFileSync(path.join(home.work, 'providers.json'), providersFile('openai', `${up.url}/v1`, 'codex', model));

    const applied = await cli(home, ['apply', '--agent', 'codex', 'providers.json'], { env: { LAB_API_KEY: key } });
    assert.equal(applied.code, 0, describeRun(applied));
    assert.match(applied.stdout, /Codex CLI: lab\/sb-cli-codex-model, uses it once restarted; reads the key from \$LAB_API_KEY/);
    assert.match(fs.readFileSync(config, 'utf8'), /env_key = "LAB_API_KEY"/);
    assert.deepEqual(leakCheck(key, [home.home]), [], 'the key is in no file: Codex reads it from the variable');

    const run = await home.run('codex', ['exec', '--skip-git-repo-check', 'Say hello.'], { env: { LAB_API_KEY: key }, timeoutMs: 150_000 });
    assert.equal(run.code, 0, describeRun(run));
    assert.ok(run.stdout.includes(reply), describeRun(run));
    const calls = up.modelCalls('openai-responses');
    assert.ok(calls.length >= 1, `no model call reached the double; ${describeRun(run)}`);
    assert.ok(calls.every((c) => c.model === model), `models seen: ${calls.map((c) => c.model).join(', ')}`);
    assert.ok(calls.every((c) => c.apiKey === key), 'the key from $LAB_API_KEY reached the upstream');

    const reverted = await cli(home, ['revert', '--agent', 'codex']);
    assert.equal(reverted.code, 0, describeRun(reverted));
    assert.equal(fs.readFileSync(config, 'utf8'), original, 'revert gives back the exact bytes');
    assert.equal(fs.statSync(config).mode & 0o777, 0o644);
  });

  it('Claude Code: --inline-key with the key on stdin, then revert removes the file it created', async () => {
    const reply = uniqueReply('cli-claude');
    const key = `sb-e2e-cli-claude-KEY-${Date.now()}`;
    const model = 'sb-cli-claude-model';
    up = await startUpstream({ protocols: ['anthropic'], reply });
    home = new AgentHome('cli-claude');
    fs.writeFileSync(path.join(home.work, 'providers.json'), providersFile('anthropic', `${up.url}/v1`, 'claude-code', model));

    const applied = await cli(home, ['apply', '--all', '--key-stdin', 'lab', '--inline-key', 'claude-code', 'providers.json'], { input: `${key}\n` });
    assert.equal(applied.code, 0, describeRun(applied));
    assert.match(applied.stderr, /^warning: Claude Code: the key of “lab” is written in plain text/);
    const settings = path.join(home.home, '.claude', 'settings.json');
    assert.deepEqual(leakCheck(key, [home.home]), [settings], 'only the opted-in file holds the key');
    assert.equal(fs.statSync(settings).mode & 0o777, 0o600);

    const run = await home.run('claude', ['-p', 'Say hello.'], { env: { CLAUDE_CODE_MAX_RETRIES: '0' }, timeoutMs: 150_000 });
    assert.equal(run.code, 0, describeRun(run));
    assert.ok(run.stdout.includes(reply), describeRun(run));
    const calls = up.modelCalls('anthropic');
    assert.ok(calls.length >= 1, `no model call reached the double; ${describeRun(run)}`);
    assert.ok(calls.every((c) => c.model === model), `models seen: ${calls.map((c) => c.model).join(', ')}`);
    assert.ok(calls.some((c) => c.apiKey === key), 'the key from stdin reached the upstream');

    const reverted = await cli(home, ['revert', '--all']);
    assert.equal(reverted.code, 0, describeRun(reverted));
    assert.equal(fs.existsSync(settings), false, 'the file did not exist before apply');
    assert.deepEqual(leakCheck(key, [home.home]), [], 'and the key is gone with it');
  });
});
