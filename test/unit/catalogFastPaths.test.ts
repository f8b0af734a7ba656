/**
 * Differential tests for the catalog's hand-written fast paths: each is held to the zod path or
 * the regex it replaced, on the real snapshot and on deliberately broken entries, so that a
 * faster read can never keep, drop or count anything differently.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import * as z from 'zod';
import { limits } from '../../src/providers/fields';
import { reasoningEfforts, type ReasoningControls, type ReasoningEffort } from '../../src/providers/modelCapabilities';
import { hasBadIdChar } from '../../src/providers/catalog/catalogChecks';
import { catalogProviderSchema, readProviderSection, type SectionRead } from '../../src/providers/catalog/catalogProvider';
import { readCatalogModel, type CatalogModel, type CatalogProvider } from '../../src/providers/catalog/catalogSchema';
import { catalogLimits, describeSkipped, parseCatalog, type CatalogParse } from '../../src/providers/catalog/parseCatalog';
import { reasoningControls } from '../../src/providers/catalog/reasoningOptions';
import { smallCatalogText, snapshotOrSkip } from './catalogFixtures';

/** parseCatalog as it was before the fast paths: zod for every provider section and every model. */
function zodParse(data: unknown): CatalogParse {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return parseCatalog(data); // the error text is not on a fast path
  const providers = new Map<string, CatalogProvider>();
  const examples: string[] = [];
  const note = (where: string, why: string) => void (examples.length < 5 && examples.push(`${where.slice(0, 120)}: ${why}`));
  let skippedProviders = 0;
  let skippedModels = 0;
  let modelCount = 0;
  let withoutContext = 0;
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  for (const [key, raw] of Object.entries(data)) {
    if (providers.size >= catalogLimits.maxProviders) {
      skippedProviders++;
      continue;
    }
    const section = catalogProviderSchema.safeParse(raw);
    const id = section.success ? (section.data.id ?? key) : key;
    if (!section.success || !id || id.length > 200 || providers.has(id)) {
      skippedProviders++;
      note(key, section.success ? 'duplicate or unusable provider id' : (section.error.issues[0]?.message ?? 'not a provider'));
      continue;
    }
    const models: CatalogModel[] = [];
    const seen = new Set<string>();
    for (const modelKey of Object.keys(section.data.models)) {
      const rawModel = section.data.models[modelKey];
      if (modelCount >= catalogLimits.maxModels) {
        skippedModels++;
        continue;
      }
      if (isRecord(rawModel) && isRecord(rawModel.limit) && rawModel.limit.context === 0) {
        withoutContext++;
        continue;
      }
      const read = readCatalogModel(id, modelKey, rawModel, true);
      if ('error' in read || seen.has(read.model.id)) {
        skippedModels++;
        note(`${id}/${modelKey}`, 'error' in read ? read.error : 'listed twice');
        continue;
      }
      seen.add(read.model.id);
      models.push(read.model);
      modelCount++;
    }
    const provider: CatalogProvider = { id, name: section.data.name ?? id, env: section.data.env ?? [], models };
    if (section.data.api) Object.assign(provider, { api: section.data.api });
    if (section.data.doc) Object.assign(provider, { doc: section.data.doc });
    providers.set(id, provider);
  }
  const skipped = { providers: skippedProviders, models: skippedModels, withoutContext, examples };
  if (modelCount === 0) {
    const what = skippedModels || skippedProviders ? ` (${describeSkipped(skipped)})` : '';
    return { ok: false, error: `The catalog has no usable models${what}.` };
  }
  return { ok: true, catalog: { providers, modelCount, skipped } };
}

/** reasoningControls as it was: every option through zod, copies and all. */
const tokens = z.int().positive().max(limits.contextMax);
const referenceOption = z.discriminatedUnion('type', [
  z.object({ type: z.literal('toggle') }),
  z.object({ type: z.literal('effort'), values: z.array(z.unknown()).max(32) }),
  z.object({ type: z.literal('budget_tokens'), min: z.int().min(0).max(limits.contextMax).optional().catch(undefined), max: tokens.optional().catch(undefined) }),
]);
function referenceControls(list: unknown[] | undefined): ReasoningControls | undefined {
  if (!list?.length) return undefined;
  const controls: ReasoningControls = {};
  for (const raw of list.slice(0, 16)) {
    const option = referenceOption.safeParse(raw);
    if (!option.success) continue;
    const o = option.data;
    if (o.type === 'toggle') controls.toggle = true;
    else if (o.type === 'effort') {
      const values = o.values.filter((v): v is ReasoningEffort => typeof v === 'string' && (reasoningEfforts as readonly string[]).includes(v));
      if (values.length) controls.effort = reasoningEfforts.filter((e) => values.includes(e));
    } else {
      const budget: NonNullable<ReasoningControls['budget']> = {};
      if (o.min !== undefined) budget.min = o.min;
      if (o.max !== undefined && (o.min === undefined || o.max >= o.min)) budget.max = o.max;
      controls.budget = budget;
    }
  }
  return Object.keys(controls).length ? controls : undefined;
}

/** A section read, with zod's undefined fields dropped: what parseCatalog goes on to use. */
const sectionView = (read: SectionRead) => ('error' in read ? read : { ...JSON.parse(JSON.stringify({ ...read.section, models: undefined })), models: read.section.models });

const loose = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -5, max: 2_000_000 }),
  fc.double(),
  fc.string({ maxLength: 8 }),
  fc.constantFrom('', 'x'.repeat(201), 'x'.repeat(257), 'x'.repeat(limits.urlMax + 1), 'OPENAI_API_KEY'),
  fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.constant('e'.repeat(201)), fc.integer()), { maxLength: 40 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
);

