/**
 * A user's first minutes, in a real VS Code (code-server) driven by Chromium: add a provider
 * from the palette with the keyboard (Back included), add models, switch from the status bar,
 * and be refused when removing a provider that agents use. Then no file holds the key.
 */
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { quickInput } from '../harness/quickInput';
import { useWorkbench } from '../harness/uiFixture';
import { notification } from '../harness/workbench';

const key = 'sk-ui-LEAKCHECK-7f3a9c2e';

async function titleShows(page: Page, step: string): Promise<void> {
  await quickInput.waitOpen(page, { title: step });
}

/**
 * Waits for the step whose title shows `step` (e.g. "2/3"), then types and presses Enter.
 * Waiting first matters: keys typed while the next step renders would land in the old one.
 */
async function answer(page: Page, step: string, text: string): Promise<void> {
  await titleShows(page, `(${step})`);
  await quickInput.type(page, text);
  await quickInput.enter(page);
}

/** The picker's rows once they settle (it renders in two passes); bounded. */
async function settledRows(page: Page, expectedFirst: readonly string[]): Promise<string[]> {
  let rows: string[] = [];
  for (let i = 0; i < 50; i++) {
    rows = await quickInput.rows(page);
    if (expectedFirst.every((label, n) => rows[n] === label)) break;
    await page.waitForTimeout(100);
  }
  return rows;
}

