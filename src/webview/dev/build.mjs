// Dev harness only: bundles the fake host and copies the page, themes, codicons and the built
// dist/webview.* into /tmp/webview-dev. Run `node scripts/build.mjs` first (add --production to test the shipped bundle).
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');
export const outDir = '/tmp/webview-dev';

export async function buildHarness() {
  mkdirSync(outDir, { recursive: true });
  await esbuild.build({ entryPoints: [join(here, 'fakeHost.ts')], outfile: join(outDir, 'fakeHost.js'), bundle: true, format: 'iife', target: 'es2022', logLevel: 'warning' });
  copyFileSync(join(here, 'index.html'), join(outDir, 'index.html'));
  copyFileSync(join(here, 'themes.css'), join(outDir, 'themes.css'));
  for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(join(root, 'node_modules/@vscode/codicons/dist', f), join(outDir, f));
  for (const f of ['webview.js', 'webview.css', 'webview.js.map', 'webview.css.map'].filter((f) => existsSync(join(root, 'dist', f)))) copyFileSync(join(root, 'dist', f), join(outDir, f));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildHarness();
