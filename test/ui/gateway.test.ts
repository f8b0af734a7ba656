/**
 * The gateway as a user meets it, in a real VS Code: a local Chat Completions server added in
 * the settings panel for Claude Code, which speaks only Anthropic Messages; a pick in the status
 * bar points Claude Code at its own gateway route, with the key helper handing out the gateway
 * token; a request made the way Claude Code makes it is answered by the server through the
 * gateway's translation; a second pick reaches the next request with the config unchanged; and
 * "Switchboard: Show Usage" lists the requests.
 */
import * as assert from 'node:assert/strict';
import * as child from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { choose, input, panel } from '../harness/panelFrame';
import { quickInput } from '../harness/quickInput';
import { useWorkbench } from '../harness/uiFixture';
import { openWorkbench, runCommand, waitForWorkbench } from '../harness/workbench';
import { startUpstream, type Upstream } from '../upstreams/server';

describe('the gateway (UI)', function () {
  this.timeout(150_000);
  let up: Upstream;
  before(async () => {
    up = await startUpstream({ protocols: ['openai-chat'], reply: 'Hello through the gateway' });
  });
  after(async () => up?.close());
  const wb = useWorkbench({ label: 'ui-gateway', waitFor: async (page) => void (await page.locator('.statusbar-item', { hasText: 'Add a provider' }).waitFor({ timeout: 60_000 })) });
  const settingsFile = () => path.join(wb().homeDir, '.claude', 'settings.json');
  const claudeEnv = () => (JSON.parse(fs.readFileSync(settingsFile(), 'utf8')) as { env: Record<string, string>; apiKeyHelper: string });

  /** What Claude Code does: run apiKeyHelper for its key, then POST /v1/messages to ANTHROPIC_BASE_URL. */
  async function askAsClaudeCode(): Promise<{ status: number; text: string }> {
    const settings = claudeEnv();
    const { stdout } = await promisify(child.execFile)('/bin/sh', ['-c', settings.apiKeyHelper], { encoding: 'utf8', timeout: 15_000 });
    const response = await fetch(`${settings.env.ANTHROPIC_BASE_URL}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': stdout.trim(), 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: settings.env.ANTHROPIC_MODEL, max_tokens: 256, messages: [{ role: 'user', content: 'Say hello.' }] }),
    });
    return { status: response.status, text: await response.text() };
  }

  it('adds a local Chat Completions server for Claude Code, with two models', async () => {
    await wb().runCommand('Switchboard: Manage Providers');
    const frame = panel(wb().page);
    await frame.getByTestId('provider-add').click();
    await choose(frame, 'field-type', 'OpenAI-compatible');
    await input(frame, 'field-name').fill('Lab');
    await input(frame, 'field-baseUrl').fill(`${up.url}/v1`);
    await frame.getByTestId('agent-toggle-claude-code').check();
    await frame.getByTestId('save').click();
    await frame.getByTestId('provider-row-lab').waitFor();
    await frame.getByTestId('tab-models').click();
    for (const id of ['qwen-lab', 'llama-lab']) {
      await frame.getByTestId('model-add').click();
      await choose(frame, 'field-providerId', 'Lab');
      await input(frame, 'field-id').fill(id);
      await input(frame, 'field-contextLimit').fill('32000');
      await frame.getByTestId('save').click();
      await frame.getByTestId(`model-row-lab/${id}`).waitFor();
    }
  });

  it('a pick points Claude Code at its gateway route, and Claude Code\'s request is answered through the translation', async () => {
    const { page } = wb();
    await wb().statusBarItem(/qwen-lab · Lab/).click();
    await quickInput.row(page, 'qwen-lab').click();
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && !fs.existsSync(settingsFile())) await page.waitForTimeout(200);
    const { env, apiKeyHelper } = claudeEnv();
    assert.match(env.ANTHROPIC_BASE_URL, /^http:\/\/127\.0\.0\.1:\d+\/a\/claude-code\/anthropic$/);
    assert.equal(env.ANTHROPIC_MODEL, 'qwen-lab');
    assert.match(apiKeyHelper, /switchboard-key' 'gateway'|switchboard-key gateway/);
    const answer = await askAsClaudeCode();
    assert.equal(answer.status, 200, answer.text);
    assert.equal((JSON.parse(answer.text) as { content: { text: string }[] }).content[0].text, 'Hello through the gateway');
    assert.equal(up.modelCalls('openai-chat').at(-1)?.model, 'qwen-lab');
  });

  it('the next pick reaches Claude Code\'s next request with its config unchanged', async () => {
    const { page } = wb();
    const before = fs.readFileSync(settingsFile(), 'utf8');
    await wb().statusBarItem(/qwen-lab · Lab/).click();
    await quickInput.row(page, 'llama-lab').click();
    await wb().statusBarItem(/llama-lab · Lab/).waitFor();
    const answer = await askAsClaudeCode();
    assert.equal(answer.status, 200, answer.text);
    assert.equal(up.modelCalls('openai-chat').at(-1)?.model, 'llama-lab', 'the gateway routed the same agent to the new model');
    // The pick re-applies the model name (cosmetic for Claude Code); the route and token stay.
    assert.equal(claudeEnv().env.ANTHROPIC_BASE_URL, (JSON.parse(before) as { env: Record<string, string> }).env.ANTHROPIC_BASE_URL);
  });

  it('Show Usage lists the requests per agent and per model', async () => {
    const { page } = wb();
    await wb().runCommand('Switchboard: Show Usage');
    const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Usage' }) });
    await view.locator('.monaco-list-row', { hasText: 'Claude Code' }).filter({ hasText: '2 requests' }).waitFor({ timeout: 15_000 });
    await view.locator('.monaco-list-row', { hasText: 'lab/llama-lab' }).filter({ hasText: '1 request ·' }).waitFor();
    await wb().screenshot('usage-view');
  });

  it('VS Code\'s chat model picker lists Switchboard\'s models', async () => {
    const { page } = wb();
    // The chat view's input has the model picker; it shows the chat's current model.
    const input = page.locator('.interactive-input-part').first();
    await input.waitFor({ timeout: 15_000 }).catch(async () => {
      await wb().runCommand('Chat: Open Chat');
      await input.waitFor({ timeout: 15_000 });
    });
    await input.locator('.action-item', { hasText: /-lab\b/ }).first().click();
    const list = page.locator('.action-widget');
    await list.locator('.monaco-list-row', { hasText: 'qwen-lab' }).first().waitFor({ timeout: 15_000 });
    // The picker's search finds both (the one not used yet sits under "Other Models").
    await page.keyboard.type('lab');
    for (const id of ['qwen-lab', 'llama-lab']) await list.locator('.monaco-list-row', { hasText: id }).first().waitFor({ timeout: 15_000 });
    await wb().screenshot('chat-model-picker');
    await page.keyboard.press('Escape');
  });

  /** The Switchboard log files of every window's extension host, under the server's user data. */
  function switchboardLogs(): string[] {
    const found: string[] = [];
    const walk = (dir: string, depth: number) => {
      if (depth > 8 || !fs.existsSync(dir)) return;
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full, depth + 1);
        else if (entry.name === 'Switchboard.log') found.push(fs.readFileSync(full, 'utf8'));
      }
    };
    walk(path.join(wb().server.userDataDir, 'logs'), 0);
    return found;
  }

  async function logSays(what: RegExp, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!switchboardLogs().some((text) => what.test(text))) {
      if (Date.now() > deadline) assert.fail(`no Switchboard log says ${what}:\n${switchboardLogs().join('\n----\n').slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  it('a second window stands by on the same gateway, and takes it over when the first reloads: Claude Code is still answered', async () => {
    const { page, browser, server, workspace } = wb();
    const second = await browser.context.newPage();
    try {
      await openWorkbench(second, server.url, workspace);
      // Agents already point at the gateway, so the new window joins it at start-up.
      await logSays(/another VS Code window serves it on http:\/\/127\.0\.0\.1:\d+; this window stands by/);
      // It shows the usage the serving window recorded.
      await second.bringToFront();
      // Keyboard focus in this window's workbench (an empty spot of its status bar), for F1.
      await second.locator('.monaco-workbench .part.statusbar').click({ position: { x: 600, y: 10 } });
      await runCommand(second, 'Switchboard: Show Usage');
      const view = second.locator('.pane', { has: second.locator('.pane-header', { hasText: 'Usage' }) });
      await view.locator('.monaco-list-row', { hasText: 'Claude Code' }).filter({ hasText: '2 requests' }).waitFor({ timeout: 15_000 });
      const port = new URL(claudeEnv().env.ANTHROPIC_BASE_URL).port;
      await page.bringToFront();
      await page.reload();
      await waitForWorkbench(page);
      // The second window's log now says it listens on the same port, after standing by.
      await logSays(new RegExp(`stands by[^]*Gateway listening on http://127\\.0\\.0\\.1:${port}`));
      const answer = await askAsClaudeCode();
      assert.equal(answer.status, 200, answer.text);
      assert.equal(new URL(claudeEnv().env.ANTHROPIC_BASE_URL).port, port, 'Claude Code was not re-pointed: the port lived on');
    } finally {
      await second.close();
    }
  });
});
