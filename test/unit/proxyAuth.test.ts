/**
 * A forward proxy that wants credentials: the user name in the proxy URL (the only part that
 * may be stored), the password from SecretStorage passed at the moment of use, undici's
 * Proxy-Authorization, and what a 407 says in each case. Against the recording forward proxy
 * double with `credentials`, tunnelling to the loopback model doubles.
 */
import * as assert from 'node:assert/strict';
import { runListModels, runTestConnection, type ConnectRequest } from '../../src/providers/connect/operations';
import type { ProviderTarget } from '../../src/providers/connect/target';
import { planDispatcher, proxyCredentials, resolveNetwork } from '../../src/providers/network/dispatcherOptions';
import { networkSchema, proxyUrlSchema, type NetworkSettings } from '../../src/providers/network/settings';
import { providerType } from '../../src/providers/providerTypes';
import { startForwardProxy, type ForwardProxy } from '../upstreams/forwardProxy';
import { startUpstream, type Upstream } from '../upstreams/server';
import { call, chatBody, GatewayPool, route, upstreamKeys } from './gatewayFixture';

const key = 'sk-proxy-auth-1';
const credentials = { user: 'ann.lee@corp', password: 'pä55 word:with colon' };
const basic = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;

function target(baseUrl: string): ProviderTarget {
  return { type: 'openai-compatible', typeLabel: providerType('openai-compatible').label, baseUrl, secret: key, headers: {} };
}

/** The proxy URL with the user name in it, percent-encoded as a URL needs. */
const withUser = (proxy: ForwardProxy, user = credentials.user) => `http://${encodeURIComponent(user)}@127.0.0.1:${proxy.port}`;

describe('proxy credentials', () => {
  it('a proxy URL may name the user, never the password, which the message says where to set', () => {
    assert.ok(proxyUrlSchema.safeParse('http://ann@proxy.corp:3128').success);
    assert.ok(networkSchema.safeParse({ proxy: 'https://ann%40corp@proxy.corp:8443' }).success);
    const refused = proxyUrlSchema.safeParse('http://ann:secret@proxy.corp:3128');
    assert.ok(!refused.success);
    assert.match(refused.error.issues[0].message, /Leave the password out of the proxy URL.*Set Proxy Password.*secret storage/);
    assert.ok(!proxyUrlSchema.safeParse('http://:secret@proxy.corp:3128').success, 'a password without a user name too');
  });

  it('the dispatcher gets the URL without the user, and Basic credentials only with a password', () => {
    assert.deepEqual(proxyCredentials('http://ann%40corp@proxy.corp:3128', 'pw'), { uri: 'http://proxy.corp:3128', token: `Basic ${Buffer.from('ann@corp:pw').toString('base64')}` });
    assert.deepEqual(proxyCredentials('http://ann@proxy.corp:3128', undefined), { uri: 'http://proxy.corp:3128' });
    assert.deepEqual(proxyCredentials('http://proxy.corp:3128', 'pw'), { uri: 'http://proxy.corp:3128' });
    const plan = planDispatcher(resolveNetwork({ proxy: 'http://ann@proxy.corp:3128' }, undefined, 'pw'), 'https://api.example.com');
    assert.equal(plan.kind, 'proxy');
    assert.equal(plan.kind === 'proxy' && plan.options.token, `Basic ${Buffer.from('ann:pw').toString('base64')}`);
    assert.equal(resolveNetwork({}, undefined, 'pw').proxyPassword, undefined, 'no proxy, no password kept');
  });
});

