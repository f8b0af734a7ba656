/**
 * `switchboard.activeModel.scope: workspace` with two real windows: one code-server, two
 * workbench pages on two workspace folders (each page is its own window with its own
 * extension host). Each window's status bar keeps the model picked in it, marked as this
 * workspace's; the agents, whose config files are per user, follow the window that picked
 * last, and the other window says plainly which window's pick they use.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { quickInput } from '../harness/quickInput';
import { useWorkbench } from '../harness/uiFixture';
import { createSampleWorkspace } from '../harness/workspace';
import { notification, openWorkbench, screenshot, statusBarItem } from '../harness/workbench';

const scopeSetting = 'switchboard.activeModel.scope';
const otherFolderName = 'api-server';

async function answer(page: Page, step: string, text: string): Promise<void> {
  await quickInput.waitOpen(page, { title: `(${step})` });
  await quickInput.type(page, text);
  await quickInput.enter(page);
}

/** Picks `model` in the window's status-bar picker and waits until its status bar shows it. */
async function pick(page: Page, shown: string, model: string): Promise<void> {
  await page.bringToFront();
  await statusBarItem(page, new RegExp(`${shown} · Local$`)).click();
  await quickInput.waitOpen(page, { title: 'Select Model' });
  await quickInput.selectRow(page, model);
  await quickInput.waitClosed(page);
  await statusBarItem(page, new RegExp(`${model} · Local$`)).waitFor({ timeout: 15_000 });
}

/** The status bar item's tooltip as a user sees it on hover (bounded); waits for `expected`. */
async function tooltipShows(page: Page, model: string, expected: string): Promise<string> {
  await page.bringToFront();
  const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: expected }).first();
  const deadline = Date.now() + 20_000;
  // Another window's pick reaches this one through shared storage; hover again until it shows.
  for (;;) {
    await page.mouse.move(600, 300);
    await statusBarItem(page, new RegExp(`${model} · Local$`)).hover();
    try {
      await hover.waitFor({ state: 'visible', timeout: 3_000 });
      return ((await hover.textContent()) ?? '').trim();
    } catch (error) {
      if (Date.now() > deadline) {
        const shown = await page.locator('.monaco-hover, .workbench-hover').allTextContents();
        throw new Error(`the tooltip of ${model} never said "${expected}"; it said ${JSON.stringify(shown)}`, { cause: error });
      }
    }
  }
}

describe('active model scope: workspace, in two real windows (UI)', function () {
  this.timeout(150_000);
  const wb = useWorkbench({
    label: 'ui-scope',
    settings: { [scopeSetting]: 'workspace' },
    waitFor: async (page) => void (await page.locator('.statusbar-item', { hasText: 'Add a provider' }).waitFor({ timeout: 60_000 })),
  });
  let other: Page | undefined;
  const one = () => wb().page;
  const two = () => other ?? assert.fail('the second window did not open');
  const codexModel = (): string | undefined => {
    const file = path.join(wb().homeDir, '.codex', 'config.toml');
    return fs.existsSync(file) ? /^model = "([^"]+)"$/m.exec(fs.readFileSync(file, 'utf8'))?.[1] : undefined;
  };
  const agentsUse = async (model: string): Promise<void> => {
    const deadline = Date.now() + 20_000;
    while (codexModel() !== model && Date.now() < deadline) await one().waitForTimeout(200);
    assert.equal(codexModel(), model, "Codex's config names the model the agents use");
  };

  after(async () => {
    await other?.close().catch(() => undefined);
  });

  it('window one: a provider for Codex with three models', async () => {
    const page = one();
    await wb().runCommand('Switchboard: Add Provider');
    await answer(page, '1/5', 'OpenAI-compatible');
    await answer(page, '2/5', 'Local');
    await answer(page, '3/5', 'http://127.0.0.1:9/v1');
    await quickInput.waitOpen(page, { title: '(4/5)' });
    await quickInput.enter(page);
    await quickInput.waitOpen(page, { title: '(5/5)' });
    await page.locator('.quick-input-list .label-name', { hasText: 'Codex CLI' }).first().waitFor();
    await quickInput.toggleRows(page, ['Codex CLI']);
    await quickInput.enter(page);
    await quickInput.waitClosed(page);
    const toast = await notification(page, 'Added provider “Local”');
    await toast.locator('.monaco-button', { hasText: 'Add Model' }).click();
    for (const [n, id] of ['alpha', 'beta', 'gamma'].entries()) {
      if (n > 0) await wb().runCommand('Switchboard: Add Model');
      await answer(page, '1/3', id);
      await answer(page, '2/3', id[0].toUpperCase() + id.slice(1));
      await answer(page, '3/3', '32000');
      await quickInput.waitClosed(page);
    }
    await wb().statusBarItem(/Alpha · Local$/).waitFor();
  });

  it('window two opens another workspace folder, in its own window', async () => {
    const folder = createSampleWorkspace(path.join(wb().runDir, otherFolderName));
    other = await wb().browser.context.newPage();
    await openWorkbench(other, wb().server.url, folder);
    await statusBarItem(other, /Alpha · Local$/).waitFor({ timeout: 60_000 });
    assert.notEqual(path.resolve(folder), path.resolve(wb().workspace));
    // The server launched a second extension host process for it.
    const hosts = new Set([...fs.readFileSync(wb().server.logFile, 'utf8').matchAll(/<(\d+)> Launched Extension Host Process/g)].map((m) => m[1]));
    assert.equal(hosts.size, 2, `two extension hosts, one per window: ${[...hosts].join(', ')}`);
  });

  it('each window keeps its own pick, marked as its workspace\'s; the agents follow the last pick', async () => {
    await pick(one(), 'Alpha', 'Beta');
    await agentsUse('beta');
    await pick(two(), 'Alpha', 'Gamma');
    await agentsUse('gamma');

    // Each status bar shows its own model, with the workspace marker and words.
    for (const [page, model] of [[one(), 'Beta'], [two(), 'Gamma']] as const) {
      const item = statusBarItem(page, new RegExp(`${model} · Local$`));
      await item.locator('.codicon-folder').waitFor();
      assert.match((await item.getAttribute('aria-label')) ?? (await item.locator('[aria-label]').first().getAttribute('aria-label')) ?? '', new RegExp(`model for this workspace: ${model} from Local`));
    }
    assert.match(await tooltipShows(two(), 'Gamma', 'Agents use this model (picked here)'), /this workspace/);
    const said = await tooltipShows(one(), 'Beta', `Agents use Gamma · Local (picked in ${otherFolderName})`);
    assert.match(said, /Beta · Local · this workspace/);
    await screenshot(one(), 'scope-window-one-agents-elsewhere');
    await screenshot(two(), 'scope-window-two-agents-here');
  });

  it('a new pick in window one takes the agents back, and window two names window one', async () => {
    await pick(one(), 'Beta', 'Alpha');
    await agentsUse('alpha');
    await tooltipShows(one(), 'Alpha', 'Agents use this model (picked here)');
    await tooltipShows(two(), 'Gamma', `Agents use Alpha · Local (picked in ${path.basename(wb().workspace)})`);
    await statusBarItem(two(), /Gamma · Local$/).waitFor();
    await screenshot(two(), 'scope-window-two-agents-elsewhere');
  });
});
