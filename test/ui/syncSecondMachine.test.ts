/**
 * Settings Sync to a second machine, with two real VS Codes: machine A is one code-server with
 * its own user-data dir and browser profile, where a user adds two providers with their keys;
 * machine B is a second code-server with a fresh user-data dir and a fresh browser profile,
 * whose globalState holds what Settings Sync carries of A's (only the keys Switchboard
 * registered with setKeysForSync; no SecretStorage entry). On B the user meets "Key needed on
 * this machine", enters a key from the status-bar picker, and the model becomes usable. A
 * keeps its own key and document. The keys are proved by what a loopback upstream received.
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { putSyncedState, syncedState } from '../harness/browserStorage';
import { extensionId } from '../harness/paths';
import { quickInput } from '../harness/quickInput';
import { startWorkbench, type Workbench } from '../harness/uiFixture';
import { notification } from '../harness/workbench';
import { startUpstream, type Upstream } from '../upstreams/server';

const documentKey = 'switchboard.document';
const keys = { workOnA: 'sk-machine-A-work-5d1e9b', labOnA: 'sk-machine-A-lab-77c0aa', workOnB: 'sk-machine-B-work-c3f812', labOnB: 'sk-machine-B-lab-9a04e6' };
const needsKey = 'Key needed on this machine';

/** Waits for the step whose title shows `step`, then types and presses Enter. */
async function answer(page: Page, step: string, text: string): Promise<void> {
  await quickInput.waitOpen(page, { title: `(${step})` });
  await quickInput.type(page, text);
  await quickInput.enter(page);
}

/**
 * Add Provider (OpenAI, pointed at the loopback upstream, no agents) with its key, then one
 * model, from the palette. OpenAI needs its key wherever it points (an OpenAI-compatible
 * server on loopback would not), so a machine without the key cannot use it.
 */
async function addProviderWithModel(wb: Workbench, name: string, baseUrl: string, key: string, model: { id: string; name: string }): Promise<void> {
  const { page } = wb;
  await wb.runCommand('Switchboard: Add Provider');
  await quickInput.waitOpen(page, { title: '(1/5)' });
  await quickInput.type(page, 'OpenAI');
  await quickInput.selectRow(page, 'OpenAI');
  await answer(page, '2/5', name);
  await answer(page, '3/5', baseUrl);
  await answer(page, '4/5', key);
  await quickInput.waitOpen(page, { title: '(5/5)' });
  await quickInput.enter(page);
  await quickInput.waitClosed(page);
  const toast = await notification(page, `Added provider “${name}”`);
  await toast.locator('.monaco-button', { hasText: 'Add Model' }).click();
  await answer(page, '1/3', model.id);
  await answer(page, '2/3', model.name);
  await answer(page, '3/3', '128k');
  await quickInput.waitClosed(page);
}

/** A picker row (the list is small: every row is rendered). */
function pickerRow(page: Page, label: string) {
  return quickInput.row(page, label);
}

/** Clicks a button of a notification: on its toast, or in the notification center once the toast has gone. */
async function clickNotificationButton(wb: Workbench, text: string, button: string): Promise<void> {
  // The status bar item's hover (the pointer was left on it) would cover the toast's buttons.
  await wb.page.mouse.move(600, 300);
  await wb.page.locator('.monaco-hover, .workbench-hover').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  const toast = wb.page.locator('.notifications-toasts .notification-toast').filter({ hasText: text }).first();
  if (!(await toast.isVisible())) await wb.runCommand('Notifications: Show Notifications');
  const item = toast.or(wb.page.locator('.notifications-center .notification-list-item').filter({ hasText: text })).first();
  await item.locator('.monaco-button', { hasText: button }).click({ timeout: 15_000 });
}

/** Test Connection on one provider; resolves with the credential the upstream received. */
async function testConnection(wb: Workbench, up: Upstream, provider: string): Promise<string | undefined> {
  const before = up.requests.length;
  await wb.runCommand('Switchboard: Test Connection');
  await quickInput.waitOpen(wb.page, { title: 'Test Connection' });
  await quickInput.selectRow(wb.page, provider);
  await notification(wb.page, `“${provider}” is reachable and the key works`, 30_000);
  const request = await up.waitFor((r) => up.requests.indexOf(r) >= before && r.path.endsWith('/models'), 15_000);
  return request.apiKey;
}

