/**
 * Who may use the gateway: the local token in each accepted header (and nothing else), a
 * loopback Host, no browser Origin; refusals in the caller's protocol shape, none of them
 * reaching the upstream; and a listener on 127.0.0.1 only.
 */
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as os from 'node:os';
import { hostCheck, presentedTokens, tokenMatcher } from '../../src/gateway/auth';
import { startUpstream, type Upstream } from '../upstreams/server';
import { anthropicBody, call, chatBody, GatewayPool, localToken, route, upstreamKeys } from './gatewayFixture';

describe('gateway security', function () {
  this.timeout(20_000);
  const pool = new GatewayPool();
  let up: Upstream;
  let port: number;
  let token = localToken;
  let address: net.AddressInfo | undefined;
  let started: Awaited<ReturnType<GatewayPool['start']>>;

  before(async () => {
    up = await startUpstream({ reply: 'ok' });
    const r = route('lab', 'openai-compatible', `${up.url}/v1`, 'm');
    started = await pool.start({ resolveRoute: () => r, token: () => token });
    port = started.port;
    address = started.gw.address();
  });
  after(async () => {
    await pool.stopAll();
    await up.close();
    for (const line of pool.allLogs) for (const secret of [localToken, 'rotated-token-xyz', ...Object.values(upstreamKeys)]) assert.ok(!line.includes(secret), `log leaks a secret: ${line}`);
  });

  const anthropic = { path: '/a/claude-code/anthropic/v1/messages', body: anthropicBody('m') };
  const openai = { path: '/openai/v1/chat/completions', body: chatBody('m') };

  /** Asserts a refusal, its shape, and that the upstream saw nothing. */
  async function refused(init: Parameters<typeof call>[1], status: number, message: RegExp): Promise<void> {
    const before = up.requests.length;
    const reply = await call(port, init);
    assert.equal(reply.status, status, reply.text);
    const body = reply.json();
    if (init.path?.includes('/anthropic/')) {
      assert.equal(body.type, 'error');
      assert.equal(body.error.type, status === 401 ? 'authentication_error' : 'permission_error');
      assert.match(body.error.message, message);
    } else {
      assert.equal(typeof body.error.type, 'string');
      assert.match(body.error.message, message);
    }
    assert.equal(up.requests.length, before, 'a refused request reached the upstream');
  }

  it('refuses a request without a token, in both protocol shapes', async () => {
    await refused({ ...anthropic, token: null }, 401, /Send the Switchboard gateway token/);
    await refused({ ...openai, token: null }, 401, /Send the Switchboard gateway token/);
    await refused({ path: '/openai/v1/models', token: null }, 401, /token/);
    // An empty or non-Bearer Authorization is no token either.
    await refused({ ...openai, token: null, headers: { authorization: 'Basic abc' } }, 401, /Send the Switchboard gateway token/);
  });

  it('refuses a wrong token in each accepted header', async () => {
    await refused({ ...anthropic, token: 'nope' }, 401, /not valid/);
    await refused({ ...openai, token: null, headers: { authorization: 'Bearer nope' } }, 401, /not valid/);
    await refused({ ...openai, token: null, headers: { 'x-goog-api-key': 'nope' } }, 401, /not valid/);
    await refused({ ...openai, token: `${localToken}x` }, 401, /not valid/);
    await refused({ ...openai, token: localToken.slice(0, -1) }, 401, /not valid/);
  });

  it('accepts the token as x-api-key, Authorization: Bearer or x-goog-api-key', async () => {
    const before = up.requests.length;
    assert.equal((await call(port, { ...anthropic })).status, 200);
    assert.equal((await call(port, { ...openai, token: null, headers: { authorization: `Bearer ${localToken}` } })).status, 200);
    assert.equal((await call(port, { ...openai, token: null, headers: { authorization: `bearer ${localToken}` } })).status, 200);
    assert.equal((await call(port, { ...openai, token: null, headers: { 'x-goog-api-key': localToken } })).status, 200);
    assert.equal(up.requests.length, before + 4);
  });

  it('reads the token per request, so a rotation applies at once', async () => {
    token = 'rotated-token-xyz';
    try {
      await refused({ ...openai }, 401, /not valid/);
      assert.equal((await call(port, { ...openai, token: 'rotated-token-xyz' })).status, 200);
    } finally {
      token = localToken;
    }
  });

  it('refuses foreign or missing Host headers (DNS rebinding)', async () => {
    for (const host of ['evil.com', `evil.com:${port}`, `127.0.0.1.evil.com:${port}`, `localhost.evil.com:${port}`, '127.0.0.1', `127.0.0.1:${port + 1}`, `0.0.0.0:${port}`]) {
      await refused({ ...anthropic, host }, 403, /answers only requests addressed to 127\.0\.0\.1/);
    }
    for (const host of [`localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      assert.equal((await call(port, { ...openai, host })).status, 200, host);
    }
    // HTTP/1.1 without Host at all.
    const before = up.requests.length;
    const body = JSON.stringify(chatBody('m'));
    const raw = await rawExchange(`POST /openai/v1/chat/completions HTTP/1.1\r\nx-api-key: ${localToken}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    assert.match(raw, /^HTTP\/1\.1 403/);
    assert.match(raw, /Host was missing/);
    assert.equal(up.requests.length, before);
  });

  it('refuses any browser Origin, even a loopback one', async () => {
    for (const origin of ['https://evil.com', `http://127.0.0.1:${port}`, `http://localhost:${port}`, 'null', 'vscode-webview://abc']) {
      await refused({ ...anthropic, headers: { origin } }, 403, /browser requests/);
      await refused({ ...openai, headers: { origin } }, 403, /browser requests/);
    }
  });

  it('keeps refusals before the token check out of the usage history, and logs a flood of them once', async () => {
    const records = started.usage.length;
    const lines = started.logs.length;
    for (let i = 0; i < 20; i++) await refused({ ...anthropic, token: 'wrong' }, 401, /token/);
    for (let i = 0; i < 5; i++) await refused({ ...anthropic, headers: { origin: 'https://evil.com' } }, 403, /browser requests/);
    assert.equal(started.usage.length, records, 'an unauthenticated caller (any web page) made usage records');
    const logged = started.logs.slice(lines);
    assert.equal(logged.filter((l) => l.includes('wrong token')).length <= 1, true, logged.join('\n'));
    assert.equal(logged.filter((l) => l.includes('browser Origin')).length <= 1, true, logged.join('\n'));
  });

  it('listens on 127.0.0.1 only', async () => {
    assert.deepEqual([address?.address, address?.family, address?.port], ['127.0.0.1', 'IPv4', port]);
    const external = Object.values(os.networkInterfaces())
      .flat()
      .filter((i) => i && !i.internal && i.family === 'IPv4')
      .map((i) => i!.address);
    for (const ip of external) {
      await assert.rejects(connect(ip, port), /ECONNREFUSED/, `reachable on ${ip}:${port}`);
    }
    // Every loopback address other than 127.0.0.1 is refused too.
    await assert.rejects(connect('127.0.0.2', port), /ECONNREFUSED/);
  });

  describe('pure checks', () => {
    it('hostCheck allows exactly the three loopback names with the port', () => {
      const ok = hostCheck(4100);
      assert.deepEqual(
        ['127.0.0.1:4100', 'localhost:4100', '[::1]:4100', 'LocalHost:4100', undefined, '', '127.0.0.1', '127.0.0.1:41000', '[::1]', 'localhost:4100.evil.com'].map(ok),
        [true, true, true, true, false, false, false, false, false, false],
      );
    });

    it('presentedTokens reads the three headers and nothing else', () => {
      assert.deepEqual(presentedTokens({ 'x-api-key': 'a', authorization: 'Bearer b', 'x-goog-api-key': 'c' }), ['a', 'b', 'c']);
      assert.deepEqual(presentedTokens({ authorization: 'Token b', 'api-key': 'd', cookie: 'e' }), []);
    });

    it('tokenMatcher compares by value, refuses an unset token, and follows rotation', () => {
      const matches = tokenMatcher();
      assert.equal(matches(['t1'], 't1'), true);
      assert.equal(matches(['x', 't1'], 't1'), true, 'any presented credential may be the token');
      assert.equal(matches(['t1'], 't2'), false);
      assert.equal(matches(['t2'], 't2'), true);
      assert.equal(matches([''], ''), false);
      assert.equal(matches(['t2'], undefined), false);
      assert.equal(matches([], 't2'), false);
    });
  });

  function rawExchange(data: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write(data));
      let got = '';
      socket.setEncoding('utf8');
      socket.on('data', (c: string) => (got += c));
      socket.on('close', () => resolve(got));
      socket.on('error', reject);
      socket.setTimeout(5000, () => socket.destroy());
    });
  }
});

function connect(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new Error('ETIMEDOUT'));
    });
    socket.once('error', reject);
  });
}
