/**
 * The UI-test fixture: the real, built extension installed into a fresh code-server, a fresh
 * headless Chromium on the workbench, and the helpers a test needs to act as a user and to
 * check the results on disk.
 *
 *   describe('add provider', function () {
 *     const wb = useWorkbench({ env: { OPENAI_BASE_URL: upstream.url } });
 *     it('adds one', async () => {
 *       await wb().runCommand('Switchboard: Add Provider');
 *       await quickInput.type(wb().page, 'My provider');
 *       await quickInput.enter(wb().page);
 *       assert.equal(wb().readUserSettings()['switchboard.x'], ...);
 *     });
 *   });
 */
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { launchBrowser, type Browser } from './browser';
import { startCodeServer, type CodeServer } from './codeServer';
import { readJsoncFile } from './jsonc';
import { leakCheck } from './leakCheck';
import { makeRunDir } from './paths';
import { createSampleWorkspace } from './workspace';
import { openWorkbench, runCommand, screenshot, statusBarItem } from './workbench';

export interface WorkbenchOptions {
  /** Goes into the run folder's name; default 'ui'. */
  label?: string;
  /** Extra files for the fresh sample workspace (relative path -> text). */
  files?: Record<string, string>;
  /** Open this folder instead of a fresh sample workspace inside the run folder. */
  workspace?: string;
  /** Extra environment for the server and the extension host. HOME is always a fresh folder
   * inside the run folder (see `homeDir`); SWITCHBOARD_TEST is not set unless given here. */
  env?: Record<string, string>;
  /** User settings to start with (merged over the harness's quiet defaults). */
  settings?: Record<string, unknown>;
  /** Runs in the fresh browser before the workbench loads, e.g. to put synced state into its
   * profile (see browserStorage.ts). */
  beforeOpen?: (page: Page, server: CodeServer) => Promise<void>;
  /** Extra readiness condition after the workbench is up, e.g. wait for a status bar item. */
  waitFor?: (page: Page) => Promise<void>;
  /** Install an empty peer extension beside Switchboard (benchmarks). */
  emptyPeer?: boolean;
  /** Bound for start-up (server, browser, workbench); default 90 s. */
  timeoutMs?: number;
}

export interface Workbench {
  page: Page;
  server: CodeServer;
  browser: Browser;
  /** The folder the workbench has open. */
  workspace: string;
  /** The HOME the extension host sees (agent config files land under it). */
  homeDir: string;
  runDir: string;
  /** F1, type the command's title, pick exactly that row. */
  runCommand(title: string): Promise<void>;
  /** A status bar item by visible text or aria-label (substring). */
  statusBarItem(textOrAriaLabel: string | RegExp): Locator;
  /** Saves test-results/screenshots/<name>.png; returns the path. */
  screenshot(name: string): Promise<string>;
  /** <user-data-dir>/User/settings.json as an object (JSONC-tolerant); {} when absent. */
  readUserSettings(): Record<string, unknown>;
  /** Files under `dirs` (default: the whole run folder — user data, logs, extensions and their
   * storage, HOME, TMPDIR, the browser profile — plus the workspace) that contain `secret` in
   * plain text. Call after dispose() for the strongest check: Chromium flushes localStorage
   * (where code-server keeps SecretStorage, encrypted) when it closes. */
  leakCheck(secret: string, dirs?: readonly string[]): string[];
  /** Closes the browser and stops the server; safe to call twice. The run folder stays. */
  dispose(): Promise<void>;
}

export async function startWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const runDir = makeRunDir(options.label ?? 'ui');
  const workspace = options.workspace ?? createSampleWorkspace(path.join(runDir, 'workspace'), options.files);
  const server = await startCodeServer({
    workspace,
    runDir,
    installExtension: true,
    ...(options.emptyPeer ? { emptyPeer: true } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.settings ? { settings: options.settings } : {}),
  });
  let browser: Browser | undefined;
  let disposed = false;
  const dispose = async (): Promise<void> => {
    if (disposed) return;
    disposed = true;
    await browser?.close();
    await server.stop();
  };
  try {
    browser = await launchBrowser(runDir, timeoutMs);
    const page = browser.page;
    if (options.beforeOpen) await options.beforeOpen(page, server);
    await openWorkbench(page, server.url, workspace, timeoutMs);
    if (options.waitFor) await options.waitFor(page);
    return {
      page,
      server,
      browser,
      workspace,
      homeDir: server.homeDir,
      runDir,
      runCommand: (title) => runCommand(page, title),
      statusBarItem: (textOrAriaLabel) => statusBarItem(page, textOrAriaLabel),
      screenshot: (name) => screenshot(page, name),
      readUserSettings: () => readJsoncFile(path.join(server.userDataDir, 'User', 'settings.json')),
      leakCheck: (secret, dirs) => leakCheck(secret, dirs ?? [runDir, workspace]),
      dispose,
    };
  } catch (error) {
    if (browser) await screenshot(browser.page, `${path.basename(runDir)}-start-failure`).catch(() => undefined);
    await dispose();
    throw error;
  }
}

/**
 * Mocha hooks for one workbench per `describe`: started in before(), a screenshot of every
 * failed test in afterEach(), disposed in after(). Returns a getter, valid inside tests.
 * Call with `function () {}` describe bodies or arrow functions alike.
 */
export function useWorkbench(options: WorkbenchOptions = {}): () => Workbench {
  let workbench: Workbench | undefined;
  before(async function () {
    this.timeout((options.timeoutMs ?? 90_000) + 30_000);
    workbench = await startWorkbench(options);
  });
  afterEach(async function () {
    const test = this.currentTest;
    if (workbench && test?.state === 'failed') {
      await workbench.screenshot(`FAILED-${test.fullTitle()}`).catch(() => undefined);
    }
  });
  after(async function () {
    this.timeout(30_000);
    await workbench?.dispose();
  });
  return () => {
    if (!workbench) throw new Error('the workbench is not started (did before() fail?)');
    return workbench;
  };
}
