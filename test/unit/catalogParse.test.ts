import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { readCatalogModel } from '../../src/providers/catalog/catalogSchema';
import { catalogLimits, describeSkipped, parseCatalog, parseCatalogText } from '../../src/providers/catalog/parseCatalog';
import { parsedOrThrow, smallCatalogText, snapshotOrSkip } from './catalogFixtures';

const sonnet = {
  id: 'claude-sonnet-4-5-20250929',
  name: 'Claude Sonnet 4.5',
  reasoning: true,
  tool_call: true,
  cost: { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 },
  limit: { context: 200_000, output: 64_000 },
  modalities: { input: ['text', 'image', 'pdf'], output: ['text'] },
  reasoning_options: [{ type: 'toggle' }, { type: 'effort', values: ['max', 'low', 'high'] }, { type: 'budget_tokens', min: 1024, max: 63_999 }],
};

describe('catalog: parsing', () => {
  it('reads the committed small catalog, leaving out the image model with context 0 without calling it invalid', () => {
    const catalog = parsedOrThrow(smallCatalogText());
    assert.equal(catalog.providers.size, 8);
    assert.equal(catalog.modelCount, 15);
    assert.deepEqual({ ...catalog.skipped, examples: [] }, { providers: 0, models: 0, withoutContext: 1, examples: [] });
    const anthropic = catalog.providers.get('anthropic')!;
    assert.equal(anthropic.name, 'Anthropic');
    assert.deepEqual(anthropic.env, ['ANTHROPIC_API_KEY']);
    const openrouter = catalog.providers.get('openrouter')!;
    assert.equal(openrouter.api, 'https://openrouter.ai/api/v1');
  });

  it('normalises one model: limits, cost, modalities, reasoning controls in our order', () => {
    const read = readCatalogModel('anthropic', 'key-ignored', sonnet);
    assert.ok('model' in read);
    assert.deepEqual(read.model, {
      providerId: 'anthropic',
      id: 'claude-sonnet-4-5-20250929',
      name: 'Claude Sonnet 4.5',
      contextLimit: 200_000,
      maxOutputTokens: 64_000,
      reasoning: true,
      toolCall: true,
      cost: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
      modalities: { input: ['text', 'image', 'pdf'], output: ['text'] },
      reasoningControls: { toggle: true, effort: ['low', 'high', 'max'], budget: { min: 1024, max: 63_999 } },
    });
  });

  it('parses the real snapshot: every model but the context-0 ones, nothing invalid', function () {
    const text = snapshotOrSkip(this);
    const catalog = parsedOrThrow(text);
    assert.equal(catalog.providers.size, 147);
    assert.equal(catalog.modelCount + catalog.skipped.withoutContext, 5276);
    assert.equal(catalog.skipped.models, 0, `unexpected invalid entries: ${catalog.skipped.examples.join('; ')}`);
    assert.equal(catalog.skipped.providers, 0);
    const gpt5 = catalog.providers.get('openai')!.models.find((m) => m.id === 'gpt-5')!;
    assert.deepEqual(gpt5.reasoningControls, { effort: ['minimal', 'low', 'medium', 'high'] });
    assert.equal(gpt5.inputLimit, 272_000);
  });

  it('the fast path and zod agree on every entry of the real snapshot', function () {
    const text = snapshotOrSkip(this);
    const data = JSON.parse(text) as Record<string, { models: Record<string, unknown> }>;
    for (const [pid, section] of Object.entries(data)) {
      for (const [key, raw] of Object.entries(section.models)) assert.deepEqual(readCatalogModel(pid, key, raw), readCatalogModel(pid, key, raw, true), `${pid}/${key}`);
    }
  });

  describe('bad input is an error or a skipped entry, never a throw', () => {
    it('names what is wrong with a body that is not a catalog', () => {
      const error = (text: string) => {
        const r = parseCatalogText(text);
        assert.equal(r.ok, false);
        return (r as { error: string }).error;
      };
      assert.match(error(''), /empty/);
      assert.match(error(smallCatalogText().slice(0, 5000)), /not valid JSON.*truncated/);
      assert.match(error('[1,2]'), /an array, not an object of providers/);
      assert.match(error('"models"'), /a string/);
      assert.match(error('null'), /null/);
      assert.match(error('{}'), /no usable models/);
      assert.match(error('{"a": {"models": {"x": {"limit": {"context": "big"}}}}}'), /no usable models \(1 model skipped as invalid\)/);
    });

    it('skips one bad model or provider with a count and keeps the rest', () => {
      const catalog = JSON.parse(smallCatalogText());
      catalog.anthropic.models['claude-opus-4-1-20250805'].limit = { context: -5 };
      catalog.anthropic.models.broken = 'not a model';
      catalog.anthropic.models['no-limit'] = { id: 'no-limit', name: 'x' };
      catalog.openai.models['gpt-5'].extra = { nested: [1, 2, 3] }; // extra fields are fine
      catalog.openai.models['gpt-5'].cost = 'free'; // a bad optional field is dropped
      catalog.openai.models['gpt-5'].modalities = { input: ['text', 'smell', 42], output: 'text' };
      catalog.weird = 42;
      catalog.hollow = { id: 'hollow' };
      const parsed = parseCatalog(catalog);
      assert.ok(parsed.ok);
      assert.equal(parsed.catalog.skipped.models, 3);
      assert.equal(parsed.catalog.skipped.providers, 2);
      assert.equal(parsed.catalog.modelCount, 14);
      assert.match(parsed.catalog.skipped.examples.join('\n'), /anthropic\/claude-opus-4-1-20250805: limit\.context/);
      const gpt5 = parsed.catalog.providers.get('openai')!.models.find((m) => m.id === 'gpt-5')!;
      assert.equal(gpt5.cost, undefined);
      assert.deepEqual(gpt5.modalities, { input: ['text'], output: [] });
      assert.equal(describeSkipped(parsed.catalog.skipped), '3 models and 2 providers skipped as invalid');
    });

    it('keeps hostile keys inert: __proto__, constructor and huge ids', () => {
      const text = `{"__proto__": {"models": {"m": {"limit": {"context": 10}}}}, "constructor": {"models": {"__proto__": {"limit": {"context": 20}}, "${'x'.repeat(300)}": {"limit": {"context": 5}}}}}`;
      const parsed = parseCatalogText(text);
      assert.ok(parsed.ok);
      assert.deepEqual([...parsed.catalog.providers.keys()], ['__proto__', 'constructor']);
      assert.equal(parsed.catalog.modelCount, 2);
      assert.equal(parsed.catalog.skipped.models, 1);
      assert.equal(({} as Record<string, unknown>).models, undefined, 'nothing leaked onto Object.prototype');
    });

    it('caps the number of models it keeps', () => {
      const models = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`m${i}`, { limit: { context: 1000 } }]));
      const parsed = parseCatalog({ p: { models } });
      assert.ok(parsed.ok && parsed.catalog.modelCount === 50);
      assert.ok(catalogLimits.maxModels >= 100_000 && catalogLimits.maxBytes >= 8 * 1024 * 1024);
    });

    it('never throws on arbitrary JSON, and the fast path and zod agree on every entry', () => {
      const limitEdge = fc.constantFrom(0, 1, 100_000_000, 100_000_001, -0, 2.5);
      const loose = fc.oneof(fc.constant(undefined), fc.constant(null), fc.boolean(), fc.integer({ min: -5, max: 2_000_000 }), fc.double(), fc.string({ maxLength: 8 }), fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }));
      const entry = fc.record(
        {
          id: fc.oneof(loose, fc.constantFrom('gpt-5', 'a b', '', 'x'.repeat(300))),
          name: loose,
          limit: fc.oneof(loose, fc.record({ context: fc.oneof(loose, fc.integer({ min: 1, max: 10_000_000 })), output: fc.oneof(loose, limitEdge), input: fc.oneof(loose, limitEdge) }, { requiredKeys: [] })),
          cost: fc.oneof(loose, fc.record({ input: loose, output: fc.oneof(loose, fc.double({ min: 0, max: 100, noNaN: true })), cache_read: loose }, { requiredKeys: [] })),
          modalities: fc.oneof(loose, fc.record({ input: fc.oneof(loose, fc.array(fc.constantFrom('text', 'image', 'pdf', 'smell', 1))), output: fc.oneof(loose, fc.array(fc.constantFrom('text', 'audio'))) }, { requiredKeys: [] })),
          reasoning: loose,
          tool_call: loose,
          status: loose,
          reasoning_options: fc.oneof(
            loose,
            fc.array(
              fc.oneof(
                loose,
                fc.record({ type: fc.constantFrom('toggle', 'effort', 'budget_tokens', 'other'), values: fc.oneof(loose, fc.array(fc.constantFrom('low', 'high', 'max', 'default', 3))), min: fc.oneof(loose, fc.integer({ min: -1, max: 5000 })), max: fc.oneof(loose, fc.integer({ min: 0, max: 5000 })) }, { requiredKeys: ['type'] }),
              ),
              { maxLength: 4 },
            ),
          ),
          extra: loose,
        },
        { requiredKeys: [] },
      );
      fc.assert(
        fc.property(entry, (raw) => {
          assert.deepEqual(readCatalogModel('p', 'key', raw), readCatalogModel('p', 'key', raw, true));
        }),
        { numRuns: 2000 },
      );
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
          const r = parseCatalog(value);
          assert.equal(typeof r.ok, 'boolean');
          const text = JSON.stringify(value) ?? '';
          assert.equal(typeof parseCatalogText(text.slice(0, Math.floor(text.length / 2))).ok, 'boolean');
        }),
        { numRuns: 500 },
      );
    });
  });
});
