/**
 * Every change to the stored document, as a pure function of the document. The store
 * re-reads globalState and replays the operation on the fresh copy before each write, so
 * two windows changing different providers never lose each other's work.
 */
import * as z from 'zod';
import type { AgentId } from './agentCatalog';
import { resolveRef, type StoredDocument } from './document';
import { SwitchboardError } from './errors';
import { uniqueProviderId } from './ids';
import { modelSchema, type ModelInput } from './model';
import type { NetworkSettings } from './network/settings';
import { providerSchema, type Provider, type ProviderInput } from './provider';
import { formatRef, parseRef, type ModelRef } from './refs';

export type Operation<R = void> = (doc: StoredDocument) => { doc: StoredDocument; result: R };

/** A new provider as typed by the user: everything but the id, which is generated. */
export type NewProvider = DistributiveOmit<ProviderInput, 'id'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What Edit Provider may change. The id and type never change. */
export interface ProviderPatch {
  readonly name?: string;
  /** null clears a custom URL, so the type's default applies. */
  readonly baseUrl?: string | null;
  readonly agents?: readonly AgentId[];
  readonly headers?: Record<string, string> | null;
  /** The type's own fields: apiVersion for Azure, region and aws for Bedrock. */
  readonly typeFields?: Record<string, unknown>;
  /** Proxy, CA file, timeout…; null clears them all. */
  readonly network?: NetworkSettings | null;
}

function describe(error: z.ZodError, where: string): SwitchboardError {
  const issue = error.issues[0];
  const field = issue?.path.length ? ` (${issue.path.join('.')})` : '';
  return new SwitchboardError(`${where}${field}: ${issue?.message ?? 'invalid value'}`);
}

function validProvider(input: unknown, where: string): Provider {
  const parsed = providerSchema.safeParse(input);
  if (!parsed.success) throw describe(parsed.error, where);
  return parsed.data;
}

function findProvider(doc: StoredDocument, id: string): Provider {
  const provider = doc.providers.find((p) => p.id === id);
  if (!provider) throw new SwitchboardError(`No provider with id "${id}"; it may have been removed in another window.`);
  return provider;
}

function replaceProvider(doc: StoredDocument, next: Provider): StoredDocument {
  return { ...doc, providers: doc.providers.map((p) => (p.id === next.id ? next : p)) };
}

export const addProvider =
  (input: NewProvider): Operation<Provider> =>
  (doc) => {
    const id = uniqueProviderId(input.name, doc.providers.map((p) => p.id));
    const provider = validProvider({ ...input, id }, `Provider “${input.name}”`);
    return { doc: { ...doc, providers: [...doc.providers, provider] }, result: provider };
  };

export const updateProvider =
  (id: string, patch: ProviderPatch): Operation<Provider> =>
  (doc) => {
    const current = findProvider(doc, id);
    const next: Record<string, unknown> = { ...current, ...patch.typeFields, id: current.id, type: current.type, models: current.models };
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.agents !== undefined) next.agents = [...patch.agents];
    if (patch.baseUrl === null) delete next.baseUrl;
    else if (patch.baseUrl !== undefined) next.baseUrl = patch.baseUrl;
    if (patch.headers === null) delete next.headers;
    else if (patch.headers !== undefined) next.headers = patch.headers;
    if (patch.network === null) delete next.network;
    else if (patch.network !== undefined) next.network = patch.network;
    const provider = validProvider(next, `Provider “${current.name}”`);
    return { doc: replaceProvider(doc, provider), result: provider };
  };

/** Removes the provider and every ref to it. Callers check removalBlockers first. */
export const removeProvider =
  (id: string): Operation<Provider> =>
  (doc) => {
    const provider = findProvider(doc, id);
    const keep = (ref: ModelRef | undefined) => (ref && parseRef(ref)?.providerId !== id ? ref : undefined);
    const next: StoredDocument = {
      ...doc,
      providers: doc.providers.filter((p) => p.id !== id),
      assignments: Object.fromEntries(Object.entries(doc.assignments).filter(([, ref]) => keep(ref))),
    };
    setOrDelete(next, 'defaultRef', keep(doc.defaultRef));
    setOrDelete(next, 'lastUsedRef', keep(doc.lastUsedRef));
    setOrDelete(next, 'embeddingRef', keep(doc.embeddingRef));
    return { doc: next, result: provider };
  };

/** Adds a model; the first chat model in a store with no default becomes the default. */
export const addModel =
  (providerId: string, input: ModelInput): Operation<ModelRef> =>
  (doc) => {
    const provider = findProvider(doc, providerId);
    const parsed = modelSchema.safeParse(input);
    if (!parsed.success) throw describe(parsed.error, `Model “${input.id}”`);
    if (provider.models.some((m) => m.id === parsed.data.id)) {
      throw new SwitchboardError(`“${provider.name}” already has a model “${parsed.data.id}”.`);
    }
    const next = validProvider({ ...provider, models: [...provider.models, parsed.data] }, `Model “${input.id}”`);
    const ref = formatRef(providerId, parsed.data.id);
    const out = replaceProvider(doc, next);
    if (!resolveRef(doc, doc.defaultRef) && parsed.data.kind === 'chat') out.defaultRef = ref;
    return { doc: out, result: ref };
  };

/**
 * Replaces a model in place. When its id changes, refs to the old id (default, last used,
 * assignments) follow it, so renaming never silently drops the star.
 */
