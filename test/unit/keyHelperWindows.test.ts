/**
 * Several VS Code windows share one storage dir: one serves, the others stand by and take
 * over when it goes; a socket left by a crashed window is cleaned up.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { requestKey } from '../../src/keyHelper/client';
import { readRendezvous, rendezvousFile, socketFileName } from '../../src/keyHelper/layout';
import { keyHelperFixture, keys, rawExchange } from './keyHelperFixture';

async function until(what: string, check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Leaves a socket file nobody listens on, as a crashed window would: bind elsewhere, rename, close. */
async function staleSocket(target: string): Promise<void> {
  const server = net.createServer();
  const bound = `${target}.bind`;
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(bound, () => resolve()));
  fs.renameSync(bound, target);
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

(process.platform === 'win32' ? describe.skip : describe)('key helper: several windows', () => {
  const fx = keyHelperFixture();

  it('a second window sees the first serving and does not steal its socket or token', async () => {
    const first = await fx.start();
    const { token } = readRendezvous(fx.dir())!;
    const second = await fx.start({ lookup: async () => 'second-window-key' });
    assert.equal(second.serving, false);
    assert.match(second.standbyReason!, /another VS Code window/);
    assert.equal(second.socketPath, first.socketPath);
    assert.equal(readRendezvous(fx.dir())!.token, token);
    assert.deepEqual(await requestKey(fx.dir(), 'anthropic'), { ok: true, key: keys.anthropic });
    // Still served by the first: a retry changes nothing.
    assert.equal(await second.ensureServing(), false);
    assert.equal(await first.ensureServing(), true);

    await first.close();
    assert.equal(await second.ensureServing(), true);
    assert.equal(second.serving, true);
    assert.notEqual(readRendezvous(fx.dir())!.token, token);
    assert.deepEqual(await requestKey(fx.dir(), 'anthropic'), { ok: true, key: 'second-window-key' });
  });

  it('two windows starting at once: exactly one serves', async () => {
    const servers = await Promise.all([1, 2, 3].map((n) => fx.start({ lookup: async () => `key-${n}` })));
    assert.equal(servers.filter((s) => s.serving).length, 1);
    const outcome = await requestKey(fx.dir(), 'anything');
    assert.equal(outcome.ok, true);
  });

  it('cleans up a stale socket and token file left by a crashed window, then serves', async () => {
    fs.mkdirSync(fx.dir(), { recursive: true, mode: 0o700 });
    const socket = path.join(fx.dir(), socketFileName);
    await staleSocket(socket);
    fs.writeFileSync(rendezvousFile(fx.dir()), JSON.stringify({ socket, token: 'old' }), { mode: 0o600 });
    assert.deepEqual(await requestKey(fx.dir(), 'anthropic'), { ok: false, failure: 'not-running' });

    const server = await fx.start();
    assert.equal(server.serving, true);
    assert.notEqual(readRendezvous(fx.dir())!.token, 'old');
    assert.deepEqual(await requestKey(fx.dir(), 'anthropic'), { ok: true, key: keys.anthropic });
  });

  it('serves again when its socket file is removed under it', async () => {
    const server = await fx.start();
    fs.rmSync(server.socketPath!);
    assert.deepEqual(await requestKey(fx.dir(), 'anthropic'), { ok: false, failure: 'not-running' });
    assert.equal(await server.ensureServing(), true);
    assert.deepEqual(await requestKey(fx.dir(), 'anthropic'), { ok: true, key: keys.anthropic });
  });

  it('a window that lost its socket to another does not remove the other\'s socket when it closes', async () => {
    const first = await fx.start({ lookup: async () => 'first' });
    fs.rmSync(first.socketPath!);
    const second = await fx.start({ lookup: async () => 'second' });
    assert.equal(second.serving, true);
    assert.equal(await first.ensureServing(), false);
    await first.close();
    assert.deepEqual(await requestKey(fx.dir(), 'x'), { ok: true, key: 'second' });
  });

  it('a stand-by window takes over on its own when the serving window closes: the next key request is answered', async () => {
    const first = await fx.start({ lookup: async () => 'first' });
    const second = await fx.start({ lookup: async () => 'second' });
    assert.equal(second.serving, false);
    await first.close();
    // No switch, no ensureServing(): the watch's close is enough.
    await until('the second window serves', () => second.serving);
    assert.deepEqual(await requestKey(fx.dir(), 'x'), { ok: true, key: 'second' });
  });

  it('a stand-by window takes over on its own when the serving window\'s process is killed (SIGKILL)', async function () {
    this.timeout(15_000);
    fs.mkdirSync(fx.dir(), { recursive: true, mode: 0o700 });
    const serverModule = path.join(__dirname, '..', '..', 'src', 'keyHelper', 'server.js');
    const script = `require(${JSON.stringify(serverModule)}).startKeyServer({ dir: ${JSON.stringify(fx.dir())}, lookup: async () => 'killed-window' }).then((s) => console.log(String(s.serving)))`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const said = await new Promise<string>((resolve, reject) => {
        child.stdout.once('data', (c: Buffer) => resolve(c.toString().trim()));
        child.once('exit', (code) => reject(new Error(`the serving process exited (${code})`)));
      });
      assert.equal(said, 'true');
      const second = await fx.start({ lookup: async () => 'second' });
      assert.equal(second.serving, false);
      assert.deepEqual(await requestKey(fx.dir(), 'x'), { ok: true, key: 'killed-window' });
      child.kill('SIGKILL');
      await until('the second window serves', () => second.serving);
      assert.deepEqual(await requestKey(fx.dir(), 'x'), { ok: true, key: 'second' });
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('a watch needs the token: with a wrong one it is answered and closed at once, never held', async () => {
    const server = await fx.start();
    const reply = await rawExchange(server.socketPath!, JSON.stringify({ token: 'guess', watch: true }) + '\n');
    assert.deepEqual(JSON.parse(reply), { ok: false, error: 'bad-request' });
  });
});
