/// <reference lib="dom" />
/**
 * A key from a password manager's command, as a user sets it in a real VS Code: in the panel's
 * form, "Use a command…" opens VS Code's input box (the command is never typed in the webview),
 * the command runs once, the form and the row then say "Key from a command ✓", and Test
 * Connection reaches the upstream with the key the command printed. A key rotated in the vault
 * is fetched again when the upstream refuses the old one; a locked vault shows on the row and
 * the form until it opens. Clearing names the command, and Set API Key's box offers the
 * command route by keyboard.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { panel, startProviderForm } from '../harness/panelFrame';
import { quickInput } from '../harness/quickInput';
import { useWorkbench } from '../harness/uiFixture';
import { startUpstream, type Upstream, type UpstreamOptions } from '../upstreams/server';

const typedKey = 'sk-ui-typed-LEAKCHECK-11aa';
const vaultKey = 'sk-ui-vault-LEAKCHECK-22bb';
const rotatedKey = 'sk-ui-rotated-LEAKCHECK-33cc';
const laterKey = 'sk-ui-later-LEAKCHECK-44dd';
/** The start of the key box's button's tooltip (setApiKey.ts; VS Code may append its keybinding). */
const keyCommandButton = 'Use a Key Command…';

/**
 * A stand-in for a password manager's CLI, outside the run folder the leak check reads:
 * `vault read <item>` prints the key in the file `key` beside it, unless a file `locked` is there.
 */
function fakeVault(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-ui-vault-'));
  const file = path.join(dir, 'vault');
  fs.writeFileSync(path.join(dir, 'key'), `${vaultKey}\n`);
  const script = [
    '#!/bin/sh',
    '[ "$1" = read ] && [ "$2" = ai/openai ] || { echo "vault: no item $2" >&2; exit 4; }',
    `[ -f '${dir}/locked' ] && { echo 'vault: the vault is locked' >&2; exit 5; }`,
    `cat '${dir}/key'`,
  ];
  fs.writeFileSync(file, `${script.join('\n')}\n`, { mode: 0o755 });
  return file;
}

