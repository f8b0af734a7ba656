/**
 * The .vsix carries every bundle the extension loads at run time: the lazy ones (agents,
 * connect, gateway, undici, the key helper) are required by relative path, so a bundle missing
 * from .vscodeignore's allow-list would only fail on a user's machine.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

describe('packaging', function () {
  // vsce walks the whole checkout before applying .vscodeignore: slow once .vscode-test holds code-server and the agent CLIs.
  this.timeout(180_000);
  let listed: Set<string>;

  before(() => {
    assert.ok(fs.existsSync(path.join(root, 'dist', 'core.js')), 'dist/ is built first (npm run build; npm test does it)');
    const vsce = path.join(root, 'node_modules', '.bin', 'vsce');
    listed = new Set(execFileSync(vsce, ['ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' }).split('\n').map((l) => l.trim()).filter(Boolean));
  });

  it('puts every bundle that a packaged bundle requires, and the key helper, into the .vsix', () => {
    const wanted = new Set(['dist/extension.js', 'dist/keyHelper.js']);
    const seen = new Set<string>();
    while ([...wanted].some((f) => !seen.has(f))) {
      const file = [...wanted].find((f) => !seen.has(f))!;
      seen.add(file);
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      for (const [, name] of text.matchAll(/require\(["']\.\/([\w-]+)["']\)/g)) wanted.add(`dist/${name}.js`);
    }
    for (const file of ['dist/core.js', 'dist/agents.js', 'dist/connect.js', 'dist/gateway.js', 'dist/undici.js']) assert.ok(wanted.has(file), `${file} is reached from extension.js`);
    for (const file of wanted) assert.ok(listed.has(file), `${file} is in the .vsix (listed: ${[...listed].join(', ')})`);
  });

  it("ships the webview's licence notices, which the build moves out of dist/webview.js", () => {
    assert.ok(listed.has('dist/webview.js.LEGAL.txt'), `dist/webview.js.LEGAL.txt is in the .vsix (listed: ${[...listed].join(', ')})`);
    assert.match(fs.readFileSync(path.join(root, 'dist', 'webview.js.LEGAL.txt'), 'utf8'), /@license[\s\S]*Google LLC/);
  });
});
