/**
 * The catalog as Switchboard keeps it after validation: only the fields it uses, in its own
 * shape, with a format version and a stamp of the copy it was made from. A later window loads
 * it with one JSON.parse and a structural check instead of validating every models.dev entry
 * again. It is still untrusted input (a disk can truncate, a user can edit): any wrong type,
 * bound, extra field or count rejects the whole file, never part of it, and the caller falls
 * back to the full validation of the downloaded copy.
 */
import { limits } from '../fields';
import { reasoningEfforts } from '../modelCapabilities';
import { badId, effortNames, isPrice, isRecord, isText, isTokens, modalityNames } from './catalogChecks';
import type { CatalogModel, CatalogProvider } from './catalogSchema';
import { catalogLimits, type Catalog, type SkippedEntries } from './parseCatalog';

/** Bump on any change to the shape below: an older or newer file is then simply not used. */
export const compactCatalogVersion = 1;
const format = 'switchboard-catalog';

export type CompactRead = { readonly ok: true; readonly catalog: Catalog } | { readonly ok: false; readonly error: string; /** Another version or another copy: expected after an update or a download, not damage. */ readonly outdated?: true };

/** A model as stored: CatalogModel without providerId, which its section gives. */
type StoredModel = Omit<CatalogModel, 'providerId'>;

export function encodeCompactCatalog(catalog: Catalog, stamp: string): string {
  const providers = [...catalog.providers.values()].map((p) => ({ ...p, models: p.models.map(({ providerId: _, ...m }): StoredModel => m) }));
  return JSON.stringify({ format, version: compactCatalogVersion, stamp, modelCount: catalog.modelCount, skipped: catalog.skipped, providers });
}

