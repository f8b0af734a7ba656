// Bundles the extension host code (CommonJS, `vscode` external) and the webview.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const node = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: production, sourcemap: !production, logLevel: 'warning' };

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  // The activation shell stays tiny; it loads dist/core.js after activation.
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', './core'] },
  { ...node, entryPoints: ['src/extension/core.ts'], outfile: 'dist/core.js', external: ['vscode'] },
  {
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: production,
    sourcemap: !production,
    logLevel: 'warning',
  },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