describe('proxy credentials on the wire', () => {
  let up: Upstream;
  let proxy: ForwardProxy;
  beforeEach(async () => {
    up = await startUpstream({ protocols: ['openai-chat'], models: ['via-auth-proxy'], expectedKey: key });
    proxy = await startForwardProxy({ credentials });
  });
  afterEach(async () => {
    await proxy.close();
    await up.close();
  });

  const request = (network: NetworkSettings, proxyPassword?: string): ConnectRequest => ({ target: target(`${up.url}/v1`), network: { timeoutMs: 5000, ...network }, ...(proxyPassword !== undefined ? { proxyPassword } : {}) });

  async function failure(r: ConnectRequest) {
    const out = await runTestConnection(r);
    if (out.ok) assert.fail('the test passes through a proxy that wants credentials');
    return out.failure;
  }

  it('without credentials: a 407 that says to put the user name in the URL and set the password', async () => {
    const f = await failure(request({ proxy: proxy.url }));
    assert.deepEqual([f.kind, f.status], ['proxy', 407]);
    assert.match(f.message, new RegExp(`proxy 127\\.0\\.0\\.1:${proxy.port} asks for credentials \\(HTTP 407`));
    assert.match(f.hint, /http:\/\/user@127\.0\.0\.1:\d+.*Set Proxy Password/);
    assert.deepEqual(proxy.requests.map((r) => [r.method, r.status, r.proxyAuthorization]), [['CONNECT', 407, undefined]]);
    assert.equal(up.requests.length, 0, 'nothing reached the provider');
  });

  it('a user name without a password: the 407 names the user and the missing password', async () => {
    const f = await failure(request({ proxy: withUser(proxy) }));
    assert.equal(f.kind, 'proxy');
    assert.match(f.hint, /names the user ann\.lee@corp but no password is set.*Set Proxy Password/);
    assert.equal(proxy.requests[0].proxyAuthorization, undefined, 'no half credentials are sent');
  });

  it('a wrong password: the 407 says the credentials were refused', async () => {
    const f = await failure(request({ proxy: withUser(proxy) }, 'not the password'));
    assert.equal(f.kind, 'proxy');
    assert.match(f.message, /refused the credentials of ann\.lee@corp \(HTTP 407\)/);
    assert.match(f.hint, /replace the password/);
  });

  it('the user name and the password: Proxy-Authorization Basic, and the list arrives', async () => {
    const out = await runListModels(request({ proxy: withUser(proxy) }, credentials.password));
    if (!out.ok) assert.fail(`${out.failure.kind}: ${out.failure.message}`);
    assert.deepEqual(out.models.map((m) => m.id), ['via-auth-proxy']);
    assert.deepEqual(proxy.requests, [{ method: 'CONNECT', target: `127.0.0.1:${up.port}`, proxyAuthorization: basic }]);
    const seen = up.requests[0];
    assert.equal(seen.apiKey, key);
    assert.equal(seen.headers['proxy-authorization'], undefined, 'the proxy credentials stay with the proxy');
  });
});

describe('the gateway through a proxy that wants credentials', () => {
  const pool = new GatewayPool();
  let up: Upstream;
  let proxy: ForwardProxy;
  before(async () => {
    up = await startUpstream({ protocols: ['openai-chat'], reply: 'through the proxy', expectedKey: upstreamKeys.lab });
    proxy = await startForwardProxy({ credentials });
  });
  after(async () => {
    await pool.stopAll();
    await proxy.close();
    await up.close();
  });

  it('sends the password from the route\'s network as Basic credentials, and a changed password gets a new dispatcher', async () => {
    let password = credentials.password;
    const { port } = await pool.start({
      resolveRoute: () => route('lab', 'openai-compatible', `${up.url}/v1`, 'via-auth-proxy', { network: resolveNetwork({ proxy: withUser(proxy), timeoutMs: 5000 }, undefined, password) }),
    });
    const ok = await call(port, { path: '/openai/v1/chat/completions', body: chatBody('x') });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json().choices[0].message.content, 'through the proxy');
    assert.equal(proxy.requests.at(-1)?.proxyAuthorization, basic);

    password = 'not the password';
    const refused = await call(port, { path: '/openai/v1/chat/completions', body: chatBody('x') });
    assert.ok(refused.status >= 500, `${refused.status} ${refused.text}`);
    assert.equal(proxy.requests.at(-1)?.proxyAuthorization, `Basic ${Buffer.from(`${credentials.user}:${password}`).toString('base64')}`, 'the new password was sent, on a new dispatcher');
    assert.ok(!refused.text.includes(password), 'the answer never echoes the password');
  });
});