describe('palette flows and the status-bar picker (UI)', function () {
  this.timeout(120_000);
  const wb = useWorkbench({ label: 'ui-flow', waitFor: async (page) => void (await page.locator('.statusbar-item', { hasText: 'Add a provider' }).waitFor({ timeout: 60_000 })) });

  it('starts with "Add a provider" in the status bar', async () => {
    await wb().statusBarItem('Add a provider').waitFor();
  });

  it('Escape in the middle of Add Provider saves nothing', async () => {
    const { page } = wb();
    await wb().runCommand('Switchboard: Add Provider');
    await answer(page, '1/5', 'Anthropic');
    await titleShows(page, '(2/5)');
    await quickInput.escape(page);
    await wb().statusBarItem('Add a provider').waitFor();
  });

  it('adds a provider with the keyboard, going Back once', async () => {
    const { page } = wb();
    await wb().runCommand('Switchboard: Add Provider');
    await titleShows(page, 'Add Provider');
    assert.ok((await quickInput.rows(page)).includes('OpenAI-compatible'));
    await answer(page, '1/5', 'OpenAI-compatible');

    await titleShows(page, 'Add Provider (OpenAI-compatible) (2/5)');
    assert.equal(await quickInput.value(page), 'OpenAI-compatible', 'the name is prefilled with the type');
    await answer(page, '2/5', 'Loopback Lab');

    await titleShows(page, '(3/5)');
    // The base URL is validated as the user types.
    await quickInput.type(page, 'not a url');
    await page.locator('.quick-input-message', { hasText: 'absolute URL' }).waitFor();
    await wb().screenshot('add-provider-url-validation');
    await quickInput.type(page, 'http://127.0.0.1:9/v1');
    await quickInput.enter(page);

    await page.locator('.quick-input-message', { hasText: 'optional' }).waitFor();
    await answer(page, '4/5', key);

    // Agents step; go Back once with the keyboard, then forward again.
    await titleShows(page, '(5/5)');
    await page.locator('.quick-input-list .label-name', { hasText: 'Claude Code' }).first().waitFor();
    await quickInput.back(page);
    await titleShows(page, '(4/5)');
    await page.locator('.quick-input-message', { hasText: 'optional' }).waitFor();
    assert.equal((await quickInput.value(page)).length, key.length, 'the typed key is kept when going back');
    await quickInput.enter(page);

    await titleShows(page, '(5/5)');
    await page.locator('.quick-input-list .label-name', { hasText: 'Claude Code' }).first().waitFor();
    await quickInput.toggleRows(page, ['Claude Code', 'Codex CLI']);
    assert.deepEqual((await quickInput.checkedRows(page)).sort(), ['Claude Code', 'Codex CLI']);
    await wb().screenshot('add-provider-agents');
    await quickInput.enter(page);
    await quickInput.waitClosed(page);

    // The offer to add the first model leads straight into Add Model.
    const toast = await notification(page, 'Added provider “Loopback Lab”');
    await toast.locator('.monaco-button', { hasText: 'Add Model' }).click();
    await titleShows(page, 'Add Model to “Loopback Lab”');
    await answer(page, '1/3', 'qwen2.5-coder:32b');
    await answer(page, '2/3', 'Qwen Coder');
    await answer(page, '3/3', '128k');
    await wb().statusBarItem(/^\s*Qwen Coder · Loopback Lab$/).waitFor();
  });

  it('switches models from the status bar', async () => {
    const { page } = wb();
    await wb().runCommand('Switchboard: Add Model');
    await answer(page, '1/3', 'llama3.1:8b');
    await answer(page, '2/3', 'Llama');
    await answer(page, '3/3', '32000');
    await quickInput.waitClosed(page);

    await wb().statusBarItem(/^\s*Qwen Coder · Loopback Lab$/).click();
    await titleShows(page, 'Select Model');
    const rows = await settledRows(page, ['Qwen Coder', 'Llama']);
    assert.deepEqual(rows.slice(0, 2), ['Qwen Coder', 'Llama'], 'the default first, then the rest by provider');
    assert.ok(rows.includes('Add provider…') && rows.includes('Manage providers…'));
    await wb().screenshot('model-picker');

    await quickInput.type(page, 'llama');
    await quickInput.enter(page);
    await wb().statusBarItem(/^\s*Llama · Loopback Lab$/).waitFor();

    // The last-used model now comes first.
    await wb().statusBarItem(/^\s*Llama · Loopback Lab$/).click();
    await titleShows(page, 'Select Model');
    assert.deepEqual((await settledRows(page, ['Llama', 'Qwen Coder'])).slice(0, 2), ['Llama', 'Qwen Coder']);
    await wb().screenshot('model-picker-last-used');
    await quickInput.escape(page);
  });

  it('refuses to remove a provider that agents use, naming them', async () => {
    const { page } = wb();
    await wb().runCommand('Switchboard: Remove Provider');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    const text = (await dialog.textContent()) ?? '';
    assert.match(text, /Can't remove “Loopback Lab”/);
    assert.match(text, /Claude Code and Codex CLI/);
    await wb().screenshot('remove-provider-refused');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await wb().statusBarItem(/^\s*Llama · Loopback Lab$/).waitFor();
  });

  it('edits the provider: the name changes, the id and key stay', async () => {
    const { page } = wb();
    await wb().runCommand('Switchboard: Edit Provider');
    await answer(page, '1/5', 'Loopback Renamed');
    await titleShows(page, '(2/5)');
    assert.equal(await quickInput.value(page), 'http://127.0.0.1:9/v1', 'the URL is prefilled');
    await quickInput.enter(page);
    await titleShows(page, '(3/5)');
    await page.locator('.quick-input-message', { hasText: 'a key is set' }).waitFor();
    await quickInput.enter(page);
    await titleShows(page, '(4/5)');
    assert.deepEqual((await quickInput.checkedRows(page)).sort(), ['Claude Code', 'Codex CLI'], 'the agents are preselected');
    await quickInput.enter(page);
    await titleShows(page, '(5/5)');
    assert.deepEqual(await quickInput.rows(page), ['Save', 'Edit network settings…']);
    await quickInput.enter(page);
    await quickInput.waitClosed(page);
    // The ref keeps the original id, so the last-used model is still active under the new name.
    await wb().statusBarItem(/^\s*Llama · Loopback Renamed$/).waitFor();
    // Opening Edit again shows the key is still set.
    await wb().runCommand('Switchboard: Edit Provider');
    await answer(page, '1/5', 'Loopback Renamed');
    await answer(page, '2/5', 'http://127.0.0.1:9/v1');
    await titleShows(page, '(3/5)');
    await page.locator('.quick-input-message', { hasText: 'a key is set' }).waitFor();
    await quickInput.escape(page);
  });

  /** "Switchboard: Edit Provider" on the renamed provider, through to its last step (Save or network settings). */
  async function editProviderToLastStep(page: Page): Promise<void> {
    await wb().runCommand('Switchboard: Edit Provider');
    await answer(page, '1/5', 'Loopback Renamed');
    for (const step of ['2/5', '3/5', '4/5']) {
      await titleShows(page, `(${step})`);
      await quickInput.enter(page);
    }
    await titleShows(page, '(5/5)');
  }

  it('edits the network settings from the palette, each field checked inline, Back and the certificate warning included', async () => {
    const { page } = wb();
    const message = (text: string | RegExp) => quickInput.widget(page).locator('.quick-input-message').filter({ hasText: text }).waitFor();
    await editProviderToLastStep(page);
    await page.keyboard.press('ArrowDown');
    await quickInput.enter(page); // Edit network settings…
    await titleShows(page, '(6/10)');
    await quickInput.type(page, 'socks5://proxy.corp:1080');
    await message('Use an http or https proxy');
    await quickInput.enter(page);
    await titleShows(page, '(6/10)');
    await quickInput.type(page, 'http://proxy.corp:3128');
    await quickInput.enter(page);
    await titleShows(page, '(7/10)');
    await quickInput.type(page, 'localhost, 10.0.0.0/8');
    await message('CIDR');
    await wb().screenshot('palette-network-no-proxy-invalid');
    await quickInput.type(page, 'localhost, .corp.example');
    await quickInput.enter(page);
    await titleShows(page, '(8/10)');
    // The file is read on Enter: a missing one keeps the step open with the form's message.
    await quickInput.type(page, '/nonexistent/corp-ca.pem');
    await quickInput.enter(page);
    await message('No file at this path.');
    await quickInput.type(page, '');
    await quickInput.enter(page);
    await titleShows(page, '(9/10)');
    await quickInput.type(page, '0.5');
    await message('at least 1 second');
    await quickInput.back(page);
    await titleShows(page, '(8/10)');
    await quickInput.enter(page);
    await titleShows(page, '(9/10)');
    await quickInput.type(page, '20');
    await quickInput.enter(page);
    await titleShows(page, '(10/10)');
    await quickInput.widget(page).getByText('Others on the network could then read this traffic and the key.').waitFor();
    await wb().screenshot('palette-network-certificate');
    await quickInput.enter(page); // Verify certificates stays chosen
    await quickInput.waitClosed(page);

    // Opening it again shows what was saved.
    await editProviderToLastStep(page);
    await quickInput.widget(page).getByText('proxy http://proxy.corp:3128 · 2 no-proxy hosts · 20 s timeout').waitFor();
    await quickInput.escape(page);
  });

  it('removes a used provider after moving its agents to another one', async () => {
    const { page } = wb();
    await wb().runCommand('Switchboard: Add Provider');
    await answer(page, '1/5', 'Ollama');
    for (const step of ['2/5', '3/5', '4/5', '5/5']) {
      await titleShows(page, `(${step})`);
      await quickInput.enter(page);
    }
    await quickInput.waitClosed(page);

    await wb().runCommand('Switchboard: Remove Provider');
    await quickInput.waitOpen(page, { title: 'Remove Provider' });
    await quickInput.selectRow(page, 'Loopback Renamed');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.filter({ hasText: 'Claude Code and Codex CLI' }).waitFor();
    await dialog.locator('.monaco-button', { hasText: 'Reassign' }).click();
    await quickInput.waitOpen(page, { title: 'Move the agents of “Loopback Renamed” to…' });
    await quickInput.selectRow(page, 'Ollama');
    await dialog.filter({ hasText: 'Remove provider “Loopback Renamed”?' }).waitFor();
    await dialog.locator('.monaco-button', { hasText: /^Remove$/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    // Its models are gone, and Ollama has none yet.
    await wb().statusBarItem(/No model/).waitFor();
  });

  it('leaves the key in no file but the browser\'s encrypted secret store', async () => {
    await wb().dispose();
    assert.deepEqual(wb().leakCheck(key), []);
  });
});