export const replaceModel =
  (providerId: string, originalId: string, input: ModelInput): Operation<ModelRef> =>
  (doc) => {
    const provider = findProvider(doc, providerId);
    const index = provider.models.findIndex((m) => m.id === originalId);
    if (index < 0) throw new SwitchboardError(`“${provider.name}” has no model “${originalId}”; it may have been removed in another window.`);
    const parsed = modelSchema.safeParse(input);
    if (!parsed.success) throw describe(parsed.error, `Model “${input.id}”`);
    if (parsed.data.id !== originalId && provider.models.some((m) => m.id === parsed.data.id)) {
      throw new SwitchboardError(`“${provider.name}” already has a model “${parsed.data.id}”.`);
    }
    const models = provider.models.map((m, i) => (i === index ? parsed.data : m));
    const next = replaceProvider(doc, validProvider({ ...provider, models }, `Model “${input.id}”`));
    const from = formatRef(providerId, originalId);
    const to = formatRef(providerId, parsed.data.id);
    const follow = (ref: ModelRef | undefined) => (ref === from ? to : ref);
    next.assignments = Object.fromEntries(Object.entries(doc.assignments).map(([agent, ref]) => [agent, follow(ref)]));
    setOrDelete(next, 'defaultRef', follow(doc.defaultRef));
    setOrDelete(next, 'lastUsedRef', follow(doc.lastUsedRef));
    // The embedding model follows a rename, but not a change of kind to chat.
    setOrDelete(next, 'embeddingRef', doc.embeddingRef === from && parsed.data.kind !== 'embedding' ? undefined : follow(doc.embeddingRef));
    return { doc: next, result: to };
  };

/** Points an agent at a chat model, or clears its assignment so it follows the default. */
export const assignAgent =
  (agent: AgentId, ref: ModelRef | null): Operation<void> =>
  (doc) => {
    const assignments = { ...doc.assignments };
    if (ref === null) delete assignments[agent];
    else {
      const found = resolveRef(doc, ref);
      if (!found) throw new SwitchboardError(`No model “${ref}”.`);
      if (found.model.kind !== 'chat') throw new SwitchboardError(`“${ref}” is an embedding model; agents need a chat model.`);
      assignments[agent] = ref;
    }
    return { doc: { ...doc, assignments }, result: undefined };
  };

export const removeModel =
  (ref: ModelRef): Operation<void> =>
  (doc) => {
    const found = resolveRef(doc, ref);
    if (!found) throw new SwitchboardError(`No model “${ref}”; it may have been removed in another window.`);
    const provider = { ...found.provider, models: found.provider.models.filter((m) => m !== found.model) };
    const next = replaceProvider(doc, provider);
    next.assignments = Object.fromEntries(Object.entries(doc.assignments).filter(([, r]) => r !== ref));
    setOrDelete(next, 'defaultRef', doc.defaultRef === ref ? undefined : doc.defaultRef);
    setOrDelete(next, 'lastUsedRef', doc.lastUsedRef === ref ? undefined : doc.lastUsedRef);
    setOrDelete(next, 'embeddingRef', doc.embeddingRef === ref ? undefined : doc.embeddingRef);
    return { doc: next, result: undefined };
  };

/** Sets the embedding model (an embedding-kind model), or clears it with null. */
export const setEmbeddingModel =
  (ref: ModelRef | null): Operation<void> =>
  (doc) => {
    const next = { ...doc };
    if (ref === null) {
      delete next.embeddingRef;
      return { doc: next, result: undefined };
    }
    const found = resolveRef(doc, ref);
    if (!found) throw new SwitchboardError(`No model “${ref}”.`);
    if (found.model.kind !== 'embedding') throw new SwitchboardError(`“${ref}” is a chat model; the embedding model must be of kind embedding.`);
    return { doc: { ...next, embeddingRef: ref }, result: undefined };
  };

/** Stars one model; the previous default loses its star because there is only one field. */
export const setDefaultModel =
  (ref: ModelRef): Operation<void> =>
  (doc) => {
    const found = resolveRef(doc, ref);
    if (!found) throw new SwitchboardError(`No model “${ref}”.`);
    if (found.model.kind !== 'chat') throw new SwitchboardError(`“${ref}” is an embedding model and cannot be the default.`);
    return { doc: { ...doc, defaultRef: ref }, result: undefined };
  };

export const recordLastUsed =
  (ref: ModelRef): Operation<void> =>
  (doc) => {
    if (!resolveRef(doc, ref)) throw new SwitchboardError(`No model “${ref}”; it may have been removed in another window.`);
    return { doc: { ...doc, lastUsedRef: ref }, result: undefined };
  };

/**
 * Moves everything that blocks removing `fromId` onto `toId`: its agents, their
 * assignments (to the target's first chat model) and the default.
 */
export const reassignProvider =
  (fromId: string, toId: string): Operation<void> =>
  (doc) => {
    if (fromId === toId) throw new SwitchboardError('Pick a different provider to move the agents to.');
    const from = findProvider(doc, fromId);
    const to = findProvider(doc, toId);
    const target = to.models.find((m) => m.kind === 'chat');
    const targetRef = target ? formatRef(to.id, target.id) : undefined;
    const agents = [...new Set([...to.agents, ...from.agents])];
    let next = replaceProvider(replaceProvider(doc, { ...from, agents: [] }), { ...to, agents });
    const assignments: StoredDocument['assignments'] = {};
    for (const [agent, ref] of Object.entries(doc.assignments) as [AgentId, ModelRef][]) {
      if (parseRef(ref)?.providerId !== fromId) assignments[agent] = ref;
      else if (targetRef) assignments[agent] = targetRef;
    }
    next = { ...next, assignments };
    if (doc.defaultRef && parseRef(doc.defaultRef)?.providerId === fromId) setOrDelete(next, 'defaultRef', targetRef);
    return { doc: next, result: undefined };
  };

function setOrDelete(doc: StoredDocument, key: 'defaultRef' | 'lastUsedRef' | 'embeddingRef', value: ModelRef | undefined): void {
  if (value === undefined) delete doc[key];
  else doc[key] = value;
}
