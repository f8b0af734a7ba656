/// <reference lib="dom" />
/**
 * The proxy password as a user meets it, in a real VS Code, behind a loopback forward proxy
 * that wants credentials: in the panel's form the Proxy password field shows once the proxy URL
 * names a user, Test Connection's 407 points at it, the typed password gets through, and after
 * Save the form says "Password set ✓" and the webview holds the password nowhere. The saved one
 * is then read from SecretStorage (the proxy sees it on the next test), and offered only while
 * the proxy URL is the one it was set for. After Clear, the
 * palette's Test Connection notification offers "Set Proxy Password…", which sets it again.
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { input, panel } from '../harness/panelFrame';
import { quickInput } from '../harness/quickInput';
import { useWorkbench } from '../harness/uiFixture';
import { notification } from '../harness/workbench';
import { startForwardProxy, type ForwardProxy } from '../upstreams/forwardProxy';
import { startUpstream, type Upstream } from '../upstreams/server';

const password = 'pw-UI-LEAKCHECK-c7a3';
const key = 'sk-ui-proxy-LEAKCHECK-90be';
const basic = `Basic ${Buffer.from(`ann:${password}`).toString('base64')}`;

/** What the panel's webview holds: its DOM and every message the host posted to it. */
async function webviewHolds(page: Page, secret: string): Promise<{ dom: boolean; messages: boolean; count: number }> {
  for (const frame of page.frames()) {
    const found = await frame
      .evaluate((s) => {
        if (!document.getElementById('app')) return undefined;
        const received = (window as unknown as { __received?: unknown[] }).__received ?? [];
        return { dom: document.documentElement.outerHTML.includes(s), messages: JSON.stringify(received).includes(s), count: received.length };
      }, secret)
      .catch(() => undefined);
    if (found) return found;
  }
  throw new Error('the panel frame was not found');
}

