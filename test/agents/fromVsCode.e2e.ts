/**
 * The whole product, as a user meets it: in a real VS Code (code-server), providers are added
 * from the palette with the keyboard, each pointed at a loopback double of its API; a model is
 * picked in the status bar; Cline's plaintext opt-in is given through its warning. Then the
 * real agent CLIs run in VS Code's own terminal (so they get exactly what Switchboard put in
 * the terminal environment) and must reach the double with the picked model and the key, over
 * their protocol, and print its reply. Finally no file holds a key, except Cline's (opted in).
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { quickInput } from '../harness/quickInput';
import { useWorkbench } from '../harness/uiFixture';
import { notification } from '../harness/workbench';
import { callToolWhenOffered, startUpstream, type Protocol, type Upstream } from '../upstreams/server';
import { agentPaths, continueQuietEnv, killMarked, kiloQuietEnv, uniqueReply } from './harness';

interface LabProvider {
  /** As the Add Provider type step lists it. */
  type: string;
  name: string;
  /** Appended to the double's URL to make the base URL the user types. */
  basePath: string;
  double: Protocol;
  model: string;
  key: string;
  /** As the agents step lists them. */
  agents: string[];
}

interface AgentRun {
  label: string;
  /** The command line typed into the terminal's script. */
  command: string;
  provider: LabProvider;
}

const stamp = crypto.randomBytes(3).toString('hex');
const lab = (name: string, type: string, basePath: string, double: Protocol, agents: string[]): LabProvider => ({
  type,
  name,
  basePath,
  double,
  model: `sb-${double}-${stamp}`,
  key: `sk-e2e-${double}-LEAKCHECK-${stamp}`,
  agents,
});

const anthropic = lab('Anthropic Lab', 'Anthropic', '/v1', 'anthropic', ['Claude Code', 'OpenClaw']);
const responses = lab('Responses Lab', 'OpenAI', '/v1', 'openai-responses', ['Codex CLI']);
const gemini = lab('Gemini Lab', 'Google AI (Gemini)', '/v1beta', 'gemini', ['Gemini CLI']);
const chat = lab('Chat Lab', 'OpenAI-compatible', '/v1', 'openai-chat', ['OpenCode', 'Cline', 'Continue', 'Kilo Code', 'Qwen Code']);
const providers = [anthropic, responses, gemini, chat];

const runs: AgentRun[] = [
  { label: 'Claude Code', command: `claude -p 'Say hello.'`, provider: anthropic },
  { label: 'OpenClaw', command: `openclaw agent exec 'Say hello.'`, provider: anthropic },
  { label: 'Codex CLI', command: `codex exec --skip-git-repo-check 'Say hello.'`, provider: responses },
  { label: 'Gemini CLI', command: `gemini -p 'Say hello.'`, provider: gemini },
  { label: 'OpenCode', command: `opencode run 'Say hello.'`, provider: chat },
  { label: 'Cline', command: `cline 'Say hello.'`, provider: chat },
  { label: 'Continue', command: `cn -p 'Say hello.'`, provider: chat },
  { label: 'Kilo Code', command: `kilo run 'Say hello.'`, provider: chat },
  { label: 'Qwen Code', command: `qwen -p 'Say hello.'`, provider: chat },
];


const marker = crypto.randomUUID();
const reply = uniqueReply('vscode');

async function answer(page: Page, step: string, text: string): Promise<void> {
  await quickInput.waitOpen(page, { title: `(${step})` });
  await quickInput.type(page, text);
  await quickInput.enter(page);
}

