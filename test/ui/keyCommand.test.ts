/// <reference lib="dom" />
/**
 * A key from a password manager's command, as a user sets it in a real VS Code: in the panel's
 * form, "Use a command…" opens VS Code's input box (the command is never typed in the webview),
 * the command runs once, the form and the row then say "Key from a command ✓", and Test
 * Connection reaches the upstream with the key the command printed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { panel, startProviderForm } from '../harness/panelFrame';
import { quickInput } from '../harness/quickInput';
import { useWorkbench } from '../harness/uiFixture';
import { startUpstream, type Upstream } from '../upstreams/server';

const typedKey = 'sk-ui-typed-LEAKCHECK-11aa';
const vaultKey = 'sk-ui-vault-LEAKCHECK-22bb';

/** A stand-in for a password manager's CLI, outside the run folder the leak check reads: `vault read <item>` prints the key. */
function fakeVault(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-ui-vault-'));
  const file = path.join(dir, 'vault');
  fs.writeFileSync(file, `#!/bin/sh\n[ "$1" = read ] && [ "$2" = ai/openai ] || { echo "vault: no item $2" >&2; exit 4; }\nprintf '%s\\n' '${vaultKey}'\n`, { mode: 0o755 });
  return file;
}

describe('a key from a command (UI)', function () {
  this.timeout(150_000);
  let up: Upstream;
  let vault: string;
  before(async () => {
    vault = fakeVault();
    up = await startUpstream({ protocols: ['openai-chat'], models: ['vault-model'], expectedKey: vaultKey });
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

  it('leaves no key in any file but the encrypted secret store', async () => {
    await wb().dispose();
    assert.deepEqual(wb().leakCheck(vaultKey), []);
    assert.deepEqual(wb().leakCheck(typedKey), []);
  });
});
