/**
 * Model lists and Test Connection against the loopback doubles, through the real undici
 * transport and SDKs: each documented wire format with its pagination, and the faults a user
 * meets (401, 404, 500, slow, not JSON, malformed, redirects, self-signed TLS, a proxy).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runListModels, runTestConnection, type ConnectRequest } from '../../src/providers/connect/operations';
import type { ProviderTarget } from '../../src/providers/connect/target';
import type { NetworkSettings } from '../../src/providers/network/settings';
import { providerType, type ProviderTypeId } from '../../src/providers/providerTypes';
import { startForwardProxy, type ForwardProxy } from '../upstreams/forwardProxy';
import { startUpstream, type Upstream, type UpstreamOptions } from '../upstreams/server';
import { startTlsFront, type TlsFront } from '../upstreams/tlsFront';

const key = 'sk-test-connect-1';

function target(type: ProviderTypeId, baseUrl: string, extra: Partial<ProviderTarget> = {}): ProviderTarget {
  return { type, typeLabel: providerType(type).label, baseUrl, secret: key, headers: {}, ...extra };
}

function req(t: ProviderTarget, network?: NetworkSettings): ConnectRequest {
  return { target: t, ...(network ? { network } : {}) };
}

async function ids(r: ConnectRequest): Promise<string[]> {
  const out = await runListModels(r);
  if (!out.ok) assert.fail(`listing failed: ${out.failure.kind}: ${out.failure.message}`);
  return out.models.map((m) => m.id);
}

async function failure(r: ConnectRequest) {
  const out = await runTestConnection(r);
  assert.equal(out.ok, false, 'the connection test fails');
  return (out as Extract<typeof out, { ok: false }>).failure;
}

describe('model lists over the wire', () => {
  let up: Upstream;
  const start = async (options: UpstreamOptions) => (up = await startUpstream({ expectedKey: key, ...options }));
  afterEach(async () => up?.close());

  it('OpenAI-compatible: GET {base}/models with the key and the custom headers', async () => {
    await start({ protocols: ['openai-chat'], models: ['gpt-b', 'gpt-a', 'text-embedding-3-small'] });
    const out = await runListModels(req(target('openai-compatible', `${up.url}/v1`, { headers: { 'X-Team': 'lab' } })));
    assert.ok(out.ok);
    assert.deepEqual(out.models.map((m) => [m.id, m.kind]), [['gpt-a', 'chat'], ['gpt-b', 'chat'], ['text-embedding-3-small', 'embedding']]);
    const seen = up.requests.find((r) => r.path === '/v1/models')!;
    assert.equal(seen.apiKey, key);
    assert.equal(seen.headers['x-team'], 'lab');
  });

  it('Anthropic: follows has_more / last_id with after_id across pages', async () => {
    const models = Array.from({ length: 7 }, (_, i) => `claude-${i}`);
    await start({ protocols: ['anthropic'], models, maxPageSize: 3 });
    assert.deepEqual(await ids(req(target('anthropic', `${up.url}/v1`))), models);
    const pages = up.requests.filter((r) => r.path === '/v1/models');
    assert.deepEqual(pages.map((r) => r.query.after_id), [undefined, 'claude-2', 'claude-5']);
    assert.equal(pages[0].apiKey, key);
    assert.ok(pages[0].headers['anthropic-version']);
  });

  it('Gemini: follows nextPageToken, keeps chat and embedding models', async () => {
    await start({ protocols: ['gemini'], models: ['gemini-a', 'gemini-b', 'gemini-c', 'gemini-d', 'gemini-e'], maxPageSize: 2 });
    const out = await runListModels(req(target('gemini', `${up.url}/v1beta`)));
    assert.ok(out.ok);
    assert.deepEqual(out.models.map((m) => m.id), ['gemini-a', 'gemini-b', 'gemini-c', 'gemini-d', 'gemini-e']);
    assert.equal(out.models[0].contextLimit, 1048576 + 65536);
    assert.deepEqual(up.requests.map((r) => r.query.pageToken), [undefined, '2', '4']);
    assert.equal(up.requests[0].headers['x-goog-api-key'], key);
  });

  it('Ollama: /api/tags, and /v1/models when tags are not offered', async () => {
    await start({ protocols: ['openai-chat'], models: ['llama3.2:1b', 'nomic-embed-text'], expectedKey: undefined });
    const out = await runListModels(req(target('ollama', `${up.url}/v1`, { secret: undefined })));
    assert.ok(out.ok);
    assert.deepEqual(out.models.map((m) => [m.id, m.kind]), [['llama3.2:1b', 'chat'], ['nomic-embed-text', 'embedding']]);
    assert.equal(up.requests[0].path, '/api/tags');
    assert.equal(up.requests[0].headers.authorization, undefined);
    up.setReply('x');
    await up.close();
    await start({ protocols: ['openai-chat'], models: ['only-openai'], expectedKey: undefined, fault: (r) => (r.path === '/api/tags' ? { status: 404, body: '404 page not found' } : undefined) });
    assert.deepEqual(await ids(req(target('ollama', `${up.url}/v1`, { secret: undefined }))), ['only-openai']);
    assert.deepEqual(up.requests.map((r) => r.path), ['/api/tags', '/v1/models']);
  });

  it('Azure OpenAI: deployments with the api-version and the api-key header', async () => {
    await start({ protocols: ['openai-chat'], models: ['gpt-4o-deploy', 'embed-deploy'] });
    const out = await runListModels(req(target('azure-openai', `${up.url}/openai`, { apiVersion: '2024-10-21' })));
    assert.ok(out.ok);
    assert.deepEqual(out.models.map((m) => m.id), ['embed-deploy', 'gpt-4o-deploy']);
    assert.equal(up.requests[0].query['api-version'], '2024-10-21');
    assert.equal(up.requests[0].headers['api-key'], key);
  });

  it('a malformed list is an error naming the problem, not an empty list', async () => {
    await start({ protocols: ['openai-chat'], fault: () => ({ status: 200, body: { object: 'list', models: [] } }) });
    const f = await failure(req(target('openai', `${up.url}/v1`)));
    assert.equal(f.kind, 'malformed');
    assert.match(f.message, /data/);
  });
});

describe('Test Connection faults', () => {
  let up: Upstream;
  afterEach(async () => up?.close());

  const cases: { name: string; fault: UpstreamOptions['fault']; kind: string; hint: RegExp; type?: ProviderTypeId }[] = [
    { name: '401', fault: () => ({ status: 401, body: { error: { message: 'Incorrect API key provided' } } }), kind: 'auth', hint: /Set API Key/ },
    { name: '403', fault: () => ({ status: 403, body: { error: { message: 'no' } } }), kind: 'forbidden', hint: /permissions/ },
    { name: '404', fault: () => ({ status: 404, body: { error: { message: 'not found' } } }), kind: 'not-found', hint: /\/v1/ },
    { name: '404 on Azure', fault: () => ({ status: 404, body: { error: { code: '404', message: 'Resource not found' } } }), kind: 'not-found', hint: /openai\/deployments\/<name>.*api-version/, type: 'azure-openai' },
    { name: '429', fault: () => ({ status: 429, body: { error: { message: 'slow down' } } }), kind: 'rate-limited', hint: /quota/ },
    { name: '500', fault: () => ({ status: 500, body: { error: { message: 'boom' } } }), kind: 'server', hint: /try again later/ },
    { name: 'an HTML page', fault: () => ({ status: 200, body: '<html>Sign in</html>', contentType: 'text/html' }), kind: 'not-json', hint: /web page/ },
    { name: 'a redirect to another host', fault: () => ({ status: 302, location: 'http://login.example.com/sso' }), kind: 'redirect', hint: /base URL/ },
  ];
  for (const c of cases) {
    it(`classifies ${c.name}`, async () => {
      up = await startUpstream({ protocols: ['openai-chat'], fault: c.fault });
      const type = c.type ?? 'openai-compatible';
      const f = await failure(req(target(type, type === 'azure-openai' ? `${up.url}/openai` : `${up.url}/v1`, { apiVersion: '2024-10-21' })));
      assert.equal(f.kind, c.kind, f.message);
      assert.match(f.hint, c.hint);
    });
  }

  it('follows a redirect on the same host', async () => {
    up = await startUpstream({ protocols: ['openai-chat'], models: ['m'], fault: (r) => (r.path === '/old/models' ? { status: 301, location: '/v1/models' } : undefined) });
    const out = await runTestConnection(req(target('openai-compatible', `${up.url}/old`)));
    assert.ok(out.ok);
  });

  it('times out a slow server within the provider timeout', async () => {
    up = await startUpstream({ protocols: ['openai-chat'], fault: () => ({ delayMs: 5000, status: 200, body: { data: [] } }) });
    const started = Date.now();
    const f = await failure(req(target('openai-compatible', `${up.url}/v1`), { timeoutMs: 1000 }));
    assert.equal(f.kind, 'timeout');
    assert.ok(Date.now() - started < 4000, 'bounded by the timeout');
  });

  it('reports a refused connection with the fix', async () => {
    up = await startUpstream();
    const port = up.port;
    await up.close();
    const f = await failure(req(target('openai-compatible', `http://127.0.0.1:${port}/v1`)));
    assert.equal(f.kind, 'refused');
    assert.match(f.hint, /port/);
  });

  it('proves the key with a 1-token request where the server offers no model list', async () => {
    up = await startUpstream({ protocols: ['openai-chat'], fault: (r) => (r.path.endsWith('/models') ? { status: 404, body: { error: { message: 'no list' } } } : undefined) });
    const out = await runTestConnection(req(target('openai-compatible', `${up.url}/v1`, { probeModel: 'm1' })));
    assert.ok(out.ok);
    assert.equal(out.via, 'completion');
    const call = up.modelCalls('openai-chat')[0];
    assert.equal(call.body.max_tokens, 1);
  });

  it('stops when cancelled', async () => {
    up = await startUpstream({ protocols: ['openai-chat'], fault: () => ({ delayMs: 5000 }) });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const out = await runTestConnection({ target: target('openai-compatible', `${up.url}/v1`), signal: controller.signal });
    assert.equal(out.ok, false);
    assert.equal((out as { failure: { kind: string } }).failure.kind, 'cancelled');
  });
});

describe('network settings on the wire', () => {
  let up: Upstream;
  let front: TlsFront | undefined;
  let proxy: ForwardProxy | undefined;
  afterEach(async () => {
    await front?.close();
    await proxy?.close();
    await up?.close();
    front = proxy = undefined;
  });

  it('a self-signed server fails with the CA hint, then works with the CA file or the opt-in', async () => {
    up = await startUpstream({ protocols: ['openai-chat'], models: ['tls-model'] });
    front = await startTlsFront(up.port);
    const t = target('openai-compatible', `${front.url}/v1`);
    const f = await failure(req(t));
    assert.equal(f.kind, 'tls-untrusted');
    assert.match(f.hint, /CA file/);
    assert.deepEqual(await ids(req(t, { caBundlePath: front.caFile })), ['tls-model']);
    assert.deepEqual(await ids(req(t, { allowInvalidCertificate: true })), ['tls-model']);
  });

  it('a missing or non-PEM CA file is its own failure', async () => {
    up = await startUpstream({ protocols: ['openai-chat'] });
    const t = target('openai-compatible', `${up.url}/v1`);
    assert.equal((await failure(req(t, { caBundlePath: '/nonexistent/ca.pem' }))).kind, 'ca-file');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-ca-'));
    fs.writeFileSync(path.join(dir, 'x.pem'), 'not a cert');
    try {
      assert.equal((await failure(req(t, { caBundlePath: path.join(dir, 'x.pem') }))).kind, 'ca-file');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('goes through the proxy, unless the host is on the no-proxy list', async () => {
    up = await startUpstream({ protocols: ['openai-chat'], models: ['via-proxy'] });
    proxy = await startForwardProxy();
    const t = target('openai-compatible', `${up.url}/v1`);
    assert.deepEqual(await ids(req(t, { proxy: proxy.url })), ['via-proxy']);
    assert.deepEqual(proxy.requests, [{ method: 'CONNECT', target: `127.0.0.1:${up.port}` }]);
    assert.deepEqual(await ids(req(t, { proxy: proxy.url, noProxy: [`127.0.0.1:${up.port}`] })), ['via-proxy']);
    assert.equal(proxy.requests.length, 1, 'the no-proxy host went direct');
    assert.deepEqual(await ids(req(t, { proxy: proxy.url, noProxy: ['127.0.0.1:1'] })), ['via-proxy']);
    assert.equal(proxy.requests.length, 2, 'another port still uses the proxy');
  });

  it('tunnels TLS through the proxy with the CA file', async () => {
    up = await startUpstream({ protocols: ['anthropic'], models: ['claude-x'] });
    front = await startTlsFront(up.port);
    proxy = await startForwardProxy();
    assert.deepEqual(await ids(req(target('anthropic', front.url), { proxy: proxy.url, caBundlePath: front.caFile })), ['claude-x']);
    assert.deepEqual(proxy.requests.map((r) => r.target), [`127.0.0.1:${front.port}`]);
  });

  it('names the proxy when it refuses or asks for authentication', async () => {
    up = await startUpstream({ protocols: ['openai-chat'] });
    proxy = await startForwardProxy();
    proxy.refuse = 407;
    const t = target('openai-compatible', `${up.url}/v1`);
    const f = await failure(req(t, { proxy: proxy.url }));
    assert.equal(f.kind, 'proxy');
    assert.match(f.message, /407/);
    const port = proxy.port;
    await proxy.close();
    proxy = undefined;
    const g = await failure(req(t, { proxy: `http://127.0.0.1:${port}` }));
    assert.equal(g.kind, 'proxy', g.message);
  });
});
