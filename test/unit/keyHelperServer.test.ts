/** The key server over real Unix sockets in temp dirs: answers, refusals, limits, files and their modes. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { requestKey } from '../../src/keyHelper/client';
import { curlConfigFileName, readRendezvous, rendezvousFileName, socketFileName } from '../../src/keyHelper/layout';
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
    // The same socket and token for the launcher's curl, as private.
    const curlrc = path.join(fx.dir(), curlConfigFileName);
    assert.equal(mode(curlrc), 0o600);
    assert.match(fs.readFileSync(curlrc, 'utf8'), new RegExp(`^unix-socket = "${first.socketPath}"\nheader = "Authorization: Bearer ${token}"\n`, 'm'));
    await first.close();
    // Closing removes what was ours, so the helper reports "not running" at once.
    assert.equal(fs.existsSync(first.tokenFile), false);
    assert.equal(fs.existsSync(curlrc), false);
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

  describe('curl\'s HTTP request (the launcher\'s fast path)', () => {
    const get = (socket: string, target: string, headers: string[]) => rawExchange(socket, [`GET ${target} HTTP/1.1`, 'Host: localhost', ...headers, '', ''].join('\r\n'));
    const status = (reply: string) => reply.slice(0, reply.indexOf('\r\n'));
    const body = (reply: string) => reply.slice(reply.indexOf('\r\n\r\n') + 4);

    it('answers with the bare key and a 200, and each refusal with its status and no key', async () => {
      const server = await fx.start({ lookup: async (id) => (id === 'lines' ? 'sk-a\nb' : keys[id]) });
      const socket = server.socketPath!;
      const { token } = readRendezvous(fx.dir())!;
      const auth = `Authorization: Bearer ${token}`;
      const served = await get(socket, '/key/anthropic', [auth, 'Accept: */*']);
      assert.equal(status(served), 'HTTP/1.1 200 OK');
      assert.match(served, new RegExp(`\r\nContent-Length: ${keys.anthropic.length}\r\n`));
      assert.match(served, /\r\nCache-Control: no-store\r\n/);
      assert.equal(body(served), keys.anthropic);
      // The header name in any case, as HTTP allows.
      assert.equal(body(await get(socket, '/key/openai', [`authorization: Bearer ${token}`])), keys.openai);
      const refusals: [string, string[], string][] = [
        ['/key/anthropic', [], '401 Unauthorized'],
        ['/key/anthropic', ['Authorization: Bearer ' + 'f'.repeat(64)], '401 Unauthorized'],
        ['/key/anthropic', [`Authorization: Basic ${token}`], '401 Unauthorized'],
        ['/key/nobody', [auth], '404 Not Found'],
        ['/key/bad%20id', [auth], '400 Bad Request'],
        ['/key/', [auth], '400 Bad Request'],
        ['/other/anthropic', [auth], '400 Bad Request'],
        // A body cannot say where a key with a line break ends.
        ['/key/lines', [auth], '500 Internal Server Error'],
      ];
      for (const [target, headers, expected] of refusals) {
        const reply = await get(socket, target, headers);
        assert.equal(status(reply), `HTTP/1.1 ${expected}`, `${target} ${headers.join(' ')}`);
        assert.ok(!reply.includes('sk-'), reply);
      }
      assert.equal(status(await rawExchange(socket, 'POST /key/anthropic HTTP/1.1\r\n\r\n')), 'HTTP/1.1 400 Bad Request');
      assert.equal(status(await rawExchange(socket, `GET /key/anthropic HTTP/1.1\r\nX: ${'a'.repeat(8192)}\r\n\r\n`)), 'HTTP/1.1 400 Bad Request');
      assert.ok(fx.logs.some((line) => line === 'key request for "anthropic": served (curl)'));
      for (const line of fx.logs) assert.ok(!line.includes(token) && !line.includes('sk-'), `leaks a secret: ${line}`);
      // The JSON dialect is unaffected on the same socket.
      assert.deepEqual(await requestKey(fx.dir(), 'openai'), { ok: true, key: keys.openai });
    });

    it('reads a request head that arrives in pieces', async () => {
      const server = await fx.start();
      const { token } = readRendezvous(fx.dir())!;
      const connection = net.createConnection(server.socketPath!);
      let reply = '';
      connection.setEncoding('utf8').on('data', (chunk: string) => (reply += chunk));
      const closed = new Promise((resolve) => connection.on('close', resolve));
      await new Promise((resolve) => connection.on('connect', resolve));
      for (const piece of ['G', 'ET /key/openai HTTP/1.1\r\nAuthoriz', `ation: Bearer ${token}\r\n\r`, '\n']) {
        connection.write(piece);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await closed;
      assert.ok(reply.startsWith('HTTP/1.1 200 OK\r\n'), reply);
      assert.ok(reply.endsWith(`\r\n\r\n${keys.openai}`), reply);
    });
  });
});
