/**
 * First run in a real VS Code (code-server), as a new user meets it: the empty status bar item
 * leads to the Get Started walkthrough, and each step's button runs its command; the step
 * ticks itself once the thing is done (a provider added, a model picked, agents assigned,
 * the connection tested), however it was done.
 */
import * as assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { quickInput } from '../harness/quickInput';
import { useWorkbench } from '../harness/uiFixture';
import { notification } from '../harness/workbench';

/** Waits for the step whose title shows `step` (e.g. "2/5"), then types and presses Enter. */
async function answer(page: Page, step: string, text: string): Promise<void> {
  await quickInput.waitOpen(page, { title: `(${step})` });
  await quickInput.type(page, text);
  await quickInput.enter(page);
}

/** A step of the walkthrough by its id in package.json (VS Code prefixes the extension's). */
function step(page: Page, id: string): Locator {
  return page.locator(`button.getting-started-step[data-step-id$="#${id}"]`);
}

async function waitChecked(page: Page, id: string): Promise<void> {
  await page.locator(`.codicon[data-done-step-id$="#${id}"][aria-checked="true"]`).waitFor({ timeout: 15_000 });
}

/** Selects a step and clicks its button (the step description's command link). */
async function runStep(page: Page, id: string, button: string): Promise<void> {
  await step(page, id).click();
  await step(page, id).locator('.button-container .monaco-button', { hasText: button }).click();
}

describe('first run: the Get Started walkthrough (UI)', function () {
  this.timeout(180_000);
  const wb = useWorkbench({ label: 'ui-walkthrough', waitFor: async (page) => void (await page.locator('.statusbar-item', { hasText: 'Add a provider' }).waitFor({ timeout: 60_000 })) });

  it('the empty status bar item offers the walkthrough', async () => {
    const { page } = wb();
    const item = wb().statusBarItem('Switchboard: Add a provider');
    assert.match((await item.textContent()) ?? '', /Switchboard: Add a provider/);
    await item.hover();
    const link = page.locator('.monaco-hover a, .workbench-hover a', { hasText: 'Get started in four steps' }).first();
    await link.waitFor({ timeout: 15_000 });
    await wb().screenshot('walkthrough-status-bar-hover');
    await link.click();
    await page.locator('.gettingStartedContainer h2', { hasText: 'Get started with Switchboard' }).first().waitFor({ timeout: 15_000 });
    for (const id of ['addProvider', 'pickModel', 'assignAgents', 'testConnection']) {
      assert.equal(await page.locator(`.codicon[data-done-step-id$="#${id}"]`).getAttribute('aria-checked'), 'false', `${id} starts unticked`);
    }
  });

  it('Add a provider: its button runs Add Provider, and the step ticks once one exists', async () => {
    const { page } = wb();
    await runStep(page, 'addProvider', 'Add Provider');
    await quickInput.waitOpen(page, { title: '(1/5)' });
    await quickInput.selectRow(page, 'OpenAI-compatible');
    await quickInput.waitOpen(page, { title: 'Add Provider (OpenAI-compatible) (2/5)' });
    await answer(page, '2/5', 'Loopback Lab');
    await answer(page, '3/5', 'http://127.0.0.1:9/v1');
    // A server on loopback needs no key.
    await quickInput.waitOpen(page, { title: '(4/5)' });
    await quickInput.enter(page);
    await quickInput.waitOpen(page, { title: '(5/5)' });
    await page.locator('.quick-input-list .label-name', { hasText: 'Codex CLI' }).first().waitFor();
    await quickInput.toggleRows(page, ['Codex CLI']);
    await quickInput.enter(page);
    await quickInput.waitClosed(page);
    await waitChecked(page, 'addProvider');
    // Agents listed on the provider complete "Assign agents" too.
    await waitChecked(page, 'assignAgents');

    const toast = await notification(page, 'Added provider “Loopback Lab”');
    await toast.locator('.monaco-button', { hasText: 'Add Model' }).click();
    await answer(page, '1/3', 'qwen2.5-coder:32b');
    await answer(page, '2/3', 'Qwen Coder');
    await answer(page, '3/3', '128k');
    await wb().statusBarItem(/Qwen Coder · Loopback Lab/).waitFor();
  });

  it('Pick a model: its button opens the picker, and the step ticks after a pick', async () => {
    const { page } = wb();
    await runStep(page, 'pickModel', 'Select Model');
    await quickInput.waitOpen(page, { title: 'Select Model' });
    // Enter once the row is highlighted, as a user would see it.
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Qwen Coder' }).waitFor();
    await quickInput.enter(page);
    await quickInput.waitClosed(page);
    await waitChecked(page, 'pickModel');
  });

  it('Test the connection: its button runs Test Connection, and the step ticks', async () => {
    const { page } = wb();
    await runStep(page, 'testConnection', 'Test Connection');
    // Nothing listens on port 9: the test says so, and what to check.
    await notification(page, /Loopback Lab/, 30_000);
    await waitChecked(page, 'testConnection');
    // For the picture: the walkthrough with its media beside it, and no toasts over it.
    if (await page.locator('.part.auxiliarybar').isVisible()) {
      await page.keyboard.press('Control+Alt+B'); // View: Toggle Secondary Side Bar Visibility
      await page.locator('.part.auxiliarybar').waitFor({ state: 'hidden' });
    }
    // VS Code's own command, not a hover per toast: a toast may hide itself between two steps.
    await wb().runCommand('Notifications: Clear All Notifications');
    await page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached', timeout: 15_000 });
    await step(page, 'assignAgents').click();
    // The step's markdown renders in a webview beside it.
    const media = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await media.locator('h1', { hasText: 'Assign agents' }).waitFor({ timeout: 15_000 });
    await wb().screenshot('walkthrough');
  });

  it('Assign agents: its button opens the settings panel', async () => {
    const { page } = wb();
    await runStep(page, 'assignAgents', 'Manage Providers');
    await page.locator('.tab', { hasText: 'Switchboard' }).first().waitFor({ timeout: 15_000 });
  });
});
