/**
 * The real helper script, bundled from src/keyHelper/cli.ts as scripts/build.mjs does, run as
 * a child process the way an agent runs it: stdout is exactly the key, or stderr one sentence.
 * The launcher agents are given runs with the real curl (its fast path) and without it.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import * as esbuild from 'esbuild';
import { findOnPath } from '../../src/agents/findOnPath';
import { launcherScript } from '../../src/keyHelper/launcher';
import { parseReply } from '../../src/keyHelper/client';
import { curlConfigFileName, readRendezvous } from '../../src/keyHelper/layout';
import { repoRoot } from '../harness/paths';
import { keyHelperFixture, keys } from './keyHelperFixture';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runHelper(script: string, args: string[], timeoutMs = 8000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`helper still running after ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('key helper: the script agents run', function () {
  this.timeout(20_000);
  const fx = keyHelperFixture();
  let bundleDir = '';
  let script = '';
  /** The curl VS Code would find (the CI installs it; the launcher's fast path is tested with it). */
  let curl = '';

  before(async () => {
    const found = await findOnPath('curl');
    assert.ok(found, 'curl is not on PATH: install it (scripts/ensureDeps.sh does)');
    curl = found;
    bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-kh-bundle-'));
    script = path.join(bundleDir, 'keyHelper.js');
    const result = await esbuild.build({
      entryPoints: [path.join(repoRoot, 'src', 'keyHelper', 'cli.ts')],
      outfile: script,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      metafile: true,
      logLevel: 'silent',
    });
    // Spawned per key request: zod's load time must not land there.
    const inputs = Object.keys(result.metafile.inputs);
    assert.deepEqual(inputs.filter((file) => file.includes('node_modules')), []);
  });
  after(() => fs.rmSync(bundleDir, { recursive: true, force: true }));

  it('prints exactly the key and a newline, nothing on stderr, exit 0', async () => {
    await fx.start();
    const run = await runHelper(script, ['--dir', fx.dir(), 'anthropic']);
    assert.deepEqual(run, { code: 0, stdout: keys.anthropic + '\n', stderr: '' });
  });

  it('says VS Code is not running, exit 1, when no window serves the dir', async () => {
    const run = await runHelper(script, ['--dir', fx.dir(), 'anthropic']);
    assert.deepEqual(run, {
      code: 1,
      stdout: '',
      stderr: 'Switchboard key helper: VS Code with Switchboard is not running, so the key for “anthropic” is unavailable. Open VS Code and try again.\n',
    });
  });

  it('says which provider has no key and how to set it', async () => {
    await fx.start();
    const run = await runHelper(script, ['--dir', fx.dir(), 'nobody']);
    assert.deepEqual(run, { code: 1, stdout: '', stderr: 'Switchboard key helper: Switchboard has no key for “nobody”: set it with “Switchboard: Set API Key”.\n' });
  });

  it('prints usage, exit 1, on bad arguments', async () => {
    for (const args of [[], ['anthropic'], ['--dir', fx.dir()], ['--dir', fx.dir(), 'a', 'b'], ['--dir', fx.dir(), 'bad id']]) {
      const run = await runHelper(script, args);
      assert.equal(run.code, 1, args.join(' '));
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^Switchboard key helper: usage: /);
    }
  });

  /** Runs a launcher written for fx.dir() like an agent would; `curl: false` writes it as VS Code does where it found no curl. */
  async function runLauncher(args: string[], options: { curl?: boolean; env?: NodeJS.ProcessEnv; name?: string } = {}): Promise<Run> {
    const folder = path.join(bundleDir, options.name ?? 'launcher');
    fs.mkdirSync(folder, { recursive: true });
    const launcher = path.join(folder, 'switchboard-key');
    fs.writeFileSync(launcher, launcherScript(process.execPath, script, fx.dir(), options.curl === false ? undefined : curl), { mode: 0o700 });
    const env = { ...process.env, ...options.env };
    return new Promise((resolve) => {
      execFile(launcher, args, { timeout: 15_000, env }, (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
    });
  }
  const servedBy = (provider: string) => fx.logs.filter((line) => line.startsWith(`key request for "${provider}"`));

  it('the launcher asks with curl: exactly the key and a newline, and no Node started', async () => {
    await fx.start();
    assert.deepEqual(await runLauncher(['openai'], { name: 'with space' }), { code: 0, stdout: keys.openai + '\n', stderr: '' });
    assert.deepEqual(servedBy('openai'), ['key request for "openai": served (curl)']);
  });

  it('the launcher\'s curl finds a socket whose path needs quoting in its config', async () => {
    const dir = path.join(fx.root(), 'a "quoted" \\ dir', 'storage');
    await fx.start({ dir });
    const launcher = path.join(bundleDir, 'quoted-launcher');
    fs.writeFileSync(launcher, launcherScript(process.execPath, script, dir, curl), { mode: 0o700 });
    const stdout = await new Promise<string>((resolve, reject) => execFile(launcher, ['anthropic'], { timeout: 15_000 }, (error, out) => (error ? reject(error) : resolve(out))));
    assert.equal(stdout, keys.anthropic + '\n');
    assert.deepEqual(servedBy('anthropic'), ['key request for "anthropic": served (curl)']);
  });

  it('without curl, the launcher runs the Node helper', async () => {
    await fx.start();
    assert.deepEqual(await runLauncher(['openai'], { curl: false }), { code: 0, stdout: keys.openai + '\n', stderr: '' });
    assert.deepEqual(servedBy('openai'), ['key request for "openai": served']);
    // The curl VS Code found is named by its path: one earlier on an agent's PATH is never run.
    const fake = path.join(bundleDir, 'fake-bin');
    fs.mkdirSync(fake, { recursive: true });
    fs.writeFileSync(path.join(fake, 'curl'), '#!/bin/sh\necho fake-key\n', { mode: 0o700 });
    assert.deepEqual(await runLauncher(['openai'], { env: { PATH: `${fake}:${process.env.PATH}` } }), { code: 0, stdout: keys.openai + '\n', stderr: '' });
  });

  it('an id the Node helper would refuse never takes the curl path, where curl would tidy it into another provider', async () => {
    await fx.start();
    for (const id of ['x/../openai', 'openai#frag', 'openai?x', './openai', 'open ai']) {
      const run = await runLauncher([id]);
      assert.equal(run.stdout, '', id);
      assert.match(run.stderr, /^Switchboard key helper: usage: /, id);
    }
    assert.deepEqual(fx.logs.filter((line) => line.includes('served')), []);
  });

  it('a curl config with another window\'s old token: the Node helper asks again and gets the key', async () => {
    await fx.start();
    const curlrc = path.join(fx.dir(), curlConfigFileName);
    const { token } = readRendezvous(fx.dir())!;
    fs.writeFileSync(curlrc, fs.readFileSync(curlrc, 'utf8').replace(token, 'f'.repeat(64)));
    assert.deepEqual(await runLauncher(['openai']), { code: 0, stdout: keys.openai + '\n', stderr: '' });
    assert.deepEqual(servedBy('openai'), ['key request for "openai" refused: wrong token', 'key request for "openai": served']);
  });

  it('no window, or no key: the launcher says why, and stdout stays empty', async () => {
    const notRunning = await runLauncher(['anthropic']);
    assert.deepEqual(notRunning, { code: 1, stdout: '', stderr: 'Switchboard key helper: VS Code with Switchboard is not running, so the key for “anthropic” is unavailable. Open VS Code and try again.\n' });
    await fx.start();
    assert.deepEqual(await runLauncher(['nobody']), { code: 1, stdout: '', stderr: 'Switchboard key helper: Switchboard has no key for “nobody”: set it with “Switchboard: Set API Key”.\n' });
    assert.equal(servedBy('nobody').length, 1, 'the server’s answer is said at once, not asked for again');
    for (const args of [[], ['a', 'b'], ['bad id']]) {
      const run = await runLauncher(args);
      assert.equal(run.code, 1, args.join(' '));
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^Switchboard key helper: usage: /);
    }
  });

  it('a key store too slow to answer is said at once, without asking a second time', async () => {
    await fx.start({ lookup: () => new Promise(() => {}), limits: { lookupTimeoutMs: 200 } });
    const run = await runLauncher(['openai']);
    assert.deepEqual(run, { code: 1, stdout: '', stderr: 'Switchboard key helper: Switchboard could not read the key for “openai” from VS Code’s secret storage. Try again.\n' });
    assert.equal(servedBy('openai').length, 1);
  });

  it('a window that never answers: curl gives up within the helper\'s time and says so', async () => {
    // The server waits on the key store longer than curl waits on the server.
    await fx.start({ lookup: () => new Promise(() => {}), limits: { lookupTimeoutMs: 10_000 } });
    const started = Date.now();
    const run = await runLauncher(['openai']);
    assert.deepEqual(run, { code: 1, stdout: '', stderr: 'Switchboard key helper: VS Code with Switchboard did not answer in time, so the key for “openai” is unavailable. Try again.\n' });
    assert.ok(Date.now() - started < 6000, `took ${Date.now() - started} ms`);
  });

  it('the launcher starts Node without the agent\'s NODE_OPTIONS preloads and extra CA certificates', async () => {
    await fx.start();
    // Either would show: the preload prints, and a missing CA file makes Node warn on stderr.
    const preload = path.join(bundleDir, 'preload.js');
    fs.writeFileSync(preload, 'process.stdout.write("PRELOADED\\n");\n');
    const env = { NODE_OPTIONS: `--require ${preload}`, NODE_EXTRA_CA_CERTS: path.join(bundleDir, 'no-such-ca.pem') };
    assert.deepEqual(await runLauncher(['openai'], { curl: false, env }), { code: 0, stdout: keys.openai + '\n', stderr: '' });
    assert.deepEqual(servedBy('openai'), ['key request for "openai": served']);
    // Not vacuous: the same environment does reach a Node the launcher did not start.
    const bare = await new Promise<string>((resolve) => execFile(process.execPath, ['-e', ''], { timeout: 10_000, env: { ...process.env, ...env } }, (_error, stdout, stderr) => resolve(stdout + stderr)));
    assert.match(bare, /PRELOADED/);
  });

  it('checks the reply by hand: only a non-empty one-line key counts', () => {
    assert.deepEqual(parseReply('{"ok":true,"key":"k"}'), { ok: true, key: 'k' });
    assert.deepEqual(parseReply('{"ok":false,"error":"no-key"}'), { ok: false, failure: 'no-key' });
    for (const bad of ['', 'null', '3', '{"ok":true}', '{"ok":true,"key":""}', '{"ok":true,"key":"a\\nb"}', '{"ok":false,"error":"other"}']) {
      assert.deepEqual(parseReply(bad), { ok: false, failure: 'bad-reply' }, bad);
    }
  });
});
