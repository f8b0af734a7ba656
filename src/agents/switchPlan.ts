/**
 * What a status-bar pick means for the agents: every agent the picked model's provider
 * lists gets that model, unless the agent has its own assignment, which wins. Pure: it
 * returns one outcome per agent, and one agent's refusal never affects another's.
 */
import { agentLabel, type AgentId } from '../providers/agentCatalog';
import { bedrockRuntimeEndpoint } from '../providers/connect/bedrockEndpoint';
import { resolveRef, type StoredDocument } from '../providers/document';
import { modelLabel } from '../providers/model';
import { effectiveBaseUrl, providerType } from '../providers/providerTypes';
import type { ModelRef } from '../providers/refs';
import { needsSecret } from '../providers/usability';
import { chooseDelivery, keyMask, type AgentAdapter, type AgentEnvironment, type AgentPlan, type Endpoint, type KeyDelivery, type KeyOffer } from './agentAdapter';
import { clientProtocol, gatewayBaseUrl, gatewayProviderId, gatewayProviderName, routesThroughGateway, tokenDelivery, typeSpeaking, type GatewayOffer } from './gatewayMode';
import { adapterFor } from './registry';

export type AgentOutcome =
  /**
   * `delivery`: how the key (or, through the gateway, the gateway token) reaches the agent, for the Agents tab ('none' for keyless providers).
   * `gateway`: the agent talks to Switchboard's gateway, which forwards to the model.
   */
  | { readonly agent: AgentId; readonly ref: ModelRef; readonly status: 'planned'; readonly plan: AgentPlan; readonly delivery: KeyDelivery['kind']; readonly gateway: boolean }
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
  // Bedrock's runtime has no type default (it depends on the region); agents reach it only through the gateway.
  const baseUrl = provider.type === 'bedrock' ? bedrockRuntimeEndpoint(provider) : effectiveBaseUrl(provider.type, provider.baseUrl);
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

/** What pointing one agent at one model means: a plan, or why not. With a gateway offer, an agent that cannot speak the provider's protocol (or that the user routes through it) goes through the gateway. */
export function planAgent(doc: StoredDocument, agent: AgentId, ref: ModelRef, environment: AgentEnvironment, offers: KeyOffers, gateway?: GatewayOffer): AgentOutcome {
  const label = agentLabel(agent);
  const adapter = adapterFor(agent);
  if (!adapter) return { agent, ref, status: 'unsupported', reason: `${label} is not configured by Switchboard yet.` };
  const found = resolveRef(doc, ref);
  const provider = found?.provider;
  if (provider && gateway && routesThroughGateway(adapter, provider, gateway, found.model.id)) return planThroughGateway(doc, adapter, ref, environment, gateway);
  if (provider?.type === 'bedrock') return { agent, ref, status: 'refused', reason: `${label} reaches Amazon Bedrock only through Switchboard's gateway.` };
  const offer = provider ? offers(provider.id, agent) : {};
  const delivery: KeyDelivery | undefined = provider && !offer.keyless && (needsSecret(provider) || offer.hasKey) ? chooseDelivery(adapter.keyDeliveries, offer) : { kind: 'none' };
  if (!delivery) return { agent, ref, status: 'needs-plaintext', reason: `${label} keeps its key only in its own config file: it needs your opt-in for plaintext.` };
  const endpoint = endpointFor(doc, ref, delivery);
  if (!endpoint) return { agent, ref, status: 'refused', reason: `${label}: “${ref}” has no usable endpoint.` };
  const result = adapter.plan(endpoint, environment);
  return result.ok ? { agent, ref, status: 'planned', plan: result.plan, delivery: endpoint.key.kind, gateway: false } : { agent, ref, status: 'refused', reason: result.reason };
}

/** The agent's own gateway route, with the gateway token as its key; the model's name and limits stay the model's. */
function planThroughGateway(doc: StoredDocument, adapter: AgentAdapter, ref: ModelRef, environment: AgentEnvironment, gateway: GatewayOffer): AgentOutcome {
  const agent = adapter.id;
  const direct = endpointFor(doc, ref, { kind: 'none' });
  const protocol = direct && clientProtocol(adapter, direct.protocol);
  const key = tokenDelivery(adapter, gateway);
  if (!direct || !protocol || !key) return { agent, ref, status: 'refused', reason: `${adapter.label} cannot reach “${ref}” through Switchboard's gateway.` };
  const endpoint: Endpoint = {
    ...direct,
    providerId: gatewayProviderId,
    providerName: gatewayProviderName,
    providerType: typeSpeaking(protocol),
    protocol,
    baseUrl: gatewayBaseUrl(gateway.origin, agent, protocol),
    // The gateway adds the provider's headers and key on the way out.
    headers: {},
    key,
  };
  const result = adapter.plan(endpoint, environment);
  if (!result.ok) return { agent, ref, status: 'refused', reason: result.reason };
  const plan = { ...result.plan, notes: [`it talks to Switchboard's gateway, which forwards to “${direct.providerName}”: later picks reach it without a restart`, ...result.plan.notes] };
  return { agent, ref, status: 'planned', plan, delivery: key.kind, gateway: true };
}

/** The same offers with any plaintext key replaced by the mask: what a preview may show. */
export function maskedOffers(offers: KeyOffers): KeyOffers {
  return (providerId, agent) => {
    const offer = offers(providerId, agent);
    return offer.plaintext === undefined ? offer : { ...offer, plaintext: keyMask };
  };
}

/** One outcome per agent the pick concerns; an agent's own assignment wins over the pick. */
export function planSwitch(doc: StoredDocument, picked: ModelRef, environment: AgentEnvironment, offers: KeyOffers, gateway?: GatewayOffer): AgentOutcome[] {
  const provider = resolveRef(doc, picked)?.provider;
  if (!provider) return [];
  return provider.agents.map((agent) => planAgent(doc, agent, doc.assignments[agent] ?? picked, environment, offers, gateway));
}
