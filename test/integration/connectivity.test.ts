/**
 * Test Connection and Refresh Models in the real extension host, against loopback doubles:
 * the lazily loaded dist/connect.js, the messages for each fault, the proxy and CA settings,
 * and the picked models landing in the store (the QuickPick answered through the testing API).
 * Every server is on 127.0.0.1 and every wait is bounded.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RefreshUi } from '../../src/extension/commands/refreshModels';
import type { TestingApi } from '../../src/extension/testingApi';
import type { TestOutcome } from '../../src/providers/connect/operations';
import { addProvider, updateProvider } from '../../src/providers/operations';
import type { NetworkSettings } from '../../src/providers/network/settings';
import { startForwardProxy } from '../upstreams/forwardProxy';
import { startUpstream, type Upstream, type UpstreamOptions } from '../upstreams/server';
import { startTlsFront } from '../upstreams/tlsFront';
import { resetStore, switchboard } from './helpers';

const key = 'sk-connectivity-3f9a';

function connectLoaded(): boolean {
  return Object.keys(require.cache).some((p) => /[\\/]dist[\\/]connect\.js$/.test(p));
}

describe('connectivity (extension host)', function () {
  this.timeout(60_000);
  let api: TestingApi;
  let up: Upstream | undefined;

  before(async () => {
    api = await switchboard();
  });
  beforeEach(async () => resetStore(api));
  afterEach(async () => {
    await up?.close();
    up = undefined;
  });
  after(async () => {
    await resetStore(api);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function provider(baseUrl: string, network?: NetworkSettings, type: 'openai-compatible' | 'anthropic' = 'openai-compatible'): Promise<string> {
    const p = await api.services.store.apply(addProvider({ name: `Loop ${Date.now()}`, type, baseUrl, agents: [], ...(network ? { network } : {}) }), 'test: add provider');
    await api.services.store.secrets.setKey(p.id, key);
    return p.id;
  }

  async function double(options: UpstreamOptions): Promise<Upstream> {
    up = await startUpstream({ protocols: ['openai-chat'], expectedKey: key, ...options });
    return up;
  }

  const test = (id: string) => vscode.commands.executeCommand<TestOutcome>('switchboard.testConnection', id);

  it('loads the network bundle only on first use, and Test Connection proves URL and key', async () => {
    assert.equal(connectLoaded(), false, 'dist/connect.js is not loaded by activation');
    const u = await double({ models: ['m1', 'm2'] });
    const outcome = await test(await provider(`${u.url}/v1`));
    assert.ok(outcome?.ok, JSON.stringify(outcome));
    assert.equal(outcome.via, 'list');
    assert.equal(outcome.models, 2);
    assert.ok(connectLoaded());
  });

  const faults: { name: string; options: UpstreamOptions; network?: NetworkSettings; kind: string; text: RegExp }[] = [
    { name: 'a wrong key (401)', options: { expectedKey: 'another-key' }, kind: 'auth', text: /refused the key.*Set API Key/ },
    { name: 'a wrong path (404)', options: { fault: () => ({ status: 404, body: { error: { message: 'nope' } } }) }, kind: 'not-found', text: /HTTP 404.*\/v1/ },
    { name: 'rate limiting (429)', options: { fault: () => ({ status: 429, body: { error: { message: 'slow' } } }) }, kind: 'rate-limited', text: /429.*quota/ },
    { name: 'a server error (500)', options: { fault: () => ({ status: 500, body: { error: { message: 'boom' } } }) }, kind: 'server', text: /HTTP 500/ },
    { name: 'a slow server', options: { fault: () => ({ delayMs: 4000, body: { data: [] } }) }, network: { timeoutMs: 1000 }, kind: 'timeout', text: /did not answer in time.*timeout/ },
    { name: 'an HTML page', options: { fault: () => ({ body: '<html>login</html>', contentType: 'text/html' }) }, kind: 'not-json', text: /not with JSON/ },
    { name: 'a redirect to another host', options: { fault: () => ({ status: 302, location: 'https://sso.example.com/' }) }, kind: 'redirect', text: /does not follow redirects/ },
  ];
  for (const f of faults) {
    it(`Test Connection explains ${f.name}`, async () => {
      const u = await double(f.options);
      const outcome = await test(await provider(`${u.url}/v1`, f.network));
      assert.ok(outcome && !outcome.ok, 'the test fails');
      assert.equal(outcome.failure.kind, f.kind, outcome.failure.message);
      assert.match(`${outcome.failure.message} ${outcome.failure.hint}`, f.text);
    });
  }

  it('Test Connection explains a refused connection', async () => {
    const u = await double({});
    const url = `${u.url}/v1`;
    await u.close();
    const outcome = await test(await provider(url));
    assert.ok(outcome && !outcome.ok);
    assert.equal(outcome.failure.kind, 'refused');
  });

  it('a self-signed server needs the CA file, and the proxy setting is used', async () => {
    const u = await double({ protocols: ['anthropic'], models: ['claude-loop'] });
    const front = await startTlsFront(u.port);
    const proxy = await startForwardProxy();
    try {
      const id = await provider(front.url, undefined, 'anthropic');
      const untrusted = await test(id);
      assert.ok(untrusted && !untrusted.ok);
      assert.equal(untrusted.failure.kind, 'tls-untrusted');
      assert.match(untrusted.failure.hint, /CA file/);
      await api.services.store.apply(updateProvider(id, { network: { caBundlePath: front.caFile, proxy: proxy.url } }), 'test: network');
      const trusted = await test(id);
      assert.ok(trusted?.ok, JSON.stringify(trusted));
      assert.deepEqual(proxy.requests.map((r) => r.method), ['CONNECT']);
    } finally {
      await proxy.close();
      await front.close();
    }
  });

  it('Refresh Models adds the picked models, keeps the list, and offers it when a refresh fails', async () => {
    const u = await double({ models: ['alpha', 'beta', 'gamma-embed'] });
    const id = await provider(`${u.url}/v1`);
    const offered: string[][] = [];
    let cachedAsked = 0;
    const ui = (pick: string[]): RefreshUi => ({
      async pick(_p, choices) {
        offered.push(choices.map((c) => c.model.id));
        return pick;
      },
      async useCached() {
        cachedAsked++;
        return true;
      },
    });
    const first = await api.refreshModels(id, ui(['alpha', 'gamma-embed']));
    assert.equal(first.source, 'fresh');
    assert.deepEqual(offered[0], ['alpha', 'beta', 'gamma-embed']);
    const models = api.services.store.provider(id)!.models;
    assert.deepEqual(models.map((m) => [m.id, m.kind, m.contextLimit]), [['alpha', 'chat', 128_000], ['gamma-embed', 'embedding', 128_000]]);

    await u.close();
    const second = await api.refreshModels(id, ui(['beta']));
    assert.equal(second.outcome.ok, false);
    assert.equal(second.source, 'cached');
    assert.equal(cachedAsked, 1);
    assert.deepEqual(offered[1], ['beta'], 'models already added are not offered again');
    assert.deepEqual(api.services.store.provider(id)!.models.map((m) => m.id), ['alpha', 'gamma-embed', 'beta']);
  });

  it('Refresh Models with nothing picked adds nothing', async () => {
    const u = await double({ models: ['one'] });
    const id = await provider(`${u.url}/v1`);
    const result = await api.refreshModels(id, { pick: async () => undefined, useCached: async () => false });
    assert.deepEqual(result.added, []);
    assert.equal(api.services.store.provider(id)!.models.length, 0);
  });

  it('Bedrock: Test Connection, Refresh Models and an embeddings call, SigV4-signed, through dist/connect.js', async () => {
    const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
    const u = (up = await startUpstream({ protocols: [], bedrock: { region: 'us-west-2', credentials, maxPageSize: 2 } }));
    const p = await api.services.store.apply(
      addProvider({ name: `Bedrock ${Date.now()}`, type: 'bedrock', baseUrl: u.url, region: 'us-west-2', aws: { method: 'accessKey', accessKeyId: credentials.accessKeyId }, agents: [] }),
      'test: add provider',
    );
    await api.services.store.secrets.setKey(p.id, credentials.secretAccessKey);
    const tested = await test(p.id);
    assert.ok(tested?.ok, JSON.stringify(tested));
    assert.equal(tested.models, 9);

    let offered: string[] = [];
    const result = await api.refreshModels(p.id, {
      async pick(_p, choices) {
        offered = choices.map((c) => c.model.id);
        return ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'amazon.titan-embed-text-v2:0'];
      },
      useCached: async () => false,
    });
    assert.equal(result.source, 'fresh');
    assert.ok(offered.includes('global.anthropic.claude-sonnet-4-5-20250929-v1:0'), 'the last page of inference profiles is offered');
    assert.ok(!offered.includes('stability.sd3-5-large-v1:0'), 'image models are not');
    const stored = api.services.store.provider(p.id)!.models;
    assert.deepEqual(stored.map((m) => [m.id, m.kind]), [['amazon.titan-embed-text-v2:0', 'embedding'], ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'chat']], 'in the order of the list');

    const embedded = await test(`${p.id}/amazon.titan-embed-text-v2:0`);
    assert.ok(embedded?.ok, JSON.stringify(embedded));
    assert.equal(embedded.via, 'embedding');
    assert.ok(u.requests.every((r) => r.status === 200 && /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-west-2\/bedrock\/aws4_request/.test(String(r.headers.authorization))), 'every request was signed and accepted');
  });

  it('a proxy that asks for credentials: 407 until the proxy password is set, read from secret storage', async () => {
    const u = await double({ models: ['behind-auth-proxy'] });
    const proxy = await startForwardProxy({ credentials: { user: 'ann', password: 'proxy-pw-7c1' } });
    try {
      const id = await provider(`${u.url}/v1`, { proxy: `http://ann@127.0.0.1:${proxy.port}` });
      const refused = await test(id);
      assert.ok(refused && !refused.ok);
      assert.deepEqual([refused.failure.kind, refused.failure.status], ['proxy', 407]);
      assert.match(refused.failure.hint, /names the user ann but no password is set.*Set Proxy Password/);
      await api.services.store.secrets.setProxyPassword(id, 'proxy-pw-7c1');
      const outcome = await test(id);
      assert.ok(outcome?.ok, JSON.stringify(outcome));
      assert.equal(proxy.requests.at(-1)?.proxyAuthorization, `Basic ${Buffer.from('ann:proxy-pw-7c1').toString('base64')}`);
      assert.ok((await vscode.commands.getCommands(true)).includes('switchboard.setProxyPassword'));
    } finally {
      await proxy.close();
    }
  });

  it('registers both palette commands', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(registered.has('switchboard.testConnection'));
    assert.ok(registered.has('switchboard.refreshModels'));
  });
});
