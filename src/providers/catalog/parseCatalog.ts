/**
 * Parses a models.dev catalog, entry by entry: one bad model or provider is skipped and
 * counted, never the whole catalog. Only a body that is not JSON, not an object of
 * providers, or holds no usable model at all is an error, and the error says which.
 */
import { isRecord } from './catalogChecks';
import { readProviderSection } from './catalogProvider';
import { readModelEntry, type CatalogModel, type CatalogProvider } from './catalogSchema';

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
    const read = readProviderSection(raw);
    const section = 'section' in read ? read.section : undefined;
    const id = section ? (section.id ?? key) : key;
    if (!section || !id || id.length > 200 || providers.has(id)) {
      skippedProviders++;
      note(key, section ? 'duplicate or unusable provider id' : (read as { error: string }).error);
      continue;
    }
    const models: CatalogModel[] = [];
    // Object keys are unique, so ids equal to their keys cannot repeat: the set of ids is only
    // built once an id differs from its key (never, in the real catalog).
    let seen: Set<string> | undefined;
    /** Whether this id was kept already in this section; records it if not. */
    const repeated = (modelId: string, key: string): boolean => {
      if (!seen && modelId === key) return false;
      seen ??= new Set(models.map((m) => m.id));
      if (seen.has(modelId)) return true;
      seen.add(modelId);
      return false;
    };
    // Keys and values side by side (the same order): no keyed lookup per model.
    const rawModels = section.models;
    const modelKeys = Object.keys(rawModels);
    const modelValues = Object.values(rawModels);
    for (let i = 0; i < modelKeys.length; i++) {
      if (modelCount >= catalogLimits.maxModels) {
        skippedModels++;
        continue;
      }
      const rawModel = modelValues[i];
      const limit = isRecord(rawModel) ? rawModel.limit : undefined;
      if (isRecord(limit) && limit.context === 0) {
        // Image and speech models say context 0: not broken, just not something an agent can chat with.
        withoutContext++;
        continue;
      }
      const model = readModelEntry(id, modelKeys[i], rawModel);
      if (typeof model === 'string' || repeated(model.id, modelKeys[i])) {
        skippedModels++;
        note(`${id}/${modelKeys[i]}`, typeof model === 'string' ? model : 'listed twice');
        continue;
      }
      models.push(model);
      modelCount++;
    }
    const provider: CatalogProvider = { id, name: section.name ?? id, env: section.env ?? [], models };
    if (section.api) Object.assign(provider, { api: section.api });
    if (section.doc) Object.assign(provider, { doc: section.doc });
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