const section = fc.record(
  {
    id: loose,
    name: loose,
    api: loose,
    doc: loose,
    // Around the bounds: 32 names, 200 characters each.
    env: fc.oneof(loose, fc.array(fc.string({ maxLength: 3 }), { minLength: 30, maxLength: 34 }), fc.array(fc.constantFrom('K', 'e'.repeat(200), 'e'.repeat(201)), { maxLength: 3 })),
    npm: loose, models: fc.oneof(loose, fc.constant({ m: { limit: { context: 5 } } })) },
  { requiredKeys: [] },
);

describe('catalog: the fast paths agree with zod and the regexes they replaced', () => {
  it('provider sections: the same fields, or the same error, as zod', () => {
    fc.assert(
      fc.property(fc.oneof(loose, section), (raw) => assert.deepEqual(sectionView(readProviderSection(raw)), sectionView(readProviderSection(raw, true)))),
      { numRuns: 3000 },
    );
  });

  it('provider sections of the real snapshot read the same either way', function () {
    const data = JSON.parse(snapshotOrSkip(this)) as Record<string, unknown>;
    for (const [key, raw] of Object.entries(data)) assert.deepEqual(sectionView(readProviderSection(raw)), sectionView(readProviderSection(raw, true)), key);
  });

  it('the whole parse of the real snapshot equals the zod-only parse', function () {
    const data: unknown = JSON.parse(snapshotOrSkip(this));
    assert.deepEqual(parseCatalog(data), zodParse(data));
  });

  it('the whole parse of a broken catalog equals the zod-only parse: same entries kept, same counts, same reasons', () => {
    const base = JSON.parse(smallCatalogText()) as Record<string, Record<string, unknown> & { models: Record<string, unknown> }>;
    const providerKeys = Object.keys(base);
    const modelField = fc.constantFrom('id', 'name', 'limit', 'cost', 'modalities', 'reasoning', 'tool_call', 'status', 'reasoning_options');
    const breakage = fc.oneof(
      fc.record({ kind: fc.constant('section' as const), provider: fc.constantFrom(...providerKeys), field: fc.constantFrom('id', 'name', 'api', 'doc', 'env', 'models'), value: loose }),
      fc.record({ kind: fc.constant('model' as const), provider: fc.constantFrom(...providerKeys), field: modelField, value: fc.oneof(loose, fc.record({ context: fc.oneof(loose, fc.constantFrom(0, 1, 100_000_000)) }, { requiredKeys: [] })) }),
      // An id that repeats another entry's key or id, before or after it: "listed twice".
      fc.record({ kind: fc.constant('repeat' as const), provider: fc.constantFrom(...providerKeys), field: fc.constant('id'), value: fc.nat(), at: fc.nat() }),
      fc.record({ kind: fc.constant('whole' as const), provider: fc.constantFrom(...providerKeys, 'extra', '__proto__'), field: fc.constant(''), value: fc.oneof(loose, section) }),
    );
    fc.assert(
      fc.property(fc.array(breakage, { maxLength: 6 }), (breakages) => {
        const data = JSON.parse(smallCatalogText()) as Record<string, unknown>;
        for (const b of breakages) {
          const p = data[b.provider] as (Record<string, unknown> & { models?: unknown }) | undefined;
          if (b.kind === 'whole') Object.defineProperty(data, b.provider, { value: b.value, enumerable: true, configurable: true, writable: true });
          else if (typeof p !== 'object' || p === null) continue;
          else if (b.kind === 'section') p[b.field] = b.value;
          else if (b.kind === 'repeat') {
            const models = p.models as Record<string, Record<string, unknown>>;
            if (typeof models !== 'object' || models === null) continue;
            const keys = Object.keys(models);
            const entry = keys.length ? models[keys[b.at % keys.length]] : undefined;
            if (typeof entry === 'object' && entry !== null) entry.id = keys[(b.value as number) % keys.length];
          }
          else if (typeof p.models === 'object' && p.models !== null) {
            const models = p.models as Record<string, Record<string, unknown>>;
            const first = Object.values(models)[0];
            if (typeof first === 'object' && first !== null) first[b.field] = b.value;
          }
        }
        assert.deepEqual(parseCatalog(data), zodParse(data));
      }),
      { numRuns: 1500 },
    );
  });

  it('reasoning controls equal the previous zod-only reading, option by option', () => {
    const option = fc.oneof(
      loose,
      fc.record(
        {
          type: fc.constantFrom('toggle', 'effort', 'budget_tokens', 'other'),
          values: fc.oneof(loose, fc.array(fc.constantFrom(...reasoningEfforts, 'default', 3, null), { maxLength: 34 })),
          min: fc.oneof(loose, fc.integer({ min: -1, max: 5000 }), fc.constant(100_000_001)),
          max: fc.oneof(loose, fc.integer({ min: 0, max: 5000 }), fc.constant(100_000_001)),
        },
        { requiredKeys: ['type'] },
      ),
    );
    fc.assert(
      fc.property(fc.oneof(fc.constant(undefined), fc.array(option, { maxLength: 20 })), (list) => assert.deepEqual(reasoningControls(list), referenceControls(list))),
      { numRuns: 3000 },
    );
  });

  it('the model-id check equals the regex it replaced', () => {
    const badId = /[\s\u0000-\u001f]/;
    const chars = fc.constantFrom('a', 'Z', '-', '/', ' ', '\t', '\u0000', '\u001f', '\u007f', '\u0085', '\u00a0', '\u2028', '\ufeff', '\u3000', 'é', '😀');
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: chars })), (id) => assert.equal(hasBadIdChar(id), badId.test(id), JSON.stringify(id))), { numRuns: 5000 });
  });
});
