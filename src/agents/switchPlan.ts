/**
 * What a status-bar pick means for the agents: every agent the picked model's provider
 * lists gets that model, unless the agent has its own assignment, which wins. Pure: it
 * returns one outcome per agent, and one agent's refusal never affects another's.
 */
import { agentLabel, type AgentId } from '../providers/agentCatalog';
import { resolveRef, type StoredDocument } from '../providers/document';
import { modelLabel } from '../providers/model';
import { effectiveBaseUrl, providerType } from '../providers/providerTypes';
import type { ModelRef } from '../providers/refs';
import { needsSecret } from '../providers/usability';
import { chooseDelivery, keyMask, type AgentEnvironment, type AgentPlan, type Endpoint, type KeyDelivery, type KeyOffer } from './agentAdapter';
import { adapterFor } from './registry';

export type AgentOutcome =
  /** `delivery`: how the key reaches the agent, for the Agents tab ('none' for keyless providers). */
  | { readonly agent: AgentId; readonly ref: ModelRef; readonly status: 'planned'; readonly plan: AgentPlan; readonly delivery: KeyDelivery['kind'] }
  /** The agent keeps keys only in its own files, and the user has not allowed that for it. */
  | { readonly agent: AgentId; readonly ref: ModelRef; readonly status: 'needs-plaintext'; readonly reason: string }
  | { readonly agent: AgentId; readonly ref: ModelRef | undefined; readonly status: 'refused' | 'unsupported'; readonly reason: string };

/** What the host can offer an agent for a provider's key. */
export type KeyOffers = (providerId: string, agent: AgentId) => KeyOffer;

/** The endpoint of a ref with the given key delivery ('none' for a provider without key), or undefined when the ref no longer resolves. */
export function endpointFor(doc: StoredDocument, ref: ModelRef, key: KeyDelivery): Endpoint | undefined {
  const found = resolveRef(doc, ref);
  if (!found) return undefined;
  const { provider, model } = found;
  const baseUrl = effectiveBaseUrl(provider.type, provider.baseUrl);
  if (!baseUrl) return undefined;
  return {
    providerId: provider.id,
    providerName: provider.name,
    providerType: provider.type,
    protocol: providerType(provider.type).protocol,
    baseUrl,
    modelId: model.id,
    modelName: modelLabel(model),
    contextLimit: model.contextLimit,
    ...(model.maxOutputTokens !== undefined ? { maxOutputTokens: model.maxOutputTokens } : {}),
    headers: { ...provider.headers },
    key,
  };
}

/** What pointing one agent at one model means: a plan, or why not. */
export function planAgent(doc: StoredDocument, agent: AgentId, ref: ModelRef, environment: AgentEnvironment, offers: KeyOffers): AgentOutcome {
  const label = agentLabel(agent);
  const adapter = adapterFor(agent);
  if (!adapter) return { agent, ref, status: 'unsupported', reason: `${label} is not configured by Switchboard yet.` };
  const provider = resolveRef(doc, ref)?.provider;
  const offer = provider ? offers(provider.id, agent) : {};
  const delivery: KeyDelivery | undefined = provider && !offer.keyless && (needsSecret(provider) || offer.hasKey) ? chooseDelivery(adapter.keyDeliveries, offer) : { kind: 'none' };
  if (!delivery) return { agent, ref, status: 'needs-plaintext', reason: `${label} keeps its key only in its own config file: it needs your opt-in for plaintext.` };
  const endpoint = endpointFor(doc, ref, delivery);
  if (!endpoint) return { agent, ref, status: 'refused', reason: `${label}: “${ref}” has no usable endpoint.` };
  const result = adapter.plan(endpoint, environment);
  return result.ok ? { agent, ref, status: 'planned', plan: result.plan, delivery: endpoint.key.kind } : { agent, ref, status: 'refused', reason: result.reason };
}

/** The same offers with any plaintext key replaced by the mask: what a preview may show. */
export function maskedOffers(offers: KeyOffers): KeyOffers {
  return (providerId, agent) => {
    const offer = offers(providerId, agent);
    return offer.plaintext === undefined ? offer : { ...offer, plaintext: keyMask };
  };
}

/** One outcome per agent the pick concerns; an agent's own assignment wins over the pick. */
export function planSwitch(doc: StoredDocument, picked: ModelRef, environment: AgentEnvironment, offers: KeyOffers): AgentOutcome[] {
  const provider = resolveRef(doc, picked)?.provider;
  if (!provider) return [];
  return provider.agents.map((agent) => planAgent(doc, agent, doc.assignments[agent] ?? picked, environment, offers));
}
