/**
 * Settings-panel benchmarks: the webview's gzipped weight (with the Svelte app's own share,
 * from esbuild's metafile), and the time from running "Manage Providers" to the first render
 * of the Providers tab in code-server, as the browser sees it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { repoRoot } from './paths';
import { quickInput } from './quickInput';
import { startWorkbench, type Workbench } from './uiFixture';

export interface PanelFigure {
  name: string;
  label: string;
  unit: 'bytes' | 'ms';
  target: number;
  value: number;
  peer?: number;
  note: string;
}

interface Metafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

export function webviewWeight(): PanelFigure {
  const gz = (file: string) => gzipSync(fs.readFileSync(path.join(repoRoot, 'dist', file)), { level: 9 }).length;
  const value = gz('webview.js') + gz('webview.css');
  const meta = JSON.parse(fs.readFileSync(path.join(repoRoot, 'out-webview-meta.json'), 'utf8')) as Metafile;
  const inputs = Object.entries(meta.outputs['dist/webview.js']?.inputs ?? {});
  const bytes = (test: (name: string) => boolean) => inputs.filter(([name]) => test(name)).reduce((sum, [, i]) => sum + i.bytesInOutput, 0);
  const all = bytes(() => true) || 1;
  const share = (n: number) => `${((100 * n) / all).toFixed(0)}%`;
  const app = bytes((n) => n.startsWith('src/'));
  const svelte = bytes((n) => n.includes('node_modules/svelte/'));
  const elements = bytes((n) => n.includes('@vscode-elements') || n.includes('node_modules/lit') || n.includes('@lit'));
  return {
    name: 'webviewGzip',
    label: 'webview JS+CSS, gzipped',
    unit: 'bytes',
    target: 60 * 1024,
    value,
    note: `minified shares: app ${share(app)}, Svelte runtime ${share(svelte)}, vscode-elements+Lit ${share(elements)}`,
  };
}

/** Runs a palette command and returns ms from the click on its row until `ready` shows in the webview. */
async function timeWebview(wb: Workbench, title: string, readyTestId: string): Promise<number> {
  const { page } = wb;
  await page.keyboard.press('F1');
  await quickInput.waitOpen(page);
  await quickInput.type(page, `>${title}`);
  const row = quickInput.row(page, title);
  await row.waitFor();
  const start = Date.now();
  await row.click();
  await page.frameLocator('iframe.webview.ready').frameLocator('#active-frame').getByTestId(readyTestId).waitFor({ timeout: 30_000 });
  const elapsed = Date.now() - start;
  // Close it, so the next run loads a fresh webview.
  await wb.runCommand('View: Close All Editors');
  await page.locator('iframe.webview').waitFor({ state: 'detached', timeout: 15_000 });
  return elapsed;
}

/**
 * Median over `runs` fresh panels of: click on "Manage Providers" → Providers tab rendered
 * with the host's state. The peer is a one-line webview opened the same way, in the same
 * workbench; one warm-up of each comes first, since the first webview of a window pays for
 * the webview service worker.
 */
export async function panelFirstRender(runs: number): Promise<PanelFigure> {
  // Wait until Switchboard is running: an open palette does not pick up commands registered later.
  const wb = await startWorkbench({ label: 'bench-panel', emptyPeer: true, waitFor: async (page) => void (await page.locator('.statusbar-item', { hasText: 'Add a provider' }).waitFor({ timeout: 60_000 })) });
  const ours: number[] = [];
  const peer: number[] = [];
  try {
    await timeWebview(wb, 'Bench Peer: Open Webview', 'peer-ready');
    await timeWebview(wb, 'Switchboard: Manage Providers', 'provider-add');
    for (let i = 0; i < runs; i++) {
      ours.push(await timeWebview(wb, 'Switchboard: Manage Providers', 'provider-add'));
      peer.push(await timeWebview(wb, 'Bench Peer: Open Webview', 'peer-ready'));
    }
  } finally {
    await wb.dispose();
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return {
    name: 'panelFirstRender',
    label: 'panel: command → Providers tab',
    unit: 'ms',
    target: 300,
    value: median(ours),
    peer: median(peer),
    note: `peer is a one-line webview; samples ours/peer: ${ours.map((v, i) => `${v}/${peer[i]}`).join(', ')} ms`,
  };
}
