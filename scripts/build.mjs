// Bundles the extension host code (CommonJS, `vscode` external) and the webview.
import * as esbuild from 'esbuild';
import sveltePlugin from 'esbuild-svelte';
import * as fs from 'node:fs';
import * as path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
// ESM entry points first: jsonc-parser's UMD build requires files esbuild cannot see.
const node = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], minify: production, sourcemap: !production, logLevel: 'warning' };

/**
 * Svelte's wrapper for compiling components into custom elements defines a class at its top
 * level, so esbuild keeps it (and the legacy API it imports) though nothing here uses it.
 * Marked side-effect free, it is dropped: about 3.5 KB of minified webview.
 */
const svelteCustomElementUnused = {
  name: 'svelte-custom-element-unused',
  setup(build) {
    build.onResolve({ filter: /^\.\/dom\/elements\/custom-element\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}svelte${path.sep}`) ? { path: path.resolve(args.resolveDir, args.path), sideEffects: false } : undefined,
    );
  },
};

/**
 * Svelte's runtime asks esm-env whether it runs in dev (`if (DEV)` in ~50 files). esm-env answers
 * through a re-export of `export default false`, which esbuild neither folds across modules nor
 * prunes after linking, so every dev-only branch (full error texts, warnings, dev checks) was
 * bundled. For production each runtime file gets the answer as literals instead: ~4 KiB gzipped.
 */
const svelteProductionConstants = {
  name: 'svelte-production-constants',
  setup(build) {
    const constants = { DEV: 'false', BROWSER: 'true', NODE: 'false' };
    build.onLoad({ filter: /[\\/]node_modules[\\/]svelte[\\/]src[\\/].*\.js$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      if (!source.includes("from 'esm-env'")) return undefined;
      // Without the import the names are free, so `define` can replace them.
      const unbound = source.replace(/import\s*\{[^}]*\}\s*from\s*'esm-env';/, '');
      const { code } = await esbuild.transform(unbound, { loader: 'js', format: 'esm', define: constants });
      return { contents: code, loader: 'js' };
    });
  },
};

/**
 * undici is shared by the network and gateway bundles: each loads dist/undici.js at run time
 * instead of carrying its own copy (~170 KB gzipped of the .vsix each).
 */
const sharedUndici = {
  name: 'shared-undici',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, () => ({ path: './undici', external: true }));
  },
};

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  // The activation shell stays tiny; it loads dist/core.js after activation.
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', './core'] },
  { ...node, entryPoints: ['src/extension/core.ts'], outfile: 'dist/core.js', external: ['vscode', './agents', './connect', './gateway'] },
  // Agent-config editing, loaded on the first switch.
  { ...node, entryPoints: ['src/extension/agentRuntime.ts'], outfile: 'dist/agents.js', external: ['vscode'] },
  // Network calls to providers (undici, the openai, anthropic and Bedrock SDKs), loaded on the first Test Connection or Refresh Models.
  { ...node, entryPoints: ['src/extension/connectRuntime.ts'], outfile: 'dist/connect.js', external: ['vscode'], plugins: [sharedUndici] },
  // The local gateway (its server, translators and undici), loaded when an agent or VS Code's chat first needs it.
  { ...node, entryPoints: ['src/extension/gatewayRuntime.ts'], outfile: 'dist/gateway.js', external: ['vscode'], plugins: [sharedUndici] },
  { ...node, entryPoints: ['src/extension/undiciRuntime.ts'], outfile: 'dist/undici.js' },
  // The key helper agents spawn on every key request: Node built-ins only, so it starts fast.
  { ...node, entryPoints: ['src/keyHelper/cli.ts'], outfile: 'dist/keyHelper.js' },
  // The scripted-setup CLI (validate, plan, apply, revert, link), for machines without VS Code: no vscode at all.
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The settings panel: Svelte 5 (which strips TypeScript itself) compiled to plain JS, with its CSS emitted as dist/webview.css.
  {
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    // esm-env's own switch (Svelte's runtime gets literals from svelteProductionConstants).
    conditions: ['svelte', 'browser', ...(production ? ['production'] : [])],
    mainFields: ['svelte', 'browser', 'module', 'main'],
    // Which inputs make up the bundle; the benchmark reports the app's own share from it.
    metafile: true,
    plugins: [svelteCustomElementUnused, ...(production ? [svelteProductionConstants] : []), sveltePlugin({ compilerOptions: { css: 'external', dev: !production } })],
    minify: production,
    // Lit's licence notices ship beside the bundle (dist/webview.js.LEGAL.txt) instead of in every page load.
    legalComments: 'external',
    sourcemap: !production,
    logLevel: 'warning',
  },
];

// Codicons for the panel, served from dist/ because localResourceRoots admits nothing else.
fs.mkdirSync('dist/codicons', { recursive: true });
// The font's cache-busting query is dropped, so the page can preload it by a plain URL.
fs.copyFileSync('node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/codicons/codicon.ttf');
fs.writeFileSync('dist/codicons/codicon.css', fs.readFileSync('node_modules/@vscode/codicons/dist/codicon.css', 'utf8').replace(/codicon\.ttf\?[0-9a-f]+/g, 'codicon.ttf'));

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  const webview = results[builds.findIndex((options) => options.outfile === 'dist/webview.js')];
  fs.writeFileSync('out-webview-meta.json', JSON.stringify(webview.metafile));
}
