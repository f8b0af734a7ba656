/// <reference lib="dom" />
/**
 * The settings panel in a real VS Code, as a user drives it: open it from the palette, add a
 * provider with the form (an invalid URL first), add an Anthropic model with thinking and
 * effort, star it and watch the status bar, be refused deleting an assigned provider, and
 * look at every tab in dark and light. The key typed into the form never reaches the webview.
 */
import * as assert from 'node:assert/strict';
import { quickInput } from '../harness/quickInput';
import { choose, input, panel } from '../harness/panelFrame';
import { useWorkbench } from '../harness/uiFixture';
import { waitForWorkbench } from '../harness/workbench';

const key = 'sk-ant-PANEL-LEAKCHECK-5d1e';

describe('settings panel (UI)', function () {
  this.timeout(120_000);
  const wb = useWorkbench({ label: 'ui-panel', waitFor: async (page) => void (await page.locator('.statusbar-item', { hasText: 'Add a provider' }).waitFor({ timeout: 60_000 })) });

  it('opens from the palette on the Providers tab', async () => {
    await wb().runCommand('Switchboard: Manage Providers');
    const frame = panel(wb().page);
    await frame.getByTestId('providers-empty').waitFor({ timeout: 30_000 });
    // Record every message the host posts to the webview, for the key check at the end.
    for (const frameHandle of wb().page.frames()) {
      await frameHandle
        .evaluate(() => {
          if (!document.getElementById('app')) return;
          const seen: unknown[] = ((window as unknown as { __received: unknown[] }).__received = []);
          window.addEventListener('message', (event) => seen.push(event.data));
        })
        .catch(() => undefined);
    }
  });

  it('adds a provider with the form, showing an invalid URL inline first', async () => {
    const frame = panel(wb().page);
    await frame.getByTestId('provider-add').click();
    await frame.getByTestId('provider-form').waitFor();
    await choose(frame, 'field-type', 'OpenAI-compatible');
    await input(frame, 'field-name').fill('Lab Gateway');
    await input(frame, 'field-baseUrl').fill('gateway.example.com/v1');
    await frame.getByTestId('agent-toggle-claude-code').check();
    await frame.getByTestId('save').click();
    await frame.getByTestId('error-baseUrl').filter({ hasText: 'absolute URL' }).waitFor();
    await wb().screenshot('panel-provider-invalid-url');
    await input(frame, 'field-baseUrl').fill('http://127.0.0.1:9/v1');
    await frame.getByTestId('save').click();
    await frame.getByTestId('provider-row-lab-gateway').waitFor();
    assert.match((await frame.getByTestId('provider-row-lab-gateway').textContent()) ?? '', /Claude Code/);
  });

  it('edits network settings in Advanced, with inline errors and the certificate warning, and tests the connection', async () => {
    const frame = panel(wb().page);
    await frame.getByTestId('edit-provider-lab-gateway').click();
    await frame.getByTestId('provider-form').waitFor();
    await frame.getByTestId('advanced-toggle').click();
    await input(frame, 'field-network.proxy').fill('socks5://proxy.corp:1080');
    await input(frame, 'field-network.noProxy').fill('10.0.0.0/8');
    await frame.getByTestId('save').click();
    await frame.getByTestId('error-network.proxy').filter({ hasText: 'http or https' }).waitFor();
    await frame.getByTestId('error-network.noProxy').filter({ hasText: 'CIDR' }).waitFor();
    await input(frame, 'field-network.proxy').fill('');
    await input(frame, 'field-network.noProxy').fill('localhost');
    await input(frame, 'field-network.timeout').fill('2');
    await frame.getByTestId('field-network.allowInvalidCertificate').check();
    await frame.getByTestId('insecure-warning').waitFor();
    await wb().screenshot('panel-provider-network');
    // Port 9 on loopback is one fetch refuses to use (as browsers do): the answer says so and how to fix it.
    await frame.getByTestId('test-connection').click();
    await frame.getByTestId('message').filter({ hasText: 'another port' }).waitFor({ timeout: 30_000 });
    await frame.getByTestId('save').click();
    await frame.getByTestId('provider-row-lab-gateway').waitFor();
    await frame.getByTestId('edit-provider-lab-gateway').click();
    assert.equal(await frame.getByTestId('advanced').getAttribute('open'), '', 'Advanced opens when network settings are set');
    assert.equal(await input(frame, 'field-network.timeout').inputValue(), '2');
    await frame.getByTestId('cancel').click();
    await frame.getByTestId('provider-row-lab-gateway').waitFor();
  });

  it('adds an Anthropic provider with a key, and a model with thinking and effort', async () => {
    const frame = panel(wb().page);
    await frame.getByTestId('provider-add').click();
    await choose(frame, 'field-type', 'Anthropic');
    await input(frame, 'field-name').fill('Claude Direct');
    await input(frame, 'field-key').fill(key);
    await frame.getByTestId('save').click();
    await frame.getByTestId('provider-row-claude-direct').waitFor();
    // A save's changes (the document, then the key) reach the panel as one state: the row never reads "Key needed".
    assert.match((await frame.getByTestId('key-state-claude-direct').textContent()) ?? '', /Key set/);

    await frame.getByTestId('tab-models').click();
    await frame.getByTestId('model-add').click();
    await frame.getByTestId('model-form').waitFor();
    await choose(frame, 'field-providerId', 'Claude Direct');
    await input(frame, 'field-id').fill('claude-sonnet-4-5');
    await input(frame, 'field-displayName').fill('Sonnet 4.5');
    await input(frame, 'field-contextLimit').fill('200000');
    await input(frame, 'field-maxOutputTokens').fill('64000');
    await input(frame, 'field-options.thinkingBudgetTokens').fill('16000');
    await frame.getByTestId('field-options.effort').locator('[data-value="high"]').click();
    await wb().screenshot('panel-model-form');
    await frame.getByTestId('save').click();
    await frame.getByTestId('model-row-claude-direct/claude-sonnet-4-5').waitFor();
    // The only chat model of a usable provider: the status bar shows it.
    await wb().statusBarItem(/Sonnet 4\.5 · Claude Direct/).waitFor();
  });

  it('stars a model as default and the status bar follows', async () => {
    const frame = panel(wb().page);
    await frame.getByTestId('model-add').click();
    await choose(frame, 'field-providerId', 'Claude Direct');
    await input(frame, 'field-id').fill('claude-opus-4-1');
    await input(frame, 'field-displayName').fill('Opus 4.1');
    await input(frame, 'field-contextLimit').fill('200000');
    await frame.getByTestId('save').click();
    const star = frame.getByTestId('star-claude-direct/claude-opus-4-1');
    await star.waitFor();
    assert.equal(await star.getAttribute('aria-pressed'), 'false');
    await star.click();
    await wb().statusBarItem(/Opus 4\.1 · Claude Direct/).waitFor();
    assert.equal(await star.getAttribute('aria-pressed'), 'true');
  });

  it('refuses to delete a provider an agent uses, naming the agent', async () => {
    const frame = panel(wb().page);
    await frame.getByTestId('tab-providers').click();
    await frame.getByTestId('delete-provider-lab-gateway').click();
    await frame.getByTestId('delete-provider-lab-gateway-confirm').click();
    await frame.getByTestId('message').filter({ hasText: 'Claude Code' }).waitFor();
    await frame.getByTestId('provider-row-lab-gateway').waitFor();
    await wb().screenshot('panel-delete-refused');
  });

  it('never sends the typed key to the webview', async () => {
    const page = wb().page;
    let checked = 0;
    for (const frame of page.frames()) {
      const found = await frame
        .evaluate((secret) => {
          if (!document.getElementById('app')) return undefined;
          const received = (window as unknown as { __received?: unknown[] }).__received ?? [];
          return { dom: document.documentElement.outerHTML.includes(secret), messages: JSON.stringify(received).includes(secret), count: received.length };
        }, key)
        .catch(() => undefined);
      if (!found) continue;
      checked++;
      assert.equal(found.dom, false, 'the key is not in the webview DOM');
      assert.equal(found.messages, false, 'no message to the webview carries the key');
      assert.ok(found.count > 0, 'messages to the webview were recorded');
    }
    assert.equal(checked, 1, 'the panel frame was inspected');
  });

  it('updates live when the palette changes something', async () => {
    const { page } = wb();
    const frame = panel(page);
    await frame.getByTestId('tab-providers').click();
    await wb().runCommand('Switchboard: Add Provider');
    for (const [step, text] of [['1/5', 'Ollama'], ['2/5', ''], ['3/5', ''], ['4/5', ''], ['5/5', '']] as const) {
      await quickInput.waitOpen(page, { title: `(${step})` });
      if (text) await quickInput.type(page, text);
      await quickInput.enter(page);
    }
    await quickInput.waitClosed(page);
    await frame.getByTestId('provider-row-ollama').waitFor();
  });

  it('moves between tabs from the keyboard as the WAI-ARIA tabs pattern says', async () => {
    const { page } = wb();
    const frame = panel(page);
    /** What a keyboard or screen-reader user meets: the selected tab, where focus is, what Tab reaches, the panel shown. */
    const tabsNow = () =>
      frame.getByRole('tablist').evaluate((list) => {
        const tabs = Array.from(list.querySelectorAll<HTMLElement>('[role="tab"]'));
        const selected = tabs.filter((t) => t.getAttribute('aria-selected') === 'true');
        const panels = Array.from(document.querySelectorAll<HTMLElement>('[role="tabpanel"]')).filter((p) => p.checkVisibility());
        return {
          selected: selected.map((t) => t.id),
          focused: document.activeElement?.id ?? '',
          tabbable: tabs.filter((t) => t.tabIndex === 0).map((t) => t.id),
          controls: selected[0]?.getAttribute('aria-controls') ?? '',
          panels: panels.map((p) => `${p.id} labelled by ${p.getAttribute('aria-labelledby')}`),
          focusInPanel: panels.some((p) => p.contains(document.activeElement)),
        };
      });
    const expectOn = async (tab: 'providers' | 'models' | 'agents', after: string) => {
      await frame.getByTestId(`panel-${tab}`).waitFor();
      const now = await tabsNow();
      assert.deepEqual(
        { selected: now.selected, focused: now.focused, tabbable: now.tabbable, controls: now.controls, panels: now.panels },
        { selected: [`tab-${tab}`], focused: `tab-${tab}`, tabbable: [`tab-${tab}`], controls: `panel-${tab}`, panels: [`panel-${tab} labelled by tab-${tab}`] },
        `after ${after}`,
      );
    };

    // Select Providers with the mouse, step into its panel with Tab, and come back with Shift+Tab:
    // the tab list is one stop, on the selected tab.
    await frame.getByTestId('tab-providers').click();
    await page.keyboard.press('Tab');
    assert.equal((await tabsNow()).focusInPanel, true, 'Tab from the selected tab goes into its panel, past the other tabs');
    await page.keyboard.press('Shift+Tab');
    await expectOn('providers', 'Shift+Tab back into the tab list');

    await page.keyboard.press('ArrowRight');
    await expectOn('models', 'ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expectOn('agents', 'ArrowRight again');
    await page.keyboard.press('ArrowRight');
    await expectOn('providers', 'ArrowRight on the last tab (wraps to the first)');
    await page.keyboard.press('ArrowLeft');
    await expectOn('agents', 'ArrowLeft on the first tab (wraps to the last)');
    await page.keyboard.press('ArrowLeft');
    await expectOn('models', 'ArrowLeft');
    await page.keyboard.press('Home');
    await expectOn('providers', 'Home');
    await page.keyboard.press('End');
    await expectOn('agents', 'End');

    // Tab leaves the tab list for the panel it now shows; Shift+Tab returns to the selected tab.
    await page.keyboard.press('Tab');
    assert.equal((await tabsNow()).focusInPanel, true, 'Tab goes into the Agents panel');
    await page.keyboard.press('Shift+Tab');
    await expectOn('agents', 'Shift+Tab from the Agents panel');
  });

  it('comes back after a window reload, on the tab it showed', async () => {
    const { page } = wb();
    await panel(page).getByTestId('tab-models').click();
    await panel(page).getByTestId('panel-models').waitFor();
    await wb().runCommand('Developer: Reload Window');
    await waitForWorkbench(page);
    await panel(page).getByTestId('model-row-claude-direct/claude-opus-4-1').waitFor({ timeout: 30_000 });
    assert.equal(await panel(page).getByTestId('tab-models').getAttribute('aria-selected'), 'true');
  });

  it('looks right in dark and light themes, on every tab', async () => {
    const frame = panel(wb().page);
    // code-server starts light; pick each theme as a user does.
    for (const [theme, name, workbenchClass] of [['dark', 'Dark Modern', 'vs-dark'], ['light', 'Light Modern', 'vs']] as const) {
      await wb().runCommand('Preferences: Color Theme');
      await wb().page.keyboard.type(name);
      await wb().page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
      await wb().page.keyboard.press('Enter');
      await wb().page.locator(`.monaco-workbench.${workbenchClass}`).waitFor();
      for (const tab of ['providers', 'models', 'agents']) {
        await frame.getByTestId(`tab-${tab}`).click();
        await frame.getByTestId(`panel-${tab}`).waitFor();
        await wb().screenshot(`panel-${tab}-${theme}`);
      }
    }
  });

  it('leaves the key in no file but the browser\'s encrypted secret store', async () => {
    await wb().dispose();
    assert.deepEqual(wb().leakCheck(key), []);
  });
});
