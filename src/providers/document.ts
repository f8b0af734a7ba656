/**
 * The one document Switchboard keeps in globalState, its versions, and how a stored copy
 * is read back: migrated to the current version, then validated piece by piece so that one
 * bad provider or model never costs the user the rest.
 */
import * as z from 'zod';
import { agentIds, type AgentId } from './agentCatalog';
import { providerSchema, type Provider } from './provider';
import { formatRef, isRef, parseRef, type ModelRef } from './refs';
import { stampSchema, type Stamps } from './stamps';

export const currentSchemaVersion = 1;

export const refSchema = z.string().refine(isRef, 'A model ref is "providerId/modelId".') as unknown as z.ZodType<ModelRef>;

export const storedDocumentSchema = z.object({
  schemaVersion: z.literal(currentSchemaVersion),
  providers: z.array(providerSchema),
  /** The starred model; at most one. */
  defaultRef: refSchema.optional(),
  /** The model last picked in the status bar. */
  lastUsedRef: refSchema.optional(),
  /**
   * The embedding model (kind "embedding"), separate from the chat default; optional, so
   * documents written before it load unchanged. A ref to a chat model is dropped on load.
   */
  embeddingRef: refSchema.optional(),
  /** A model pinned to an agent; it wins over the status-bar pick for that agent. */
  assignments: z.partialRecord(z.enum(agentIds), refSchema).default({}),
  /**
   * When each provider, model and choice last changed or was removed (see stamps.ts), so
   * copies that Settings Sync or another window wrote merge by id. Absent in documents
   * written before it, whose entries then all count as equally old.
   */
  stamps: z.record(z.string(), stampSchema).optional(),
});

export type StoredDocument = z.infer<typeof storedDocumentSchema>;

export function emptyDocument(): StoredDocument {
  return { schemaVersion: currentSchemaVersion, providers: [], assignments: {} };
}

/** Something in the stored document that could not be kept, with where it was. */
export interface LoadProblem {
  readonly path: string;
  readonly message: string;
}

export interface LoadResult {
  readonly document: StoredDocument;
  readonly problems: readonly LoadProblem[];
  /** True when the stored value differs from `document` and should be rewritten. */
  readonly changed: boolean;
}

type Migration = (raw: Record<string, unknown>) => Record<string, unknown>;

/**
 * migrations[n] turns version n into n + 1. Version 0 is the unversioned preview format,
 * which starred a model with `default: true` on the model itself.
 */
const migrations: Record<number, Migration> = {
  0: (raw) => {
    let defaultRef: string | undefined;
    const providers = Array.isArray(raw.providers)
      ? raw.providers.map((p: unknown) => {
          if (!isObject(p) || !Array.isArray(p.models)) return p;
          const models = p.models.map((m: unknown) => {
            if (!isObject(m) || !('default' in m)) return m;
            const { default: isDefault, ...rest } = m;
            if (isDefault === true && typeof p.id === 'string' && typeof rest.id === 'string') defaultRef ??= formatRef(p.id, rest.id);
            return rest;
          });
          return { ...p, models };
        })
      : raw.providers;
    return { ...raw, providers, defaultRef: raw.defaultRef ?? defaultRef, schemaVersion: 1 };
  },
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface LoadOptions {
  /**
   * Keep refs to models of providers this document does not hold: in team mode the managed
   * providers are merged in from the team source, which may not have arrived yet.
   */
  readonly keepRefsToOtherProviders?: boolean;
}

/** Reads whatever globalState held. Never throws; what cannot be kept is reported. */
export function loadDocument(raw: unknown, options: LoadOptions = {}): LoadResult {
  if (raw === undefined) return { document: emptyDocument(), problems: [], changed: false };
  const problems: LoadProblem[] = [];
  if (!isObject(raw)) {
    return { document: emptyDocument(), problems: [{ path: '(document)', message: 'The stored data is not an object.' }], changed: true };
  }
  let doc = raw;
  let version = typeof doc.schemaVersion === 'number' ? doc.schemaVersion : 0;
  if (version > currentSchemaVersion) {
    problems.push({ path: 'schemaVersion', message: `The data was written by a newer Switchboard (version ${version}); reading what this version understands.` });
    version = currentSchemaVersion;
    doc = { ...doc, schemaVersion: currentSchemaVersion };
  }
  for (let v = version; v < currentSchemaVersion; v++) doc = migrations[v](doc);

  const providers = salvageProviders(doc.providers, problems);
  const known = new Set(providers.flatMap((p) => p.models.map((m) => formatRef(p.id, m.id))));
  const providerIds = new Set(providers.map((p) => p.id));
  const elsewhere = (ref: ModelRef) => options.keepRefsToOtherProviders === true && !providerIds.has(parseRef(ref)!.providerId);
  const keepRef = (field: string, value: unknown): ModelRef | undefined => {
    if (value === undefined) return undefined;
    if (isRef(value) && (known.has(value) || elsewhere(value))) return value;
    problems.push({ path: field, message: `"${String(value)}" is not a model of any provider; cleared.` });
    return undefined;
  };
  const embeddingKinds = new Set(providers.flatMap((p) => p.models.filter((m) => m.kind === 'embedding').map((m) => formatRef(p.id, m.id))));
  const keepEmbeddingRef = (value: unknown): ModelRef | undefined => {
    const kept = keepRef('embeddingRef', value);
    if (kept === undefined || embeddingKinds.has(kept) || elsewhere(kept)) return kept;
    problems.push({ path: 'embeddingRef', message: `"${kept}" is not an embedding model; cleared.` });
    return undefined;
  };
  const assignments: StoredDocument['assignments'] = {};
  if (isObject(doc.assignments)) {
    for (const [agent, ref] of Object.entries(doc.assignments)) {
      if (!(agentIds as readonly string[]).includes(agent)) {
        problems.push({ path: `assignments.${agent}`, message: `Unknown agent "${agent}"; dropped.` });
        continue;
      }
      const kept = keepRef(`assignments.${agent}`, ref);
      if (kept) assignments[agent as AgentId] = kept;
    }
  }
  const document: StoredDocument = {
    schemaVersion: currentSchemaVersion,
    providers,
    defaultRef: keepRef('defaultRef', doc.defaultRef),
    lastUsedRef: keepRef('lastUsedRef', doc.lastUsedRef),
    embeddingRef: keepEmbeddingRef(doc.embeddingRef),
    assignments,
    stamps: keepStamps(doc.stamps, problems),
  };
  if (document.stamps === undefined) delete document.stamps;
  if (document.defaultRef === undefined) delete document.defaultRef;
  if (document.lastUsedRef === undefined) delete document.lastUsedRef;
  if (document.embeddingRef === undefined) delete document.embeddingRef;
  const changed = raw.schemaVersion !== currentSchemaVersion || problems.length > 0;
  return { document, problems, changed };
}

/** Keeps the stamps that validate; a bad one only makes its entry count as old in a merge. */
function keepStamps(raw: unknown, problems: LoadProblem[]): Stamps | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) {
    problems.push({ path: 'stamps', message: 'The change times are not an object; dropped.' });
    return undefined;
  }
  const stamps: Stamps = {};
  for (const [key, value] of Object.entries(raw)) {
    const parsed = stampSchema.safeParse(value);
    if (parsed.success) stamps[key] = parsed.data;
    else problems.push({ path: `stamps.${key}`, message: 'Not a change time; dropped.' });
  }
  return stamps;
}