describe('agent e2e: from the status bar in VS Code to the real CLIs', function () {
  this.timeout(600_000);
  let up: Upstream;
  const out = () => path.join(wb().runDir, 'agent-runs');
  const wb = useWorkbench({
    label: 'agents-vscode',
    timeoutMs: 120_000,
    env: {
      PATH: [agentPaths().nodeBinDir, agentPaths().binDir, process.env.PATH ?? '/usr/bin:/bin'].join(':'),
      SWITCHBOARD_E2E_MARKER: marker,
      GEMINI_CLI_TRUST_WORKSPACE: 'true',
      NO_COLOR: '1',
      ...continueQuietEnv,
      ...kiloQuietEnv,
    },
    settings: { 'terminal.integrated.defaultProfile.linux': 'bash', 'terminal.integrated.enablePersistentSessions': false },
    waitFor: async (page) => void (await page.locator('.statusbar-item', { hasText: 'Add a provider' }).waitFor({ timeout: 60_000 })),
  });

  before(async () => {
    // One double speaks all four protocols; Cline waits for its submit tool, so it gets it.
    up = await startUpstream({ respond: callToolWhenOffered('submit_and_exit', { result: reply }, reply) });
  });
  after(async () => {
    await up?.close();
    await killMarked(marker);
  });

  for (const p of providers) {
    it(`adds “${p.name}” from the palette, adds a model, and picks it in the status bar`, async () => {
      const { page } = wb();
      await wb().runCommand('Switchboard: Add Provider');
      await answer(page, '1/5', p.type);
      await answer(page, '2/5', p.name);
      await answer(page, '3/5', `${up.url}${p.basePath}`);
      await answer(page, '4/5', p.key);
      await quickInput.waitOpen(page, { title: '(5/5)' });
      await page.locator('.quick-input-list .label-name', { hasText: p.agents[0] }).first().waitFor();
      await quickInput.toggleRows(page, p.agents);
      await quickInput.enter(page);
      await quickInput.waitClosed(page);

      const toast = await notification(page, `Added provider “${p.name}”`);
      await toast.locator('.monaco-button', { hasText: 'Add Model' }).click();
      await answer(page, '1/3', p.model);
      await answer(page, '2/3', `${p.name} model`);
      await answer(page, '3/3', '128000');
      await quickInput.waitClosed(page);

      await wb().runCommand('Notifications: Clear All Notifications');
      await wb().statusBarItem(/ · /).first().click();
      await quickInput.waitOpen(page, { title: 'Select Model' });
      await quickInput.type(page, `${p.name} model`);
      await quickInput.enter(page);
      await wb().statusBarItem(`${p.name} model · ${p.name}`).waitFor();

      const summary = await notification(page, /Applied to \d+ agent/, 30_000);
      const text = await summary.innerText();
      if (p.agents.includes('Cline')) {
        assert.match(text, /Cline: needs your opt-in for plaintext/);
        await summary.locator('.monaco-button', { hasText: 'Allow Plaintext for Cline…' }).click();
        const dialog = page.locator('.monaco-dialog-box');
        await dialog.filter({ hasText: 'Write API keys in plain text for Cline?' }).waitFor();
        await wb().screenshot('plaintext-opt-in-cline');
        await dialog.locator('.monaco-button', { hasText: 'Allow for Cline' }).click();
        await notification(page, /Applied to 1 agent/, 30_000);
      }
    });
  }

  it('runs every agent CLI in VS Code’s terminal: each reaches the double with its model and key', async () => {
    const { page } = wb();
    fs.mkdirSync(out(), { recursive: true });
    const work = path.join(wb().runDir, 'agent-work');
    fs.mkdirSync(work, { recursive: true });
    // One script, typed as one line: each CLI in the background with a hard timeout, its output
    // and exit code in files; `wait` then writes the marker the test polls for.
    const lines = runs.map((r, i) => `(cd '${work}' && timeout -k 5 150 ${r.command} </dev/null >'${out()}/${i}.out' 2>&1; echo $? >'${out()}/${i}.rc') &`);
    const script = path.join(out(), 'run-agents.sh');
    // A login shell may reset PATH; the user has the CLIs on theirs, so the script puts them there.
    const pathLine = `export PATH='${agentPaths().nodeBinDir}:${agentPaths().binDir}':"$PATH"`;
    fs.writeFileSync(script, `${pathLine}\n${lines.join('\n')}\nwait\necho done >'${out()}/all.done'\n`);

    await wb().runCommand('Terminal: Create New Terminal');
    await page.locator('.terminal-wrapper.active .xterm-helper-textarea, .xterm-helper-textarea').first().waitFor({ state: 'attached', timeout: 30_000 });
    await page.waitForTimeout(1500); // the shell prints its prompt; typing earlier can be lost
    await page.keyboard.type(`bash '${script}'`);
    await page.keyboard.press('Enter');

    const done = path.join(out(), 'all.done');
    for (let i = 0; i < 400 && !fs.existsSync(done); i++) await new Promise((r) => setTimeout(r, 500));
    await wb().screenshot('agents-ran-in-terminal');
    assert.ok(fs.existsSync(done), 'the agents finished within the bound');

    const failures: string[] = [];
    runs.forEach((r, i) => {
      const output = fs.readFileSync(path.join(out(), `${i}.out`), 'utf8');
      const rc = fs.readFileSync(path.join(out(), `${i}.rc`), 'utf8').trim();
      const calls = up.modelCalls(r.provider.double).filter((c) => c.model === r.provider.model);
      const problems = [
        output.includes(reply) ? '' : 'did not print the reply',
        calls.length ? '' : `no call with model ${r.provider.model} over ${r.provider.double}`,
        calls.some((c) => c.apiKey === r.provider.key) ? '' : `the key did not reach the upstream (it got ${calls.map((c) => c.apiKey?.slice(0, 12) ?? 'none').join(', ')})`,
      ].filter(Boolean);
      if (problems.length) failures.push(`${r.label} (exit ${rc}): ${problems.join('; ')}\n${output.slice(-2000)}`);
    });
    assert.deepEqual(failures, []);
  });

  it('gave Claude Code, Codex and OpenClaw the key helper, not a key', () => {
    const home = wb().homeDir;
    const read = (...parts: string[]) => fs.readFileSync(path.join(home, ...parts), 'utf8');
    assert.match(JSON.parse(read('.claude', 'settings.json')).apiKeyHelper, /switchboard-key' anthropic-lab$|switchboard-key anthropic-lab$/);
    assert.match(read('.codex', 'config.toml'), /auth = \{ command = ".*switchboard-key", args = \[ ?"responses-lab" ?\]/);
    const claw = JSON.parse(read('.openclaw', 'openclaw.json'));
    assert.deepEqual(claw.models.providers['switchboard-anthropic-lab'].apiKey, { source: 'exec', provider: 'switchboard-anthropic-lab', id: 'apiKey' });
    assert.match(claw.secrets.providers['switchboard-anthropic-lab'].command, /switchboard-key$/);
  });

  it('leaves keys in no file, except Cline’s providers file, which the user opted into', async () => {
    await wb().dispose();
    await killMarked(marker);
    const clineFile = path.join(wb().homeDir, '.cline', 'data', 'settings', 'providers.json');
    for (const p of providers) {
      const leaks = wb().leakCheck(p.key);
      const allowed = p === chat ? [clineFile] : [];
      assert.deepEqual(leaks.filter((f) => !allowed.includes(f)), [], `${p.name}'s key`);
    }
    assert.equal(fs.statSync(clineFile).mode & 0o777, 0o600, 'Cline’s file is private');
  });
});
