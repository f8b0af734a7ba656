/**
 * The Agents tab in a real VS Code, as a user drives it: OpenCode's config folder is found,
 * Preview diff opens VS Code's diff editor with what Switchboard would write (and writes
 * nothing), Apply writes it and the row shows when and how the agent picks it up, and Revert
 * (after the modal) puts the user's own file back, byte for byte.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { choose, input, panel } from '../harness/panelFrame';
import { useWorkbench } from '../harness/uiFixture';

/** The user's own OpenCode config, with a comment Switchboard must keep. */
const original = '{\n  // my OpenCode settings\n  "theme": "opencode"\n}\n';

describe('Agents tab (UI)', function () {
  this.timeout(150_000);
  const wb = useWorkbench({ label: 'ui-agents', waitFor: async (page) => void (await page.locator('.statusbar-item', { hasText: 'Add a provider' }).waitFor({ timeout: 60_000 })) });
  // The harness points XDG_CONFIG_HOME into the run folder; OpenCode's config lives under it.
  const configFile = () => path.join(wb().runDir, 'xdg', 'config', 'opencode', 'opencode.json');

  it('finds OpenCode by its config folder', async () => {
    fs.mkdirSync(path.dirname(configFile()), { recursive: true });
    fs.writeFileSync(configFile(), original);
    await wb().runCommand('Switchboard: Manage Providers');
    const frame = panel(wb().page);
    await frame.getByTestId('tab-agents').click();
    await frame.getByTestId('agent-found-opencode').filter({ hasText: 'config' }).waitFor({ timeout: 30_000 });
    assert.equal(await frame.getByTestId('agent-found-opencode').getAttribute('title'), path.dirname(configFile()));
    assert.equal((await frame.getByTestId('agent-found-vscode-chat').textContent())?.trim(), 'Built in');
    assert.equal((await frame.getByTestId('agent-applied-opencode').textContent())?.trim(), 'Never');
    assert.equal(await frame.getByTestId('agent-revert-opencode').getAttribute('disabled'), '', 'nothing to revert yet');
    assert.equal(await frame.getByTestId('agent-apply-vscode-chat').getAttribute('disabled'), '', 'no adapter for VS Code chat');
  });

  it('adds a local OpenAI-compatible provider for OpenCode, with a model', async () => {
    const frame = panel(wb().page);
    await frame.getByTestId('tab-providers').click();
    await frame.getByTestId('provider-add').click();
    await choose(frame, 'field-type', 'OpenAI-compatible');
    await input(frame, 'field-name').fill('Lab');
    await input(frame, 'field-baseUrl').fill('http://127.0.0.1:9/v1');
    await frame.getByTestId('agent-toggle-opencode').check();
    await frame.getByTestId('save').click();
    await frame.getByTestId('provider-row-lab').waitFor();
    await frame.getByTestId('tab-models').click();
    await frame.getByTestId('model-add').click();
    await choose(frame, 'field-providerId', 'Lab');
    await input(frame, 'field-id').fill('qwen3-coder');
    await input(frame, 'field-displayName').fill('Qwen3 Coder');
    await input(frame, 'field-contextLimit').fill('32000');
    await frame.getByTestId('save').click();
    await frame.getByTestId('model-row-lab/qwen3-coder').waitFor();
    await wb().statusBarItem(/Qwen3 Coder · Lab/).waitFor();
  });

  it('Preview diff opens the diff editor with the planned text and writes nothing', async () => {
    const { page } = wb();
    const frame = panel(page);
    await frame.getByTestId('tab-agents').click();
    await frame.getByTestId('agent-preview-opencode').click();
    await page.locator('.tabs-container .tab', { hasText: 'OpenCode: opencode.json (Switchboard preview)' }).waitFor({ timeout: 30_000 });
    const modified = page.locator('.monaco-diff-editor .editor.modified .view-lines');
    await modified.filter({ hasText: 'switchboard-lab/qwen3-coder' }).waitFor();
    assert.match((await page.locator('.monaco-diff-editor .editor.original .view-lines').textContent()) ?? '', /my\s+OpenCode\s+settings/, 'monaco renders spaces as no-break spaces');
    await wb().screenshot('agents-preview-diff');
    assert.equal(fs.readFileSync(configFile(), 'utf8'), original, 'the preview wrote nothing');
    // Back to the panel, as a user would from the palette.
    await wb().runCommand('Switchboard: Manage Providers');
    await panel(page).getByTestId('tab-agents').click();
  });

  it('Apply writes OpenCode\'s config, and the row says when it takes effect', async () => {
    const frame = panel(wb().page);
    await frame.getByTestId('agent-apply-opencode').click();
    await frame.getByTestId('agent-pickup-opencode').filter({ hasText: 'Restart' }).waitFor({ timeout: 30_000 });
    const applied = (await frame.getByTestId('agent-applied-opencode').textContent()) ?? '';
    assert.match(applied, /Qwen3 Coder · Lab/);
    assert.match(applied, /no key/, 'a keyless local provider');
    const written = fs.readFileSync(configFile(), 'utf8');
    assert.match(written, /"model": "switchboard-lab\/qwen3-coder"/);
    assert.match(written, /"baseURL": "http:\/\/127\.0\.0\.1:9\/v1"/);
    assert.match(written, /\/\/ my OpenCode settings/, 'the user\'s comment is kept');
    await frame.getByTestId('agent-revert-opencode').and(frame.locator(':not([disabled])')).waitFor({ timeout: 30_000 });
    await wb().screenshot('agents-applied');
  });

  it('Live via gateway points OpenCode at its own gateway route with the gateway token, and back', async () => {
    const frame = panel(wb().page);
    await frame.getByTestId('agent-gateway-opencode').check();
    await frame.getByTestId('agent-applied-opencode').filter({ hasText: 'through the gateway' }).waitFor({ timeout: 30_000 });
    const written = fs.readFileSync(configFile(), 'utf8');
    assert.match(written, /"baseURL": "http:\/\/127\.0\.0\.1:\d+\/a\/opencode\/openai\/v1"/);
    assert.match(written, /"model": "switchboard-gateway\/qwen3-coder"/);
    assert.match(written, /"apiKey": "sbg-/, 'the gateway token, which opens only the loopback gateway');
    assert.match(written, /\/\/ my OpenCode settings/);
    await wb().screenshot('agents-gateway');
    await frame.getByTestId('agent-gateway-opencode').uncheck();
    await frame.getByTestId('agent-applied-opencode').filter({ hasNotText: 'through the gateway' }).waitFor({ timeout: 30_000 });
    assert.match(fs.readFileSync(configFile(), 'utf8'), /"model": "switchboard-lab\/qwen3-coder"/, 'direct again');
  });

  it('Revert asks first, then restores the user\'s file and forgets the apply', async () => {
    const { page } = wb();
    const frame = panel(page);
    await frame.getByTestId('agent-revert-opencode').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.filter({ hasText: 'Restore OpenCode' }).waitFor();
    await wb().screenshot('agents-revert-confirm');
    await dialog.getByRole('button', { name: 'Revert' }).click();
    await frame.getByTestId('agent-applied-opencode').filter({ hasText: 'Never' }).waitFor({ timeout: 30_000 });
    assert.equal(fs.readFileSync(configFile(), 'utf8'), original);
    await frame.getByTestId('message').filter({ hasText: 'Restored 1 OpenCode config file' }).waitFor();
    await frame.getByTestId('agent-revert-opencode').and(frame.locator('[disabled]')).waitFor({ timeout: 30_000 });
  });
});
