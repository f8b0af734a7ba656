/** The key server over real Unix sockets in temp dirs: answers, refusals, limits, files and their modes. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { requestKey } from '../../src/keyHelper/client';
import { readRendezvous, rendezvousFileName, socketFileName } from '../../src/keyHelper/layout';
import { keyHelperFixture, keys, mode, rawExchange } from './keyHelperFixture';

const posix = process.platform !== 'win32';

describe('key helper: server', () => {
  const fx = keyHelperFixture();

  it('answers a key request with the key, and logs the provider but never the key or token', async () => {
    const server = await fx.start();
    assert.equal(server.serving, true);
    assert.deepEqual(await requestKey(fx.dir(), 'anthropic'), { ok: true, key: keys.anthropic });
    const { token } = readRendezvous(fx.dir())!;
    assert.ok(fx.logs.some((line) => line.includes('"anthropic": served')));
    for (const line of fx.logs) {
      assert.ok(!line.includes(keys.anthropic) && !line.includes(token), `leaks a secret: ${line}`);
    }
  });

  it('refuses a wrong or missing token, and says "no key" for an unknown provider', async () => {
    const server = await fx.start();
    const { token } = readRendezvous(fx.dir())!;
    const ask = async (request: object) => JSON.parse(await rawExchange(server.socketPath!, JSON.stringify(request) + '\n')) as unknown;
    assert.deepEqual(await ask({ token: 'f'.repeat(64), provider: 'anthropic' }), { ok: false, error: 'unauthorized' });
    assert.deepEqual(await ask({ token: '', provider: 'anthropic' }), { ok: false, error: 'unauthorized' });
    assert.deepEqual(await ask({ provider: 'anthropic' }), { ok: false, error: 'bad-request' });
    assert.deepEqual(await ask({ token, provider: 'nobody' }), { ok: false, error: 'no-key' });
    assert.deepEqual(await ask({ token, provider: 'openai' }), { ok: true, key: keys.openai });
  });

  it('rejects garbage, oversize and slow requests without crashing, and keeps serving', async () => {
    const server = await fx.start({ limits: { requestTimeoutMs: 200 } });
    const socket = server.socketPath!;
    assert.deepEqual(JSON.parse(await rawExchange(socket, 'not json\n')), { ok: false, error: 'bad-request' });
    assert.deepEqual(JSON.parse(await rawExchange(socket, '{"token":1,"provider":["x"]}\n')), { ok: false, error: 'bad-request' });
    assert.deepEqual(JSON.parse(await rawExchange(socket, '{"token":"x","provider":"bad id\\nwith newline"}\n')), { ok: false, error: 'bad-request' });
    assert.deepEqual(JSON.parse(await rawExchange(socket, Buffer.alloc(64 * 1024, 'a'))), { ok: false, error: 'bad-request' });
    // Connects and says nothing: dropped after requestTimeoutMs with no answer.
    const started = Date.now();
    assert.equal(await rawExchange(socket, Buffer.alloc(0), 3000), '');
    assert.ok(Date.now() - started < 2000);
    assert.deepEqual(await requestKey(fx.dir(), 'openai'), { ok: true, key: keys.openai });
  });

  it('answers lookup-failed when the key store throws or hangs', async () => {
    await fx.start({
      lookup: (id) => (id === 'throws' ? Promise.reject(new Error('boom')) : new Promise(() => {})),
      limits: { lookupTimeoutMs: 100 },
    });
    assert.deepEqual(await requestKey(fx.dir(), 'throws'), { ok: false, failure: 'lookup-failed' });
    assert.deepEqual(await requestKey(fx.dir(), 'hangs'), { ok: false, failure: 'lookup-failed' });
  });

  it('answers many concurrent requests, each with its own key', async () => {
    const lookup = async (id: string) => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
      return `key-for-${id}`;
    };
    await fx.start({ lookup });
    const ids = Array.from({ length: 40 }, (_, i) => `provider-${i}`);
    const outcomes = await Promise.all(ids.map((id) => requestKey(fx.dir(), id)));
    assert.deepEqual(outcomes, ids.map((id) => ({ ok: true, key: `key-for-${id}` })));
  });

  (posix ? it : it.skip)('creates dir 0700 and the socket and token file 0600; rotates the token on each start', async () => {
    const first = await fx.start();
    assert.equal(mode(fx.dir()), 0o700);
    assert.equal(first.tokenFile, path.join(fx.dir(), rendezvousFileName));
    assert.equal(mode(first.tokenFile), 0o600);
    assert.equal(first.socketPath, path.join(fx.dir(), socketFileName));
    assert.equal(mode(first.socketPath!), 0o600);
    const { token } = readRendezvous(fx.dir())!;
    assert.match(token, /^[0-9a-f]{64}$/);
    await first.close();
    // Closing removes what was ours, so the helper reports "not running" at once.
    assert.equal(fs.existsSync(first.tokenFile), false);
    assert.equal(fs.existsSync(path.join(fx.dir(), socketFileName)), false);
    assert.deepEqual(await requestKey(fx.dir(), 'anthropic'), { ok: false, failure: 'not-running' });
    await fx.start();
    assert.notEqual(readRendezvous(fx.dir())!.token, token);
    assert.deepEqual(await requestKey(fx.dir(), 'anthropic'), { ok: true, key: keys.anthropic });
  });

  (posix ? it : it.skip)('falls back to a private temp folder when dir is too long for a socket path', async () => {
    const longDir = path.join(fx.root(), 'a'.repeat(60), 'b'.repeat(60));
    const server = await fx.start({ dir: longDir });
    assert.equal(server.serving, true);
    const socket = server.socketPath!;
    assert.ok(!socket.startsWith(longDir), socket);
    assert.ok(Buffer.byteLength(socket) <= 103, socket);
    assert.equal(mode(path.dirname(socket)), 0o700);
    assert.equal(mode(socket), 0o600);
    assert.equal(readRendezvous(longDir)!.socket, socket);
    assert.deepEqual(await requestKey(longDir, 'openai'), { ok: true, key: keys.openai });
    await server.close();
    assert.equal(fs.existsSync(path.dirname(socket)), false);
  });
});