describe('proxy password (UI)', function () {
  this.timeout(150_000);
  let up: Upstream;
  let proxy: ForwardProxy;
  before(async () => {
    up = await startUpstream({ protocols: ['openai-chat'], models: ['behind-proxy'], expectedKey: key });
    proxy = await startForwardProxy({ credentials: { user: 'ann', password } });
  });
  after(async () => {
    await proxy?.close();
    await up?.close();
  });
  const wb = useWorkbench({ label: 'ui-proxy-password', waitFor: async (page) => void (await page.locator('.statusbar-item', { hasText: 'Add a provider' }).waitFor({ timeout: 60_000 })) });

  it('adds a provider behind the proxy; the 407 points at the password field, and the typed password gets through', async () => {
    const { page } = wb();
    await wb().runCommand('Switchboard: Manage Providers');
    const frame = panel(page);
    await frame.getByTestId('providers-empty').waitFor({ timeout: 30_000 });
    // Record every message the host posts to the webview, for the check after Save.
    for (const f of page.frames()) {
      await f
        .evaluate(() => {
          if (!document.getElementById('app')) return;
          const seen: unknown[] = ((window as unknown as { __received: unknown[] }).__received = []);
          window.addEventListener('message', (event) => seen.push(event.data));
        })
        .catch(() => undefined);
    }

    await frame.getByTestId('provider-add').click();
    await frame.getByTestId('provider-form').waitFor();
    await input(frame, 'field-name').fill('Corp Lab');
    await input(frame, 'field-baseUrl').fill(`${up.url}/v1`);
    await frame.getByTestId('field-key').locator('input').fill(key);
    await frame.getByTestId('advanced-toggle').click();
    await input(frame, 'field-network.proxy').fill(`http://127.0.0.1:${proxy.port}`);
    assert.equal(await frame.getByTestId('field-network.proxyPassword').count(), 0, 'no user name, no password field');
    await input(frame, 'field-network.proxy').fill(`http://ann@127.0.0.1:${proxy.port}`);
    const field = frame.getByRole('textbox', { name: 'Proxy password' });
    await field.waitFor();

    await frame.getByTestId('test-connection').click();
    await frame.getByTestId('error-network.proxyPassword').filter({ hasText: 'The proxy asks for the password of ann.' }).waitFor({ timeout: 30_000 });
    await frame.getByTestId('form-message').filter({ hasText: 'type it in Proxy password under Advanced → Network' }).waitFor();
    await wb().screenshot('panel-proxy-password-407');

    await field.fill(password);
    await frame.getByTestId('test-connection').click();
    await frame.getByTestId('message').filter({ hasText: 'is reachable' }).waitFor({ timeout: 30_000 });
    assert.equal(proxy.requests.at(-1)?.proxyAuthorization, basic, 'the typed password went to the proxy');
  });

  it('saves it: the form says "Password set ✓" and the webview holds it nowhere; the next test reads it from secret storage', async () => {
    const { page } = wb();
    const frame = panel(page);
    await frame.getByTestId('save').click();
    await frame.getByTestId('provider-row-corp-lab').waitFor();
    await frame.getByTestId('edit-provider-corp-lab').click();
    await frame.getByTestId('proxy-password-status').filter({ hasText: 'Password set ✓' }).waitFor();
    await frame.getByTestId('proxy-password-replace').waitFor();
    await frame.getByTestId('proxy-password-clear').waitFor();
    await wb().screenshot('panel-proxy-password-set');
    const held = await webviewHolds(page, password);
    assert.equal(held.dom, false, 'the password is not in the webview DOM');
    assert.equal(held.messages, false, 'no message to the webview carries it');
    assert.ok(held.count > 0, 'messages to the webview were recorded');

    // Only SecretStorage has it now: the saved provider's test sends it.
    const before = proxy.requests.length;
    await frame.getByTestId('test-connection').click();
    await frame.getByTestId('message').filter({ hasText: 'is reachable' }).waitFor({ timeout: 30_000 });
    assert.ok(proxy.requests.length > before, 'the test went through the proxy');
    assert.equal(proxy.requests.at(-1)?.proxyAuthorization, basic, 'with the password read from secret storage');

    // Another proxy host: the stored password is not for it, so the form no longer says it is
    // set (saving would drop it); back to the saved proxy, it is offered again.
    const proxyField = input(frame, 'field-network.proxy');
    const saved = await proxyField.inputValue();
    await proxyField.fill(saved.replace('127.0.0.1', 'proxy.example.test'));
    await frame.getByTestId('proxy-password-status').waitFor({ state: 'hidden' });
    await proxyField.fill(saved);
    await frame.getByTestId('proxy-password-status').filter({ hasText: 'Password set ✓' }).waitFor();
  });

  it('after Clear, the palette\'s 407 notification offers Set Proxy Password…, which sets it again', async () => {
    const { page } = wb();
    const frame = panel(page);
    await frame.getByTestId('proxy-password-clear').click();
    await frame.getByTestId('proxy-password-undo').waitFor();
    await frame.getByTestId('save').click();
    // The closed form hands focus to the provider's row on the next frame: wait for it, or it
    // lands in the middle of the palette's typing below.
    await frame.locator('[data-testid="provider-row-corp-lab"]:focus').waitFor();

    await wb().runCommand('Switchboard: Test Connection');
    const toast = await notification(page, 'HTTP 407', 30_000);
    const button = toast.getByRole('button', { name: 'Set Proxy Password…' });
    await button.waitFor();
    await wb().screenshot('palette-proxy-407-button');
    await button.click();
    await quickInput.waitOpen(page, { title: 'Proxy password of ann for “Corp Lab”' });
    await quickInput.type(page, password);
    await quickInput.enter(page);
    await notification(page, 'Proxy password for “Corp Lab” saved.');

    // The panel follows: the form opened again says it is set.
    await wb().runCommand('Switchboard: Manage Providers');
    await frame.getByTestId('edit-provider-corp-lab').click();
    await frame.getByTestId('proxy-password-status').filter({ hasText: 'Password set ✓' }).waitFor();
    await frame.getByTestId('cancel').click();
  });

  it('leaves the password in no file but the browser\'s encrypted secret store', async () => {
    await wb().dispose();
    assert.deepEqual(wb().leakCheck(password), []);
  });
});
