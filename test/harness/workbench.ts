/**
 * Driving the VS Code workbench as a user does: open it, run commands through F1, find
 * status bar items, take screenshots. Selectors are VS Code 1.139's DOM (see
 * docs/real-vscode.md); keep them here so a VS Code update is mended in one place.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { screenshotsDir } from './paths';
import { quickInput } from './quickInput';

/** Loads the workbench on `folder` and waits until it is usable (bounded). */
export async function openWorkbench(page: Page, serverUrl: string, folder: string, timeoutMs = 60_000): Promise<void> {
  await page.goto(`${serverUrl}/?${new URLSearchParams({ folder }).toString()}`, { timeout: timeoutMs });
  await waitForWorkbench(page, timeoutMs);
}

/** The workbench is usable once its status bar shows the remote host item: by then the
 * server connection and the remote extension host are up. */
export async function waitForWorkbench(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('.statusbar-item[id="status.host"]').waitFor({ state: 'visible', timeout: timeoutMs });
}

/** A status bar item whose visible text or aria-label contains `textOrAriaLabel`
 * (a RegExp is matched against the text only). Items are `.statusbar-item`. */
export function statusBarItem(page: Page, textOrAriaLabel: string | RegExp): Locator {
  const items = page.locator('.statusbar-item');
  if (textOrAriaLabel instanceof RegExp) return items.filter({ hasText: textOrAriaLabel }).first();
  const byAria = items.filter({ has: page.locator(`[aria-label*=${JSON.stringify(textOrAriaLabel)}]`) });
  return items.filter({ hasText: textOrAriaLabel }).or(byAria).first();
}

/** Runs a command the way a user does: F1, type its title, pick the row with exactly that
 * title. Throws, listing what the palette offered, when no such command shows up. */
export async function runCommand(page: Page, title: string, timeoutMs = 15_000): Promise<void> {
  if (await quickInput.isOpen(page)) await quickInput.escape(page);
  await page.keyboard.press('F1');
  await quickInput.waitOpen(page, { timeoutMs });
  // F1 opens with '>' already typed; keep it, it selects command mode.
  await quickInput.type(page, `>${title}`);
  const row = quickInput.row(page, title);
  try {
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
  } catch {
    const offered = await quickInput.rows(page);
    throw new Error(`command "${title}" not in the palette; it offered: ${JSON.stringify(offered)}`);
  }
  await row.click();
}

/** Saves a full-page screenshot to test-results/screenshots/<name>.png; returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(screenshotsDir, { recursive: true });
  const file = path.join(screenshotsDir, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path: file, timeout: 15_000 });
  return file;
}

/** Waits until a notification toast whose text contains `text` shows, and returns it. */
export async function notification(page: Page, text: string | RegExp, timeoutMs = 15_000): Promise<Locator> {
  const toast = page.locator('.notifications-toasts .notification-toast').filter({ hasText: text }).first();
  await toast.waitFor({ state: 'visible', timeout: timeoutMs });
  return toast;
}
