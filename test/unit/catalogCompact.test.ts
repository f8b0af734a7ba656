import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { readCatalogModel, type CatalogModel } from '../../src/providers/catalog/catalogSchema';
import { compactCatalogVersion, decodeCompactCatalog, encodeCompactCatalog } from '../../src/providers/catalog/compactCatalog';
import { parseCatalogText } from '../../src/providers/catalog/parseCatalog';
import { catalogBodyName, compactName, readCatalogCache, writeCatalogCache, type CachedCatalog } from '../../src/extension/catalog/catalogDiskCache';
import { parsedOrThrow, smallCatalogText, snapshotOrSkip } from './catalogFixtures';

const stamp = '["https://models.dev/api.json",1,2,3,4]';

/** The models.dev entry a kept model could have come from; full validation must give the model back. */
function rawEntry(m: CatalogModel): Record<string, unknown> {
  const raw: Record<string, unknown> = { id: m.id, name: m.name, reasoning: m.reasoning, tool_call: m.toolCall, limit: { context: m.contextLimit, input: m.inputLimit, output: m.maxOutputTokens } };
  if (m.cost) raw.cost = { input: m.cost.input, output: m.cost.output, cache_read: m.cost.cacheRead, cache_write: m.cost.cacheWrite };
  if (m.modalities) raw.modalities = m.modalities;
  if (m.status) raw.status = m.status;
  const c = m.reasoningControls;
  if (c) raw.reasoning_options = [...(c.toggle ? [{ type: 'toggle' }] : []), ...(c.effort ? [{ type: 'effort', values: c.effort }] : []), ...(c.budget ? [{ type: 'budget_tokens', ...c.budget }] : [])];
  return JSON.parse(JSON.stringify(raw)) as Record<string, unknown>;
}

function decodeOk(text: string, at = stamp) {
  const read = decodeCompactCatalog(text, at);
  assert.ok(read.ok, read.ok ? '' : read.error);
  return read.catalog;
}

