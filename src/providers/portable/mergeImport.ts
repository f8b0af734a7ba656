/**
 * Importing a file into the stored document, merged by provider id. A provider the store
 * lacks is added; one that is the same is left alone; one that conflicts (same id, other
 * content) is kept, replaced or renamed (a fresh id from its name), as the user decided.
 * The file's default, embedding model and agents' models then apply where they still point
 * at an imported model. Pure and all-or-nothing: a bad file or a missing decision returns a
 * problem, and the input document is never touched.
 */
import { effectiveBaseUrl } from '../providerTypes';
import { agentLabel, type AgentId } from '../agentCatalog';
import { resolveRef, type StoredDocument } from '../document';
import { SwitchboardError } from '../errors';
import { uniqueProviderId } from '../ids';
import type { ModelKind } from '../model';
import type { Operation } from '../operations';
import type { Provider } from '../provider';
import { formatRef, parseRef, type ModelRef } from '../refs';
import { sameJson } from './compare';
import { describeProblem, type Parsed } from './problems';
import { validateExportFile } from './readExportFile';

export type ConflictDecision = 'keep' | 'replace' | 'rename';

/** By provider id, for the providers that conflict; others need none. */
export type Decisions = Readonly<Record<string, ConflictDecision>>;

export interface ImportOutcome {
  readonly added: readonly string[];
  readonly replaced: readonly string[];
  readonly renamed: readonly { readonly from: string; readonly to: string }[];
  readonly kept: readonly string[];
  readonly unchanged: readonly string[];
  /** The ids of providers now as the file says (added, replaced, renamed): the ones that may need a key. */
  readonly imported: readonly string[];
  /** Settings of the file that applied, e.g. "Default model: lab/gpt-5". */
  readonly applied: readonly string[];
  /** Refs that no longer point at a model after a replace, and were cleared. */
  readonly cleared: readonly string[];
}

export interface Merged {
  readonly doc: StoredDocument;
  readonly outcome: ImportOutcome;
}

/** Merges `raw` (validated here, whatever it is) into a copy of `doc`. */
export function mergeImport(doc: StoredDocument, raw: unknown, decisions: Decisions = {}): Parsed<Merged> {
  const parsed = validateExportFile(raw);
  if (!parsed.ok) return parsed;
  const file = parsed.value;
  const providers = [...doc.providers];
  const taken = new Set([...doc.providers.map((p) => p.id), ...file.providers.map((p) => p.id)]);
  const ids = new Map<string, string | undefined>();
  const added: string[] = [];
  const replaced: string[] = [];
  const renamed: { from: string; to: string }[] = [];
  const kept: string[] = [];
  const unchanged: string[] = [];
  for (const [i, incoming] of file.providers.entries()) {
    const at = providers.findIndex((p) => p.id === incoming.id);
    if (at < 0) {
      providers.push(incoming);
      added.push(incoming.id);
      ids.set(incoming.id, incoming.id);
      continue;
    }
    if (sameJson(providers[at], incoming)) {
      unchanged.push(incoming.id);
      ids.set(incoming.id, incoming.id);
      continue;
    }
    const decision = decisions[incoming.id];
    if (decision === 'keep') {
      kept.push(incoming.id);
      ids.set(incoming.id, undefined);
    } else if (decision === 'replace') {
      providers[at] = incoming;
      replaced.push(incoming.id);
      ids.set(incoming.id, incoming.id);
    } else if (decision === 'rename') {
      const to = uniqueProviderId(incoming.name, taken);
      taken.add(to);
      providers.push({ ...incoming, id: to } as Provider);
      renamed.push({ from: incoming.id, to });
      ids.set(incoming.id, to);
    } else {
      return {
        ok: false,
        problem: { path: `providers[${i}].id`, message: `“${incoming.name}” (${incoming.id}) differs from the provider you have with that id: choose keep, replace or rename.` },
      };
    }
  }

  const next: StoredDocument = { ...doc, providers, assignments: { ...doc.assignments } };
  const applied: string[] = [];
  // A ref of the file follows its provider's new id; a ref to a provider the user kept does not apply.
  const fromFile = (ref: ModelRef | undefined): ModelRef | undefined => {
    const at = ref && parseRef(ref);
    const id = at ? ids.get(at.providerId) : undefined;
    return at && id ? formatRef(id, at.modelId) : undefined;
  };
  const defaultRef = fromFile(file.defaultRef);
  if (defaultRef && defaultRef !== doc.defaultRef) {
    next.defaultRef = defaultRef;
    applied.push(`Default model: ${defaultRef}`);
  }
  const embeddingRef = fromFile(file.embeddingRef);
  if (embeddingRef && embeddingRef !== doc.embeddingRef) {
    next.embeddingRef = embeddingRef;
    applied.push(`Embedding model: ${embeddingRef}`);
  }
  for (const [agent, ref] of Object.entries(file.assignments) as [AgentId, ModelRef][]) {
    const to = fromFile(ref);
    if (to && to !== doc.assignments[agent]) {
      next.assignments[agent] = to;
      applied.push(`${agentLabel(agent)}’s model: ${to}`);
    }
  }
  const cleared = clearDangling(next);
  const imported = [...added, ...replaced, ...renamed.map((r) => r.to)];
  return { ok: true, value: { doc: next, outcome: { added, replaced, renamed, kept, unchanged, imported, applied, cleared } } };
}

/** After a replace, the store's own refs may point at models the file does not have: clear them. */
function clearDangling(doc: StoredDocument): string[] {
  const cleared: string[] = [];
  const fits = (ref: ModelRef | undefined, kind?: ModelKind) => {
    const model = resolveRef(doc, ref)?.model;
    return model !== undefined && (kind === undefined || model.kind === kind);
  };
  for (const [field, kind] of [['defaultRef', 'chat'], ['lastUsedRef', undefined], ['embeddingRef', 'embedding']] as const) {
    const ref = doc[field];
    if (ref !== undefined && !fits(ref, kind)) {
      cleared.push(ref);
      delete doc[field];
    }
  }
  for (const [agent, ref] of Object.entries(doc.assignments) as [AgentId, ModelRef][]) {
    if (!fits(ref, 'chat')) {
      cleared.push(ref);
      delete doc.assignments[agent];
    }
  }
  return [...new Set(cleared)];
}

/** The import as one store operation: applied on a fresh read, all or nothing. */
export const importProviders =
  (raw: unknown, decisions: Decisions): Operation<ImportOutcome> =>
  (doc) => {
    const merged = mergeImport(doc, raw, decisions);
    if (!merged.ok) throw new SwitchboardError(`Nothing was imported. ${describeProblem(merged.problem)}`);
    return { doc: merged.value.doc, result: merged.value.outcome };
  };

/**
 * Whether a replaced provider now sends requests elsewhere (another type, base URL or headers):
 * then the key stored for the old endpoint must not go to the new one unasked.
 */
export function endpointChanged(before: Provider, after: Provider): boolean {
  return before.type !== after.type || effectiveBaseUrl(before.type, before.baseUrl) !== effectiveBaseUrl(after.type, after.baseUrl) || JSON.stringify(before.headers ?? {}) !== JSON.stringify(after.headers ?? {});
}
