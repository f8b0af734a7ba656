import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cacheState, describeAge, retryAfterFailureMs, shouldRefresh, ttlMinutesOf } from '../../src/providers/catalog/cachePolicy';
import { catalogSections } from '../../src/providers/catalog/catalogModel';
import { CatalogFetchError, fetchCatalogText } from '../../src/providers/catalog/fetchCatalog';
import { parsedOrThrow, smallCatalogText, snapshotOrSkip } from './catalogFixtures';

describe('catalog: cache policy', () => {
  const url = 'https://models.dev/api.json';
  const at = Date.UTC(2026, 0, 1);
  const meta = { url, fetchedAt: at, bytes: 10 };
  const minutes = (n: number) => at + n * 60_000;

  it('is missing without a copy, fresh for the TTL, then stale', () => {
    assert.equal(cacheState(undefined, url, at, 120), 'missing');
    assert.equal(cacheState(meta, url, minutes(0), 120), 'fresh');
    assert.equal(cacheState(meta, url, minutes(119.9), 120), 'fresh');
    assert.equal(cacheState(meta, url, minutes(120), 120), 'stale');
    assert.equal(cacheState(meta, url, minutes(60 * 24 * 30), 120), 'stale');
  });

  it('is stale at once with TTL 0, for another URL, or when the clock went back', () => {
    assert.equal(cacheState(meta, url, at, 0), 'stale');
    assert.equal(cacheState(meta, 'http://127.0.0.1:9/api.json', at, 120), 'stale');
    assert.equal(cacheState(meta, url, minutes(-60), 120), 'stale');
    assert.equal(cacheState(meta, url, minutes(-1), 120), 'fresh', 'a little skew is tolerated');
  });

  it('refreshes a stale copy, but not again right after a failure', () => {
    assert.equal(shouldRefresh('fresh', at), false);
    assert.equal(shouldRefresh('missing', at, at), true, 'no copy: always try');
    assert.equal(shouldRefresh('stale', at), true);
    assert.equal(shouldRefresh('stale', at + 1000, at), false);
    assert.equal(shouldRefresh('stale', at + retryAfterFailureMs, at), true);
  });

  it('reads the TTL setting defensively', () => {
    assert.equal(ttlMinutesOf(30), 30);
    assert.equal(ttlMinutesOf(0), 0);
    for (const bad of [-1, '30', null, undefined, Number.NaN, Infinity, 1e9]) assert.equal(ttlMinutesOf(bad), 120);
  });

  it('says how old a copy is', () => {
    assert.equal(describeAge(10_000), 'less than a minute');
    assert.equal(describeAge(60_000), '1 minute');
    assert.equal(describeAge(3 * 3_600_000), '3 hours');
    assert.equal(describeAge(5 * 86_400_000), '5 days');
  });

  it('every section the provider types use exists in the real snapshot', function () {
    const catalog = parsedOrThrow(snapshotOrSkip(this));
    for (const [type, section] of Object.entries(catalogSections)) if (section) assert.ok(catalog.providers.get(section)?.models.length, `${type} → ${section}`);
  });
});

describe('catalog: download', () => {
  let server: http.Server;
  let base: string;
  const routes = new Map<string, (res: http.ServerResponse) => void>();
  before(async () => {
    server = http.createServer((req, res) => {
      const route = routes.get(req.url ?? '');
      if (route) route(res);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  const fails = async (promise: Promise<unknown>, pattern: RegExp) => assert.rejects(promise, (e: Error) => e instanceof CatalogFetchError && pattern.test(e.message));

  it('downloads the body and follows a redirect on the same host', async () => {
    routes.set('/api.json', (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(smallCatalogText()));
    routes.set('/moved', (res) => res.writeHead(301, { location: '/api.json' }).end());
    const got = await fetchCatalogText(`${base}/moved`);
    assert.equal(got.text, smallCatalogText());
    assert.equal(got.finalUrl, `${base}/api.json`);
  });

  it('refuses a redirect to another host', async () => {
    routes.set('/away', (res) => res.writeHead(302, { location: 'http://evil.example/api.json' }).end());
    await fails(fetchCatalogText(`${base}/away`), /refused a redirect from 127\.0\.0\.1:\d+ to another host \(evil\.example\)/);
  });

  it('caps the size, whether declared or streamed', async () => {
    routes.set('/big', (res) => res.writeHead(200, { 'content-length': '5000' }).end('x'.repeat(5000)));
    await fails(fetchCatalogText(`${base}/big`, { maxBytes: 1000 }), /larger than/);
    routes.set('/chunked', (res) => {
      res.writeHead(200);
      for (let i = 0; i < 20; i++) res.write('y'.repeat(100));
      res.end();
    });
    await fails(fetchCatalogText(`${base}/chunked`, { maxBytes: 1000 }), /larger than/);
  });

  it('names the cause: HTTP status, refused connection, timeout, bad URL', async () => {
    await fails(fetchCatalogText(`${base}/nothing-here`), /HTTP 404/);
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await fails(fetchCatalogText(`http://127.0.0.1:${port}/api.json`), /connection refused \(.*ECONNREFUSED/);
    routes.set('/slow', () => undefined); // never answers
    await fails(fetchCatalogText(`${base}/slow`, { timeoutMs: 200 }), /no answer within 0 s|no answer within/);
    await fails(fetchCatalogText('file:///etc/passwd'), /http or https, not file/);
    await fails(fetchCatalogText('not a url'), /is not a URL/);
  });

  it('uses the injected fetch', async () => {
    const seen: string[] = [];
    const got = await fetchCatalogText('https://models.dev/api.json', { fetch: async (url) => (seen.push(url), new Response('{"a":1}', { status: 200 })) });
    assert.deepEqual(seen, ['https://models.dev/api.json']);
    assert.equal(got.text, '{"a":1}');
  });
});
