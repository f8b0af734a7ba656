/**
 * UI smoke: the real, built extension installed in code-server, seen by a user in Chromium.
 * Deliberately loose about the extension's own UI, which is still being written: it checks
 * what VS Code shows about any installed extension, plus a status bar item labelled
 * "Switchboard".
 */
import * as assert from 'node:assert/strict';
import { extensionId, extensionManifest } from '../harness/paths';
import { readActivationTime } from '../harness/runtimeExtensions';
import { useWorkbench } from '../harness/uiFixture';

describe('UI smoke: workbench with Switchboard installed', function () {
  this.timeout(120_000);
  const wb = useWorkbench({ label: 'ui-smoke' });

  it('loads the workbench on the sample workspace', async () => {
    const { page } = wb();
    await page.locator('.monaco-workbench .part.editor').waitFor({ state: 'visible' });
    await wb().screenshot('smoke-workbench');
  });

  it('lists Switchboard among the installed extensions', async () => {
    const { page } = wb();
    await wb().runCommand('View: Show Extensions');
    const search = page.locator('.extensions-viewlet .suggest-input-container');
    await search.click();
    await page.keyboard.type('@installed switchboard');
    const row = page.locator(`.extensions-viewlet .monaco-list-row[data-extension-id=${JSON.stringify(extensionId())}]`);
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match((await row.locator('.name').textContent()) ?? '', /Switchboard/);
    await wb().screenshot('smoke-extensions-view');
  });

  it('is running: VS Code reports its activation time', async () => {
    const report = await readActivationTime(wb().page, extensionManifest().name);
    assert.ok(report.ms >= 0, report.text);
    await wb().screenshot('smoke-running-extensions');
  });

  it('shows a status bar item labelled Switchboard', async () => {
    await wb().statusBarItem('Switchboard').waitFor({ state: 'visible', timeout: 30_000 });
  });
});
