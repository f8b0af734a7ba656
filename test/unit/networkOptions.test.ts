/** The network settings schema, the dispatcher plan built from it, and loading old documents. */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { loadDocument } from '../../src/providers/document';
import { planDispatcher, resolveNetwork } from '../../src/providers/network/dispatcherOptions';
import { networkSchema, proxyUrlSchema, caBundlePathSchema, defaultTimeoutMs } from '../../src/providers/network/settings';
import { providerSchema } from '../../src/providers/provider';

describe('network settings', () => {
  it('accepts every field optional, and the full set', () => {
    assert.ok(networkSchema.safeParse({}).success);
    const full = { proxy: 'http://proxy.corp:3128', noProxy: ['localhost', '.corp'], caBundlePath: '/etc/ssl/corp.pem', timeoutMs: 60_000, allowInvalidCertificate: true };
    assert.deepEqual(networkSchema.parse(full), full);
  });

  it('refuses a proxy with a password, a path, or another scheme', () => {
    assert.match(proxyUrlSchema.safeParse('http://u:p@proxy:3128').error!.issues[0].message, /password/);
    assert.match(proxyUrlSchema.safeParse('socks5://proxy:1080').error!.issues[0].message, /http or https/);
    assert.match(proxyUrlSchema.safeParse('http://proxy:3128/x').error!.issues[0].message, /no path/);
    assert.match(proxyUrlSchema.safeParse('proxy.corp:3128').error!.issues[0].message, /URL/);
    assert.match(proxyUrlSchema.safeParse('not a url').error!.issues[0].message, /URL/);
    assert.ok(proxyUrlSchema.safeParse('https://proxy.corp:8443').success);
  });

  it('wants an absolute CA path and a timeout of 1 s–10 min', () => {
    assert.ok(caBundlePathSchema.safeParse('~/certs/ca.pem').success);
    assert.ok(caBundlePathSchema.safeParse('C:\\certs\\ca.pem').success);
    assert.ok(!caBundlePathSchema.safeParse('certs/ca.pem').success);
    assert.ok(!networkSchema.safeParse({ timeoutMs: 999 }).success);
    assert.ok(!networkSchema.safeParse({ timeoutMs: 600_001 }).success);
    assert.ok(!networkSchema.safeParse({ timeoutMs: 1500.5 }).success);
  });

  it('a stored document with no or old network settings still loads; unreadable ones cost only the settings', () => {
    const provider = (network?: unknown) => ({ id: 'p', name: 'P', type: 'openai', models: [], ...(network === undefined ? {} : { network }) });
    const plain = loadDocument({ schemaVersion: 1, providers: [provider()], assignments: {} });
    assert.equal(plain.document.providers.length, 1);
    assert.equal(plain.problems.length, 0);
    const placeholderShape = loadDocument({ schemaVersion: 1, providers: [provider({ proxy: 'http://proxy:3128', caBundlePath: '/ca.pem', timeoutMs: 5000 })], assignments: {} });
    assert.equal(placeholderShape.problems.length, 0);
    assert.equal(placeholderShape.document.providers[0].network?.proxy, 'http://proxy:3128');
    const bad = loadDocument({ schemaVersion: 1, providers: [provider({ proxy: 'not a url', future: 1 })], assignments: {} });
    assert.equal(bad.document.providers.length, 1, 'the provider is kept');
    assert.equal(bad.document.providers[0].network, undefined);
    assert.match(bad.problems[0].message, /network settings were dropped/);
  });

  it('lives on every provider type', () => {
    assert.ok(providerSchema.safeParse({ id: 'b', name: 'B', type: 'bedrock', region: 'us-east-1', aws: { method: 'apiKey' }, network: { timeoutMs: 2000 } }).success);
  });
});

describe('dispatcher plan', () => {
  const roots = ['ROOT-1', 'ROOT-2'];

  it('goes direct with Node defaults and the 30 s timeout when nothing is set', () => {
    const plan = planDispatcher(resolveNetwork(undefined), 'https://api.openai.com/v1', roots);
    assert.deepEqual(plan, { kind: 'direct', options: { connect: { rejectUnauthorized: true, timeout: defaultTimeoutMs }, headersTimeout: defaultTimeoutMs, bodyTimeout: defaultTimeoutMs } });
  });

  it('adds the CA file to the roots rather than replacing them, and honours the opt-out', () => {
    const plan = planDispatcher(resolveNetwork({ allowInvalidCertificate: true, timeoutMs: 5000 }, 'PEM'), 'https://x.test', roots);
    assert.equal(plan.kind, 'direct');
    assert.deepEqual(plan.options.connect, { ca: ['ROOT-1', 'ROOT-2', 'PEM'], rejectUnauthorized: false, timeout: 5000 });
  });

  it('uses the proxy, with the same TLS towards the provider and the proxy, except for no-proxy hosts', () => {
    const net = resolveNetwork({ proxy: 'http://proxy:3128', noProxy: ['internal.corp'] }, 'PEM');
    const plan = planDispatcher(net, 'https://api.anthropic.com', roots);
    assert.equal(plan.kind, 'proxy');
    if (plan.kind !== 'proxy') return;
    assert.equal(plan.options.uri, 'http://proxy:3128');
    assert.deepEqual(plan.options.requestTls.ca, ['ROOT-1', 'ROOT-2', 'PEM']);
    assert.deepEqual(plan.options.proxyTls, plan.options.requestTls);
    assert.equal(planDispatcher(net, 'https://llm.internal.corp/v1', roots).kind, 'direct');
  });

  it('every timeout equals the provider timeout, for any valid setting', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 600_000 }), fc.boolean(), (timeoutMs, proxied) => {
        const plan = planDispatcher(resolveNetwork({ timeoutMs, ...(proxied ? { proxy: 'http://p:1' } : {}) }), 'https://h.test');
        assert.equal(plan.options.headersTimeout, timeoutMs);
        assert.equal(plan.options.bodyTimeout, timeoutMs);
        const connectTimeout = plan.kind === 'proxy' ? plan.options.requestTls.timeout : plan.options.connect.timeout;
        assert.equal(connectTimeout, timeoutMs);
      }),
    );
  });
});