describe('a key from a command (UI)', function () {
  this.timeout(150_000);
  let up: Upstream;
  let vault: string;
  const upstream: UpstreamOptions = { protocols: ['openai-chat'], models: ['vault-model'], expectedKey: vaultKey };
  /** What the vault holds now, or `locked`. */
  const vaultHas = (key: string | 'locked') => {
    const dir = path.dirname(vault);
    if (key === 'locked') fs.writeFileSync(path.join(dir, 'locked'), '');
    else {
      fs.rmSync(path.join(dir, 'locked'), { force: true });
      fs.writeFileSync(path.join(dir, 'key'), `${key}\n`);
    }
  };
  before(async () => {
    vault = fakeVault();
    up = await startUpstream(upstream);
  });
  after(async () => {
    await up?.close();
    if (vault) fs.rmSync(path.dirname(vault), { recursive: true, force: true });
  });
  const wb = useWorkbench({ label: 'ui-key-command', waitFor: async (page) => void (await page.locator('.statusbar-item', { hasText: 'Add a provider' }).waitFor({ timeout: 60_000 })) });

  it('takes the key from the command typed in VS Code\'s input box, and Test Connection sends that key', async () => {
    const { page } = wb();
    const frame = await startProviderForm(wb(), { name: 'Vault Lab', baseUrl: `${up.url}/v1`, key: typedKey });
    assert.equal(await frame.getByTestId('key-use-command').count(), 0, 'a provider not yet saved has no command to keep');
    await frame.getByTestId('save').click();
    await frame.getByTestId('provider-row-vault-lab').waitFor();

    await frame.getByTestId('edit-provider-vault-lab').click();
    await frame.getByTestId('key-status').filter({ hasText: 'Key set ✓' }).waitFor();
    await frame.getByTestId('key-use-command').click();
    await quickInput.waitOpen(page, { title: 'Key command for “Vault Lab”' });
    await quickInput.type(page, `${vault} read ai/openai`);
    await quickInput.enter(page);
    await quickInput.waitClosed(page);
    await frame.getByTestId('key-status').filter({ hasText: 'Key from a command ✓' }).waitFor({ timeout: 15_000 });
    await frame.getByTestId('key-state-vault-lab').filter({ hasText: 'Key from a command ✓' }).waitFor();
    await wb().screenshot('panel-key-from-command');

    await frame.getByTestId('test-connection').click();
    await frame.getByTestId('message').filter({ hasText: 'is reachable' }).waitFor({ timeout: 30_000 });
    const call = await up.waitFor((r) => r.apiKey === vaultKey, 5000);
    assert.equal(call.apiKey, vaultKey, 'the key the command printed');
  });

  it('a failing command says why under the box, and leaves the stored key as it was', async () => {
    const { page } = wb();
    const frame = panel(page);
    await frame.getByTestId('key-use-command').click();
    await quickInput.waitOpen(page, { title: 'Key command for “Vault Lab”' });
    await quickInput.type(page, `${vault} read ai/nothing`);
    await quickInput.enter(page);
    await page.locator('.quick-input-widget .quick-input-message').filter({ hasText: 'exited with code 4: vault: no item ai/nothing' }).waitFor({ timeout: 15_000 });
    await quickInput.escape(page);
    await frame.getByTestId('key-status').filter({ hasText: 'Key from a command ✓' }).waitFor();
    await frame.getByTestId('cancel').click();
  });

  it('a key rotated in the vault: Test Connection fetches it when the old one is refused; a locked vault shows until it opens', async () => {
    const { page } = wb();
    const frame = panel(page);
    await frame.getByTestId('edit-provider-vault-lab').click();
    await frame.getByTestId('key-status').filter({ hasText: 'Key from a command ✓' }).waitFor();
    vaultHas(rotatedKey);
    upstream.expectedKey = rotatedKey;
    const before = up.requests.length;
    await frame.getByTestId('test-connection').click();
    await up.waitFor((r) => r.apiKey === rotatedKey, 30_000);
    assert.deepEqual(up.requests.slice(before).map((r) => r.apiKey), [vaultKey, rotatedKey], 'refused once, then the rotated key');

    // Rotated again while the vault is locked: the command fails, and the form and the row say so at once.
    vaultHas('locked');
    upstream.expectedKey = laterKey;
    await frame.getByTestId('test-connection').click();
    await frame.getByTestId('message').filter({ hasText: 'vault is locked' }).waitFor({ timeout: 30_000 });
    await frame.getByTestId('key-status').filter({ hasText: 'Key command failing ⚠' }).waitFor();
    const row = frame.getByTestId('key-state-vault-lab');
    await row.filter({ hasText: 'Key command failing ⚠' }).waitFor();
    assert.match((await row.getAttribute('title')) ?? '', /exited with code 5: vault: the vault is locked/);
    await wb().screenshot('panel-key-command-failing');

    vaultHas(laterKey);
    await frame.getByTestId('test-connection').click();
    await up.waitFor((r) => r.apiKey === laterKey, 30_000);
    await frame.getByTestId('message').filter({ hasText: 'is reachable' }).waitFor({ timeout: 30_000 });
    await row.filter({ hasText: 'Key from a command ✓' }).waitFor();
    await frame.getByTestId('key-status').filter({ hasText: 'Key from a command ✓' }).waitFor();
    assert.equal(up.requests.at(-1)?.apiKey, laterKey);
  });

  it('Clear says the key command goes; Set API Key\'s box then takes it from a command again, by keyboard', async () => {
    const { page } = wb();
    const frame = panel(page);
    await frame.getByTestId('key-clear').click();
    await frame.getByTestId('key-status').filter({ hasText: 'The key command will be removed when you save' }).waitFor();
    await frame.getByTestId('save').click();
    await frame.getByTestId('key-state-vault-lab').filter({ hasText: 'Key needed on this machine' }).waitFor({ timeout: 15_000 });

    await wb().runCommand('Switchboard: Set API Key');
    await quickInput.waitOpen(page, { title: 'API key for “Vault Lab”' });
    assert.match(await quickInput.message(page), /Use a Key Command…/);
    // The button is in the box's title bar, before the input: Shift+Tab reaches it, Enter presses it.
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    await page.keyboard.press('Shift+Tab');
    assert.ok((await focused()).startsWith(keyCommandButton), `Shift+Tab reaches the button (focus: ${await focused()})`);
    await page.keyboard.press('Enter');
    await quickInput.waitOpen(page, { title: 'Key command for “Vault Lab”' });
    await quickInput.type(page, `${vault} read ai/openai`);
    await quickInput.enter(page);
    await quickInput.waitClosed(page);
    await frame.getByTestId('key-state-vault-lab').filter({ hasText: 'Key from a command ✓' }).waitFor({ timeout: 15_000 });
  });

  it('leaves no key in any file but the encrypted secret store', async () => {
    await wb().dispose();
    for (const key of [vaultKey, typedKey, rotatedKey, laterKey]) assert.deepEqual(wb().leakCheck(key), [], key);
  });
});
