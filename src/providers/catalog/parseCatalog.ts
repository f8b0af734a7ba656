/**
 * Parses a models.dev catalog, entry by entry: one bad model or provider is skipped and
 * counted, never the whole catalog. Only a body that is not JSON, not an object of
 * providers, or holds no usable model at all is an error, and the error says which.
 */
import { catalogProviderSchema, readCatalogModel, type CatalogModel, type CatalogProvider } from './catalogSchema';

export const catalogLimits = {
  /** The download cap; the real catalog is about 2.4 MB. */
  maxBytes: 32 * 1024 * 1024,
  maxProviders: 5_000,
  maxModels: 200_000,
} as const;

export interface SkippedEntries {
  readonly providers: number;
  readonly models: number;
  /** Models with context 0 (image generation, speech): left out, but not counted as invalid. */
  readonly withoutContext: number;
  /** Up to a few "provider/model: reason" lines for the log. */
  readonly examples: readonly string[];
}

export interface Catalog {
  /** In the catalog's order. */
  readonly providers: ReadonlyMap<string, CatalogProvider>;
  readonly modelCount: number;
  readonly skipped: SkippedEntries;
}

export type CatalogParse = { readonly ok: true; readonly catalog: Catalog } | { readonly ok: false; readonly error: string };

const maxExamples = 5;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

export function parseCatalogText(text: string): CatalogParse {
  if (text.trim() === '') return { ok: false, error: 'The catalog is empty.' };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `The catalog is not valid JSON (${(error as Error).message}); the download may be truncated.` };
  }
  return parseCatalog(data);
}

export function parseCatalog(data: unknown): CatalogParse {
  if (!isRecord(data)) return { ok: false, error: `The catalog is ${kind(data)}, not an object of providers.` };
  const providers = new Map<string, CatalogProvider>();
  const examples: string[] = [];
  const note = (where: string, why: string) => void (examples.length < maxExamples && examples.push(`${where.slice(0, 120)}: ${why}`));
  let skippedProviders = 0;
  let skippedModels = 0;
  let modelCount = 0;
  let withoutContext = 0;

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
    const rawModels = section.data.models;
    for (const modelKey of Object.keys(rawModels)) {
      const rawModel = rawModels[modelKey];
      if (modelCount >= catalogLimits.maxModels) {
        skippedModels++;
        continue;
      }
      if (isRecord(rawModel) && isRecord(rawModel.limit) && rawModel.limit.context === 0) {
        // Image and speech models say context 0: not broken, just not something an agent can chat with.
        withoutContext++;
        continue;
      }
      const read = readCatalogModel(id, modelKey, rawModel);
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

/** "3 models and 1 provider skipped", for warnings and the log. */
export function describeSkipped(s: Pick<SkippedEntries, 'providers' | 'models'>): string {
  const parts = [];
  if (s.models) parts.push(`${s.models} model${s.models === 1 ? '' : 's'}`);
  if (s.providers) parts.push(`${s.providers} provider${s.providers === 1 ? '' : 's'}`);
  return parts.length ? `${parts.join(' and ')} skipped as invalid` : 'nothing skipped';
}