/** The catalog in `text`, only if it is whole, of this version, and made from the copy `stamp` names. */
export function decodeCompactCatalog(text: string, stamp: string): CompactRead {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not valid JSON (${(error as Error).message})` };
  }
  if (!isRecord(data) || data.format !== format) return { ok: false, error: 'not a compact catalog' };
  if (data.version !== compactCatalogVersion) return { ok: false, error: `format version ${typeof data.version === 'number' ? data.version : 'missing'}, not ${compactCatalogVersion}`, outdated: true };
  if (data.stamp !== stamp) return { ok: false, error: 'made from another copy of the catalog', outdated: true };
  const { modelCount, skipped, providers } = data;
  if (!isCount(modelCount) || modelCount < 1 || modelCount > catalogLimits.maxModels || !isSkipped(skipped)) return { ok: false, error: 'malformed counts' };
  if (!Array.isArray(providers) || providers.length > catalogLimits.maxProviders || keyCount(data) !== 6) return { ok: false, error: 'malformed providers' };
  const sections = new Map<string, CatalogProvider>();
  let models = 0;
  for (let i = 0; i < providers.length; i++) {
    const p: unknown = providers[i];
    if (!isProvider(p) || sections.has(p.id)) return { ok: false, error: `provider ${i} is malformed` };
    const seen = new Set<string>();
    for (let j = 0; j < p.models.length; j++) {
      const m: unknown = p.models[j];
      if (!isStoredModel(m) || seen.has(m.id)) return { ok: false, error: `model ${j} of ${p.id.slice(0, 120)} is malformed` };
      seen.add(m.id);
      // Ours, fresh from JSON.parse: completed in place rather than copied.
      (m as { providerId?: string }).providerId = p.id;
    }
    models += p.models.length;
    sections.set(p.id, p);
  }
  if (models !== modelCount) return { ok: false, error: `${models} models where ${modelCount} were written` };
  return { ok: true, catalog: { providers: sections, modelCount, skipped } };
}

const effortOrder: readonly string[] = reasoningEfforts;
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isOptionalText = (v: unknown, max: number): boolean => v === undefined || isText(v, max);

/** Own keys; an extra one means the file is not what was written. (One builtin call: cheap even before the JIT warms up.) */
const keyCount = (o: object): number => Object.keys(o).length;

function isSkipped(v: unknown): v is SkippedEntries {
  if (!isRecord(v) || keyCount(v) !== 4 || !isCount(v.providers) || !isCount(v.models) || !isCount(v.withoutContext)) return false;
  const { examples } = v;
  return Array.isArray(examples) && examples.length <= 5 && examples.every((e) => typeof e === 'string' && e.length <= 2000);
}

function isProvider(p: unknown): p is CatalogProvider & { models: unknown[] } {
  if (!isRecord(p) || !isText(p.id, 200) || !isText(p.name, 256) || !Array.isArray(p.models) || !Array.isArray(p.env)) return false;
  if (p.env.length > 32 || !p.env.every((e) => typeof e === 'string' && e.length <= 200)) return false;
  if (!isOptionalText(p.api, limits.urlMax) || !isOptionalText(p.doc, limits.urlMax)) return false;
  return keyCount(p) === 4 + (p.api === undefined ? 0 : 1) + (p.doc === undefined ? 0 : 1);
}

/** The invariants the full validation guarantees of every model it keeps. */
function isStoredModel(m: unknown): m is StoredModel {
  if (!isRecord(m)) return false;
  if (!isText(m.id, limits.modelIdMax) || badId.test(m.id) || !isText(m.name, 256) || !isTokens(m.contextLimit)) return false;
  if (typeof m.reasoning !== 'boolean' || typeof m.toolCall !== 'boolean') return false;
  let keys = 5;
  if (m.inputLimit !== undefined && (++keys, !isTokens(m.inputLimit))) return false;
  if (m.maxOutputTokens !== undefined && (++keys, !isTokens(m.maxOutputTokens))) return false;
  if (m.cost !== undefined && (++keys, !isCost(m.cost))) return false;
  if (m.modalities !== undefined && (++keys, !isModalities(m.modalities))) return false;
  if (m.reasoningControls !== undefined && (++keys, !isControls(m.reasoningControls))) return false;
  if (m.status !== undefined && (++keys, !isText(m.status, 64))) return false;
  return keyCount(m) === keys;
}

function isCost(c: unknown): boolean {
  if (!isRecord(c)) return false;
  const n = keyCount(c);
  const present = +(c.input !== undefined) + +(c.output !== undefined) + +(c.cacheRead !== undefined) + +(c.cacheWrite !== undefined);
  return n >= 1 && n === present && isPrice(c.input) && isPrice(c.output) && isPrice(c.cacheRead) && isPrice(c.cacheWrite);
}

/** Known names, each once; as knownModalities leaves them. */
function isNames(list: unknown, names: ReadonlySet<string>): list is string[] {
  if (!Array.isArray(list) || list.length > names.size) return false;
  for (let i = 0; i < list.length; i++) if (typeof list[i] !== 'string' || !names.has(list[i] as string) || list.indexOf(list[i]) !== i) return false;
  return true;
}

/** Known values, at least one, weakest first without repeats: as the full validation orders them. */
function isEfforts(list: unknown): boolean {
  if (!isNames(list, effortNames) || list.length === 0) return false;
  for (let i = 1; i < list.length; i++) if (effortOrder.indexOf(list[i]) <= effortOrder.indexOf(list[i - 1])) return false;
  return true;
}

function isModalities(v: unknown): boolean {
  return isRecord(v) && keyCount(v) === 2 && isNames(v.input, modalityNames) && isNames(v.output, modalityNames) && v.input.length + v.output.length > 0;
}

function isControls(v: unknown): boolean {
  if (!isRecord(v)) return false;
  const { toggle, effort, budget } = v;
  const n = keyCount(v);
  if (n === 0 || n !== +(toggle !== undefined) + +(effort !== undefined) + +(budget !== undefined)) return false;
  if (toggle !== undefined && toggle !== true) return false;
  if (effort !== undefined && !isEfforts(effort)) return false;
  if (budget === undefined) return true;
  if (!isRecord(budget) || keyCount(budget) !== +(budget.min !== undefined) + +(budget.max !== undefined)) return false;
  const { min, max } = budget;
  if (min !== undefined && !(Number.isInteger(min) && (min as number) >= 0 && (min as number) <= limits.contextMax)) return false;
  if (max !== undefined && !(isTokens(max) && (min === undefined || max >= (min as number)))) return false;
  return true;
}