describe('Settings Sync to a second machine (two code-servers, UI)', function () {
  this.timeout(240_000);
  let up: Upstream;
  let machineA: Workbench | undefined;
  let machineB: Workbench | undefined;
  let syncedFromA: Record<string, unknown>;
  const a = () => machineA ?? assert.fail('machine A did not start');
  const b = () => machineB ?? assert.fail('machine B did not start');

  before(async function () {
    this.timeout(150_000);
    up = await startUpstream({ protocols: ['openai-responses'] });
    machineA = await startWorkbench({ label: 'ui-sync-a', waitFor: async (page) => void (await page.locator('.statusbar-item', { hasText: 'Add a provider' }).waitFor({ timeout: 60_000 })) });
  });
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    for (const [name, wb] of [['A', machineA], ['B', machineB]] as const) await wb?.screenshot(`FAILED-${this.currentTest.fullTitle()}-machine-${name}`).catch(() => undefined);
  });
  after(async function () {
    this.timeout(60_000);
    await machineB?.dispose();
    await machineA?.dispose();
    await up?.close();
  });

  it('machine A: two providers with their keys, and a model each', async () => {
    await addProviderWithModel(a(), 'Work', `${up.url}/v1`, keys.workOnA, { id: 'gpt-work', name: 'Work GPT' });
    await addProviderWithModel(a(), 'Lab', `${up.url}/v1`, keys.labOnA, { id: 'gpt-lab', name: 'Lab GPT' });
    await a().statusBarItem(/Work GPT · Work$/).waitFor();

    syncedFromA = await syncedState(a().page, extensionId(), documentKey);
    assert.deepEqual(Object.keys(syncedFromA), [documentKey], 'Settings Sync carries the provider document and nothing else');
    const text = JSON.stringify(syncedFromA);
    assert.match(text, /gpt-work/);
    assert.match(text, /gpt-lab/);
    for (const key of [keys.workOnA, keys.labOnA]) assert.ok(!text.includes(key), 'no key in what syncs');
  });

  it('machine B: a fresh VS Code with the synced document says "Key needed on this machine" for both providers', async function () {
    this.timeout(150_000);
    machineB = await startWorkbench({
      label: 'ui-sync-b',
      beforeOpen: (page, server) => putSyncedState(page, server.url, extensionId(), syncedFromA),
      waitFor: async (page) => void (await page.locator('.statusbar-item', { hasText: 'Key needed' }).waitFor({ timeout: 60_000 })),
    });
    assert.notEqual(b().server.userDataDir, a().server.userDataDir);
    assert.notEqual(b().browser.profileDir, a().browser.profileDir);
    const { page } = b();
    await notification(page, '2 providers need a key on this machine: “Work” and “Lab”.', 30_000);
    await b().statusBarItem('Switchboard: Key needed').click();
    await quickInput.waitOpen(page, { title: 'Select Model' });
    for (const [provider, model] of [['Work', 'Work GPT'], ['Lab', 'Lab GPT']]) {
      await quickInput.widget(page).locator('.monaco-list-row', { hasText: `${provider} · ${needsKey}` }).first().waitFor();
      const row = pickerRow(page, model);
      await row.waitFor();
      assert.match((await row.textContent()) ?? '', new RegExp(`${provider} · .*${needsKey}`));
    }
    await b().screenshot('sync-second-machine-key-needed');
    await quickInput.escape(page);
  });

  it("machine B: the offer's Enter Key… asks which provider, takes its key, and that provider's model is usable", async () => {
    const { page } = b();
    await clickNotificationButton(b(), '2 providers need a key on this machine', 'Enter Key…');
    await quickInput.waitOpen(page, { title: 'Enter a key on this machine' });
    assert.deepEqual((await quickInput.rows(page)).sort(), ['Lab', 'Work']);
    await quickInput.selectRow(page, 'Lab');
    await quickInput.waitOpen(page, { title: 'API key for “Lab”' });
    await quickInput.type(page, keys.labOnB);
    await quickInput.enter(page);
    await notification(page, 'Key for “Lab” saved.');
    // Lab's model is the only usable one, so it becomes the active one.
    await b().statusBarItem(/Lab GPT · Lab$/).click();
    await quickInput.waitOpen(page, { title: 'Select Model' });
    await pickerRow(page, 'Lab GPT').waitFor();
    assert.ok(!((await pickerRow(page, 'Lab GPT').textContent()) ?? '').includes(needsKey), 'Lab GPT is usable');
    assert.match((await pickerRow(page, 'Work GPT').textContent()) ?? '', new RegExp(needsKey), 'Work still needs its key here');
    await quickInput.escape(page);
  });

  it('machine B: picking a model that needs a key asks for it, and then that model is usable and active', async () => {
    const { page } = b();
    await b().statusBarItem(/Lab GPT · Lab$/).click();
    await quickInput.waitOpen(page, { title: 'Select Model' });
    await pickerRow(page, 'Work GPT').click();
    await quickInput.waitOpen(page, { title: 'API key for “Work”' });
    await quickInput.type(page, keys.workOnB);
    await quickInput.enter(page);
    await b().statusBarItem(/Work GPT · Work$/).waitFor({ timeout: 30_000 });

    await b().statusBarItem(/Work GPT · Work$/).click();
    await quickInput.waitOpen(page, { title: 'Select Model' });
    const work = pickerRow(page, 'Work GPT');
    await work.waitFor();
    const workText = (await work.textContent()) ?? '';
    assert.ok(!workText.includes(needsKey), `Work GPT is usable: ${workText}`);
    assert.ok(!((await pickerRow(page, 'Lab GPT').textContent()) ?? '').includes(needsKey), 'Lab GPT stays usable');
    await b().screenshot('sync-second-machine-key-entered');
    await quickInput.escape(page);

    assert.equal(await testConnection(b(), up, 'Work'), keys.workOnB, "B's requests carry the keys entered on B");
    assert.equal(await testConnection(b(), up, 'Lab'), keys.labOnB);
  });

  it('machine A is not broken: its key and its document are unchanged', async () => {
    assert.equal(await testConnection(a(), up, 'Work'), keys.workOnA, "A's requests still carry A's key");
    assert.equal(await testConnection(a(), up, 'Lab'), keys.labOnA);
    assert.deepEqual(await syncedState(a().page, extensionId(), documentKey), syncedFromA, "A's document is as it was");
    await a().statusBarItem(/Work GPT · Work$/).waitFor();
  });

  it('no file on either machine holds a key in plain text', async () => {
    await b().dispose();
    await a().dispose();
    for (const key of [keys.workOnB, keys.labOnB]) assert.deepEqual([...a().leakCheck(key), ...b().leakCheck(key)], []);
    for (const key of [keys.workOnA, keys.labOnA]) assert.deepEqual([...a().leakCheck(key), ...b().leakCheck(key)], []);
  });
});
