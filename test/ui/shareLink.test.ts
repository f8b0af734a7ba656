/**
 * A share link reaching Switchboard's UriHandler in a real VS Code for the web (code-server).
 *
 * A browser cannot hand a `vscode://` link to a code-server tab: the browser has no handler
 * for that scheme, and code-server's `/callback` route (callback.html) only stores the URI in
 * localStorage under a request id that the workbench's LocalStorageURLCallbackProvider polls
 * for, and the workbench only polls for ids it minted itself (vscode.env.asExternalUri, used
 * by sign-in round trips), never for a link made elsewhere. What code-server does offer is
 * the workbench's own URL service: "Developer: Open URL" takes a pasted link and opens it
 * through the same handlers a desktop VS Code uses for an OS link, matched by the link's
 * authority (the extension id), after VS Code's own "Allow 'Switchboard' extension to open
 * this URI?". That is the path this test takes, as a user would.
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { emptyDocument } from '../../src/providers/document';
import { addModel, addProvider } from '../../src/providers/operations';
import { shareLinkFor } from '../../src/providers/portable/shareLink';
import { extensionId } from '../harness/paths';
import { quickInput } from '../harness/quickInput';
import { useWorkbench } from '../harness/uiFixture';
import { notification } from '../harness/workbench';

/** The link Switchboard's Share makes for one provider with one model. */
function sharedProviderLink(): string {
  let doc = emptyDocument();
  doc = addProvider({ name: 'Shared Lab', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', agents: [] })(doc).doc;
  doc = addModel('shared-lab', { id: 'lab-coder', displayName: 'Lab Coder', contextLimit: 64_000 })(doc).doc;
  const link = shareLinkFor(doc.providers[0], extensionId());
  assert.ok(link.ok, 'the provider can be shared');
  return link.value;
}

/** Developer: Open URL, then paste the link and press Enter. */
async function openLink(page: Page, runCommand: (title: string) => Promise<void>, link: string): Promise<void> {
  await runCommand('Developer: Open URL');
  await quickInput.waitOpen(page);
  await quickInput.type(page, link);
  await quickInput.enter(page);
}

/** Clicks `button` in the modal dialog that says `text`; returns what the dialog said. */
async function answerDialog(page: Page, text: string | RegExp, button: string | RegExp): Promise<string> {
  const dialog = page.locator('.monaco-dialog-box').filter({ hasText: text });
  await dialog.waitFor({ timeout: 15_000 });
  const said = (await dialog.textContent()) ?? '';
  await dialog.locator('.monaco-button', { hasText: button }).first().click();
  await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
  return said;
}

/** VS Code's own question for a link that was typed (not trusted): may the extension named by its authority open it? */
async function allowSwitchboardToOpen(page: Page): Promise<void> {
  const said = await answerDialog(page, "Allow 'Switchboard' extension to open this URI?", /^Open$/);
  assert.match(said, /vscode:\/\/switchboard\.switchboa/);
}

describe('a share link opened in VS Code for the web (UI)', function () {
  this.timeout(120_000);
  const wb = useWorkbench({ label: 'ui-link', waitFor: async (page) => void (await page.locator('.statusbar-item', { hasText: 'Add a provider' }).waitFor({ timeout: 60_000 })) });

  it('imports the shared provider after the user confirms, and its model is in the picker', async () => {
    const { page } = wb();
    await openLink(page, wb().runCommand, sharedProviderLink());
    await allowSwitchboardToOpen(page);
    // Nothing is added before Switchboard's own confirmation.
    await page.locator('.monaco-dialog-box').filter({ hasText: 'Import from a link?' }).waitFor({ timeout: 15_000 });
    await wb().screenshot('share-link-confirm');
    const said = await answerDialog(page, 'Import from a link?', /^Import$/);
    assert.match(said, /Shared Lab/);
    await wb().statusBarItem(/Lab Coder · Shared Lab$/).click();
    await quickInput.waitOpen(page, { title: 'Select Model' });
    await quickInput.row(page, 'Lab Coder').waitFor();
    await wb().screenshot('share-link-imported');
    await quickInput.escape(page);
  });

  it('refuses a link that carries a key, and adds nothing', async () => {
    const { page } = wb();
    const key = 'sk-in-a-link-4b7d19e0';
    await openLink(page, wb().runCommand, `${sharedProviderLink()}&apiKey=${key}`);
    await allowSwitchboardToOpen(page);
    const toast = await notification(page, 'Switchboard did not import the link.');
    assert.match((await toast.textContent()) ?? '', /Links never carry keys/);
    await wb().screenshot('share-link-key-refused');
    assert.equal(await page.locator('.monaco-dialog-box').filter({ hasText: 'Import from a link?' }).count(), 0, 'no import was offered');
    await wb().dispose();
    // VS Code itself remembers the last URL typed into Open URL, in the browser's storage; Switchboard kept nothing.
    assert.deepEqual(wb().leakCheck(key).filter((file) => !file.includes('browser-profile')), [], 'the refused key was stored nowhere on the server side');
  });
});
