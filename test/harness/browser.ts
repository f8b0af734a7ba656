/**
 * Debian's headless Chromium driven by playwright-core: the "user" of the UI tier and the
 * host of the workbench for the integration tier. One fresh profile per launch, inside the
 * run folder, so SecretStorage (browser localStorage in code-server) starts empty and the
 * leak check can read the profile afterwards.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const chromiumPath = process.env.SWITCHBOARD_CHROMIUM ?? '/usr/bin/chromium';

/** Flags from docs/real-vscode.md: no sandbox as root, no GPU, no network chatter. */
export const chromiumArgs: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** The profile folder (localStorage, and so the encrypted SecretStorage, live here). */
  profileDir: string;
  close(): Promise<void>;
}

export async function launchBrowser(runDir: string, timeoutMs = 60_000): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) throw new Error(`${chromiumPath} missing: apt-get install chromium`);
  const profileDir = path.join(runDir, 'browser-profile');
  const browserHome = path.join(runDir, 'browser-home');
  fs.mkdirSync(browserHome, { recursive: true });
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    args: [...chromiumArgs],
    timeout: timeoutMs,
    viewport: { width: 1400, height: 900 },
    // Keep Chromium's own caches (fontconfig, nss) out of the real home as well.
    env: { ...process.env, HOME: browserHome, XDG_CONFIG_HOME: browserHome, XDG_CACHE_HOME: browserHome },
  });
  context.setDefaultTimeout(30_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    profileDir,
    close: async () => {
      // Bounded: a hung browser must not hang the suite.
      await Promise.race([context.close(), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    },
  };
}
