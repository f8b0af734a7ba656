/**
 * Where the harness finds things. Compiled to out/test/harness/, so the repo root is three
 * levels up from this file at run time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
/** Git-ignored cache: code-server, Node 24, per-run folders, the sample workspace. */
export const cacheDir = path.join(repoRoot, '.vscode-test');
export const runsDir = path.join(cacheDir, 'runs');
/** Artifacts CI keeps: logs, screenshots, result counts. */
export const resultsDir = path.join(repoRoot, 'test-results');
export const screenshotsDir = path.join(resultsDir, 'screenshots');

/** What scripts/installCodeServer.sh wrote; the versions are pinned in that script only. */
export interface InstalledCodeServer {
  node: string;
  codeServerEntry: string;
  codeServerVersion: string;
  nodeVersion: string;
}

export function installedCodeServer(): InstalledCodeServer {
  const file = path.join(cacheDir, 'paths.json');
  if (!fs.existsSync(file)) {
    throw new Error(`code-server is not installed (${file} missing): run bash scripts/installCodeServer.sh`);
  }
  const info = JSON.parse(fs.readFileSync(file, 'utf8')) as InstalledCodeServer;
  for (const p of [info.node, info.codeServerEntry]) {
    if (!fs.existsSync(p)) throw new Error(`${p} missing: run bash scripts/installCodeServer.sh`);
  }
  return info;
}

/** Run folders kept for triage (~15 MB each); older ones are removed as new ones are made. */
const keptRuns = 20;

/** A fresh, unique folder under .vscode-test/runs/, named so a listing sorts by time. */
export function makeRunDir(label: string): string {
  fs.mkdirSync(runsDir, { recursive: true });
  const old = fs.readdirSync(runsDir).sort();
  for (const name of old.slice(0, Math.max(0, old.length - keptRuns + 1))) {
    fs.rmSync(path.join(runsDir, name), { recursive: true, force: true });
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return fs.mkdtempSync(path.join(runsDir, `${stamp}-${label}-`));
}

/** The extension's identity, read from package.json so a rename needs no harness edit. */
export interface ExtensionManifest {
  publisher: string;
  name: string;
  version: string;
}

export function extensionManifest(): ExtensionManifest {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as ExtensionManifest;
}

export function extensionId(): string {
  const m = extensionManifest();
  return `${m.publisher}.${m.name}`;
}

/** Resolves after `ms`; the building block of every bounded wait. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