/** Keeps every provider that validates; for one that does not, retries without its bad models. */
function salvageProviders(raw: unknown, problems: LoadProblem[]): Provider[] {
  if (!Array.isArray(raw)) {
    if (raw !== undefined) problems.push({ path: 'providers', message: 'The provider list is not a list; no providers could be read.' });
    return [];
  }
  const kept: Provider[] = [];
  const ids = new Set<string>();
  raw.forEach((item, i) => {
    const where = `providers[${i}]${isObject(item) && typeof item.id === 'string' ? ` (${item.id})` : ''}`;
    let parsed = providerSchema.safeParse(item);
    if (!parsed.success && isObject(item) && Array.isArray(item.models)) {
      const badModels = new Set(parsed.error.issues.filter((x) => x.path[0] === 'models').map((x) => x.path[1]));
      const withoutBad = { ...item, models: item.models.filter((_, m) => !badModels.has(m)) };
      const retry = providerSchema.safeParse(withoutBad);
      if (retry.success) {
        for (const issue of parsed.error.issues) problems.push({ path: `${where}.${issue.path.join('.')}`, message: `${issue.message} The model was dropped.` });
        parsed = retry;
      }
    }
    // Network settings this version cannot read cost only the settings, not the provider.
    if (!parsed.success && isObject(item) && 'network' in item && parsed.error.issues.every((x) => x.path[0] === 'network')) {
      const { network: _dropped, ...withoutNetwork } = item;
      const retry = providerSchema.safeParse(withoutNetwork);
      if (retry.success) {
        for (const issue of parsed.error.issues) problems.push({ path: `${where}.${issue.path.join('.')}`, message: `${issue.message} The network settings were dropped.` });
        parsed = retry;
      }
    }
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ path: `${where}.${issue.path.join('.')}`, message: `${issue.message} The provider was dropped.` });
      return;
    }
    if (ids.has(parsed.data.id)) {
      problems.push({ path: where, message: `A second provider with id "${parsed.data.id}"; dropped.` });
      return;
    }
    ids.add(parsed.data.id);
    kept.push(parsed.data);
  });
  return kept;
}

/** Finds a provider and model by ref in a document. */
export function resolveRef(doc: StoredDocument, ref: string | undefined) {
  const parsed = ref === undefined ? undefined : parseRef(ref);
  if (!parsed) return undefined;
  const provider = doc.providers.find((p) => p.id === parsed.providerId);
  const model = provider?.models.find((m) => m.id === parsed.modelId);
  return provider && model ? { provider, model } : undefined;
}
