/**
 * Reads what VS Code itself reports about a running extension, from "Developer: Show Running
 * Extensions" (workbench.action.showRuntimeExtensions, present in the web workbench too).
 * Its activation figure is VS Code's own: codeLoadingTime + activateCallTime (read from the
 * 1.139 bundle), each measured with Date.now(), so whole milliseconds.
 */
import type { Locator, Page } from 'playwright-core';
import { runCommand } from './workbench';
import { sleep } from './paths';

export interface ActivationReport {
  /** The text as shown, e.g. "Startup Activation: 76ms" or "Activation: 12ms". */
  text: string;
  ms: number;
  /** True when VS Code counts it as a startup activation (activated with the window). */
  startup: boolean;
}

/** Opens the Running Extensions editor and returns the row of `extensionName` (package.json
 * "name", the row's aria-label), scrolling the virtualised list as needed (bounded). */
export async function runningExtensionRow(page: Page, extensionName: string, timeoutMs = 30_000): Promise<Locator> {
  const editor = page.locator('.runtime-extensions-editor');
  // 1.139 shows it as a modal editor, which keeps F1 from opening: reuse it when it is open.
  if (!(await editor.isVisible())) await runCommand(page, 'Developer: Show Running Extensions');
  await editor.waitFor({ state: 'visible', timeout: timeoutMs });
  const row = editor.locator(`.monaco-list-row[aria-label=${JSON.stringify(extensionName)}]`);
  const deadline = Date.now() + timeoutMs;
  await editor.locator('.monaco-list-row').first().waitFor({ state: 'visible', timeout: timeoutMs });
  while (!(await row.isVisible())) {
    if (Date.now() > deadline) throw new Error(`${extensionName} is not among the running extensions`);
    await editor.hover();
    await page.mouse.wheel(0, 400);
    await sleep(200);
  }
  return row;
}

export async function readActivationTime(page: Page, extensionName: string, timeoutMs = 30_000): Promise<ActivationReport> {
  const row = await runningExtensionRow(page, extensionName, timeoutMs);
  const cell = row.locator('.activation-time');
  // The row can show before activation has finished; the figure appears once it has.
  await cell.filter({ hasText: /\d\s*ms/ }).waitFor({ state: 'visible', timeout: timeoutMs });
  const text = ((await cell.textContent()) ?? '').trim();
  const match = /([\d.]+)\s*ms/.exec(text);
  if (!match) throw new Error(`unexpected activation text "${text}"`);
  return { text, ms: Number(match[1]), startup: /startup/i.test(text) };
}