describe('catalog: compact copy', () => {
  it('round-trips the small catalog to exactly what full validation gives', () => {
    const catalog = parsedOrThrow(smallCatalogText());
    assert.deepEqual(decodeOk(encodeCompactCatalog(catalog, stamp)), catalog);
  });

  it('round-trips the real snapshot to exactly what full validation gives, and is smaller', function () {
    const text = snapshotOrSkip(this);
    const catalog = parsedOrThrow(text);
    const compact = encodeCompactCatalog(catalog, stamp);
    assert.deepEqual(decodeOk(compact), catalog);
    assert.ok(compact.length < text.length * 0.7, `${compact.length} of ${text.length} bytes`);
  });

  it('accepts only what full validation would keep unchanged (any edit of a model)', () => {
    const catalog = parsedOrThrow(smallCatalogText());
    const base = JSON.parse(encodeCompactCatalog(catalog, stamp)) as { providers: { models: Record<string, unknown>[] }[] };
    const fields = ['id', 'name', 'contextLimit', 'inputLimit', 'maxOutputTokens', 'cost', 'modalities', 'reasoning', 'reasoningControls', 'toolCall', 'status', 'providerId', 'extra'];
    const nested = ['input', 'output', 'cacheRead', 'effort', 'toggle', 'budget', 'min', 'max'];
    const value = fc.oneof(fc.jsonValue(), fc.constantFrom(undefined, 0, -1, 1.5, 200_000, 1e9, '', 'x y', ['text', 'text'], ['high', 'low'], { min: 10, max: 5 }));
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.constantFrom(...fields), fc.option(fc.constantFrom(...nested), { nil: undefined }), value, (pi, mi, field, inner, v) => {
        const data = structuredClone(base);
        const section = data.providers[pi % data.providers.length];
        const model = section.models[mi % section.models.length];
        const target = inner !== undefined && typeof model[field] === 'object' && model[field] !== null ? (model[field] as Record<string, unknown>) : model;
        const key = target === model ? field : inner!;
        if (v === undefined) delete target[key];
        else target[key] = v;
        const read = decodeCompactCatalog(JSON.stringify(data), stamp);
        if (!read.ok) return;
        let models = 0;
        for (const [id, p] of read.catalog.providers) {
          for (const m of p.models) {
            models++;
            assert.equal(m.providerId, id);
            assert.deepEqual(readCatalogModel(id, m.id, rawEntry(m)), { model: m }, `${id}/${m.id} is not what validation keeps`);
          }
        }
        assert.equal(models, read.catalog.modelCount);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects a truncated, corrupt, foreign, other-version or other-copy file as a whole, never throwing', () => {
    const compact = encodeCompactCatalog(parsedOrThrow(smallCatalogText()), stamp);
    const reject = (text: string, at = stamp) => {
      const read = decodeCompactCatalog(text, at);
      assert.equal(read.ok, false);
      return read as { error: string; outdated?: true };
    };
    for (let cut = 0; cut < compact.length; cut += 97) assert.match(reject(compact.slice(0, cut)).error, /not valid JSON/);
    assert.match(reject(compact.replace(/"contextLimit":\d+/, '"contextLimit":"200000"')).error, /model 0 of \S+ is malformed/);
    assert.match(reject(compact.replace(/"modelCount":\d+/, '"modelCount":14')).error, /15 models where 14/);
    assert.match(reject(compact.replace(/,"env":\[/, ',"env":[1,')).error, /provider 0 is malformed/);
    assert.match(reject(compact.replace(/"id":"([^"]+)","name"/, '"id":"$1","key":"x","name"')).error, /malformed/);
    assert.match(reject(smallCatalogText()).error, /not a compact catalog/);
    assert.match(reject('null').error, /not a compact catalog/);
    const other = reject(compact.replace(`"version":${compactCatalogVersion}`, `"version":${compactCatalogVersion + 1}`));
    assert.deepEqual([other.outdated, /format version/.test(other.error)], [true, true]);
    const copy = reject(compact, '["https://models.dev/api.json",1,2,3,5]');
    assert.deepEqual([copy.outdated, copy.error], [true, 'made from another copy of the catalog']);
    assert.match(reject(compact.replace(`"version":${compactCatalogVersion}`, '"version":{"toString":1}')).error, /format version missing/);
    fc.assert(fc.property(fc.string(), (s) => void decodeCompactCatalog(s, stamp)));
    const top = JSON.parse(compact) as Record<string, unknown>;
    const key = fc.constantFrom('format', 'version', 'stamp', 'modelCount', 'skipped', 'providers', 'toString', '__proto__');
    fc.assert(
      fc.property(key, fc.oneof(fc.jsonValue(), fc.constant({ toString: 1, valueOf: 'x' })), (k, v) => {
        const read = decodeCompactCatalog(JSON.stringify({ ...top, [k]: v }), stamp);
        if (read.ok) assert.equal(read.catalog.modelCount, 15);
      }),
      { numRuns: 1000 },
    );
    fc.assert(fc.property(fc.jsonValue(), (v) => assert.equal(decodeCompactCatalog(JSON.stringify(v) ?? '', stamp).ok, false)));
  });
});

describe('catalog: disk cache with the compact copy', () => {
  let dir: string;
  let log: { info: string[]; warn: string[] };
  const logger = () => ({ info: (m: string) => log.info.push(m), warn: (m: string) => log.warn.push(m) });
  const meta = { url: 'https://models.dev/api.json', fetchedAt: Date.UTC(2026, 0, 1), bytes: 0 };
  const read = async () => readCatalogCache(dir, logger());
  const compactFile = () => path.join(dir, compactName);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-catalog-compact-'));
    log = { info: [], warn: [] };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function written(text = smallCatalogText()) {
    const catalog = parsedOrThrow(text);
    await writeCatalogCache(dir, { text, meta: { ...meta, bytes: Buffer.byteLength(text) } }, catalog);
    return catalog;
  }

  /** Read once: the full validation, warned or noted as asked; then the rewritten compact copy serves. */
  async function fallsBackThenHeals(expected: unknown, logged: 'info' | 'warn', why: RegExp): Promise<void> {
    const first = (await read()) as CachedCatalog;
    assert.equal(first.via, 'body');
    assert.deepEqual(first.catalog, expected);
    assert.match(log[logged].join('\n'), why);
    await first.compactWritten;
    const again = (await read()) as CachedCatalog;
    assert.equal(again.via, 'compact');
    assert.deepEqual(again.catalog, expected);
  }

  it('after a download, reads the compact copy, equal to the full validation of the body', async () => {
    const catalog = await written();
    assert.ok(fs.existsSync(path.join(dir, catalogBodyName)) && fs.existsSync(compactFile()));
    const cached = (await read())!;
    assert.equal(cached.via, 'compact');
    assert.deepEqual(cached.catalog, catalog);
    assert.deepEqual(cached.meta, { ...meta, bytes: Buffer.byteLength(smallCatalogText()) });
    assert.deepEqual(log, { info: [], warn: [] });
    assert.deepEqual(fs.readdirSync(dir).sort(), [catalogBodyName, compactName, 'meta.json'].sort(), 'no temporary file left');
  });

  it('the real snapshot: the compact copy equals the full validation', async function () {
    const text = snapshotOrSkip(this);
    const catalog = await written(text);
    const cached = (await read())!;
    assert.equal(cached.via, 'compact');
    assert.deepEqual(cached.catalog, catalog);
  });

  it('a copy cached before the compact copy existed: validated in full once, then compact', async () => {
    const catalog = await written();
    fs.rmSync(compactFile());
    const first = (await read())!;
    assert.equal(first.via, 'body');
    assert.deepEqual(first.catalog, catalog);
    assert.deepEqual(log, { info: [], warn: [] }, 'nothing to say: there was no compact copy');
    await first.compactWritten;
    assert.equal((await read())!.via, 'compact');
  });

  it('a truncated compact copy: warned, the body validated in full, the copy rewritten', async () => {
    const catalog = await written();
    fs.writeFileSync(compactFile(), fs.readFileSync(compactFile(), 'utf8').slice(0, 700));
    await fallsBackThenHeals(catalog, 'warn', /not using the compact copy \(not valid JSON.*validating the downloaded copy in full/);
  });

  it('an edited compact copy (a context limit changed to nonsense): warned, never half-used', async () => {
    const catalog = await written();
    fs.writeFileSync(compactFile(), fs.readFileSync(compactFile(), 'utf8').replace(/"contextLimit":\d+/, '"contextLimit":-1'));
    await fallsBackThenHeals(catalog, 'warn', /not using the compact copy \(model 0 of \S+ is malformed\)/);
  });

  it('a compact copy of another format version: noted, validated in full', async () => {
    const catalog = await written();
    fs.writeFileSync(compactFile(), fs.readFileSync(compactFile(), 'utf8').replace(`"version":${compactCatalogVersion}`, '"version":0'));
    await fallsBackThenHeals(catalog, 'info', /not using the compact copy \(format version 0, not 1\)/);
    assert.deepEqual(log.warn, []);
  });

  it('a body replaced after the compact copy was written (another download, or by hand): the stamp differs, the new body is used', async () => {
    await written();
    const other = JSON.parse(smallCatalogText()) as Record<string, unknown>;
    delete other.openrouter;
    const text = JSON.stringify(other);
    fs.writeFileSync(path.join(dir, catalogBodyName), text);
    const expected = parsedOrThrow(text);
    assert.notEqual(expected.modelCount, 15);
    await fallsBackThenHeals(expected, 'info', /made from another copy of the catalog/);
  });

  it('new meta over the old compact copy (a crash between the writes): the stamp differs', async () => {
    const catalog = await written();
    fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ ...meta, fetchedAt: meta.fetchedAt + 1 }));
    await fallsBackThenHeals(catalog, 'info', /made from another copy/);
  });

  it('a corrupt body with a good-looking compact copy of another copy: nothing is used, and it says why', async () => {
    await written();
    fs.writeFileSync(path.join(dir, catalogBodyName), smallCatalogText().slice(0, 3000));
    assert.equal(await read(), undefined);
    assert.match(log.warn.join('\n'), /ignoring the cached copy: The catalog is not valid JSON/);
    assert.equal(parseCatalogText(fs.readFileSync(path.join(dir, catalogBodyName), 'utf8')).ok, false);
  });

  it('no meta, or no body: no copy, silently', async () => {
    assert.equal(await read(), undefined);
    await written();
    fs.rmSync(path.join(dir, catalogBodyName));
    assert.equal(await read(), undefined);
    assert.deepEqual(log, { info: [], warn: [] });
  });
});
