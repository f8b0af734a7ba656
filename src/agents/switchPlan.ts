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
import type { AgentEnvironment, AgentPlan, Endpoint, KeyDelivery } from './agentAdapter';
import { adapterFor } from './registry';

export type AgentOutcome =
  | { readonly agent: AgentId; readonly ref: ModelRef; readonly status: 'planned'; readonly plan: AgentPlan }
  | { readonly agent: AgentId; readonly ref: ModelRef | undefined; readonly status: 'refused' | 'unsupported'; readonly reason: string };

/** The endpoint of a ref, or undefined when the ref no longer resolves. */
export function endpointFor(doc: StoredDocument, ref: ModelRef, key: (providerId: string) => KeyDelivery): Endpoint | undefined {
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
    key: needsSecret(provider) ? key(provider.id) : { kind: 'none' },
  };
}

/** What pointing one agent at one model means: a plan, or why not. */
export function planAgent(doc: StoredDocument, agent: AgentId, ref: ModelRef, environment: AgentEnvironment, key: (providerId: string) => KeyDelivery): AgentOutcome {
  const adapter = adapterFor(agent);
  if (!adapter) return { agent, ref, status: 'unsupported', reason: `${agentLabel(agent)} is not configured by Switchboard yet.` };
  const endpoint = endpointFor(doc, ref, key);
  if (!endpoint) return { agent, ref, status: 'refused', reason: `${agentLabel(agent)}: “${ref}” has no usable endpoint.` };
  const result = adapter.plan(endpoint, environment);
  return result.ok ? { agent, ref, status: 'planned', plan: result.plan } : { agent, ref, status: 'refused', reason: result.reason };
}

/** One outcome per agent the pick concerns; an agent's own assignment wins over the pick. */
export function planSwitch(doc: StoredDocument, picked: ModelRef, environment: AgentEnvironment, key: (providerId: string) => KeyDelivery): AgentOutcome[] {
  const provider = resolveRef(doc, picked)?.provider;
  if (!provider) return [];
  return provider.agents.map((agent) => planAgent(doc, agent, doc.assignments[agent] ?? picked, environment, key));
}
