/**
 * "Through the gateway": an agent talks to Switchboard's loopback gateway instead of the
 * provider. Used when the agent cannot speak the provider's protocol, and for any agent the
 * user routes through it so that status-bar picks reach it live. The agent's config then
 * holds the loopback URL and the local gateway token, never the provider's key.
 */
import type { AgentId } from '../providers/agentCatalog';
import type { Provider } from '../providers/provider';
import { providerType, type ProviderTypeId, type WireProtocol } from '../providers/providerTypes';
import type { AgentAdapter, KeyDelivery } from './agentAdapter';

/** The id the gateway goes by in agents' configs and key requests; never a new provider's id (see ids.ts). */
export const gatewayProviderId = 'gateway';
export const gatewayProviderName = 'Switchboard gateway';

/** The protocols the gateway serves to agents and sends upstream. */
export const gatewayProtocols = ['anthropic-messages', 'openai-responses', 'openai-chat', 'gemini'] as const satisfies readonly WireProtocol[];
export type ServedProtocol = (typeof gatewayProtocols)[number];

/** What the host offers while the gateway can be used. */
export interface GatewayOffer {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Agents the user chose to route through the gateway even when they could talk to the provider. */
  readonly routedAgents: readonly AgentId[];
  /** The key helper's command for the gateway token, when the helper serves. */
  readonly helper?: { readonly command: string; readonly args: readonly string[] };
  /** The local token: it opens only the loopback gateway, so it may be written where a key may not. */
  readonly token: string;
}

const isServed = (p: WireProtocol): p is ServedProtocol => (gatewayProtocols as readonly WireProtocol[]).includes(p);

/**
 * Whether the gateway can forward to this provider's model: one of its protocols. On Bedrock
 * every chat model is reached (Claude through InvokeModel, the others through Converse:
 * src/providers/bedrockModels.ts). Without a model: whether it has a chat model to reach.
 */
export function gatewayReaches(provider: Provider, modelId?: string): boolean {
  if (!isServed(providerType(provider.type).protocol)) return false;
  return provider.type !== 'bedrock' || modelId !== undefined || provider.models.some((m) => m.kind === 'chat');
}

/** No agent signs AWS requests itself: Bedrock is reached only through the gateway. */
const speaksDirectly = (adapter: Pick<AgentAdapter, 'protocols'>, provider: Provider) => provider.type !== 'bedrock' && adapter.protocols.includes(providerType(provider.type).protocol);

/** The protocol an agent talks to the gateway in: the provider's own when the agent speaks it (no translation), else the agent's first. */
export function clientProtocol(adapter: Pick<AgentAdapter, 'protocols'>, upstream: WireProtocol): ServedProtocol | undefined {
  if (isServed(upstream) && adapter.protocols.includes(upstream)) return upstream;
  return adapter.protocols.find(isServed);
}

/** Whether this agent goes through the gateway for this provider (and model, when known). */
export function routesThroughGateway(adapter: Pick<AgentAdapter, 'id' | 'protocols'>, provider: Provider, offer: GatewayOffer | undefined, modelId?: string): boolean {
  if (!offer || !gatewayReaches(provider, modelId) || !clientProtocol(adapter, providerType(provider.type).protocol)) return false;
  return offer.routedAgents.includes(adapter.id) || !speaksDirectly(adapter, provider);
}

/**
 * The agent's own route: the gateway picks its model per request, from the agent id in the path.
 * A Gemini base carries its version as Google's does (…/v1beta); Gemini CLI's adapter takes it off.
 */
export function gatewayBaseUrl(origin: string, agent: AgentId, protocol: ServedProtocol): string {
  if (protocol === 'gemini') return `${origin}/a/${agent}/gemini/v1beta`;
  return `${origin}/a/${agent}/${protocol === 'anthropic-messages' ? 'anthropic' : 'openai'}/v1`;
}

/** A provider type that speaks `protocol` plainly, for adapters that choose settings by type. */
export function typeSpeaking(protocol: ServedProtocol): ProviderTypeId {
  if (protocol === 'gemini') return 'gemini';
  return protocol === 'anthropic-messages' ? 'anthropic' : protocol === 'openai-responses' ? 'openai' : 'openai-compatible';
}

/** How the token reaches the agent: the key helper, else written as is, else the terminal variable, else the agent's extension API. */
export function tokenDelivery(adapter: Pick<AgentAdapter, 'keyDeliveries'>, offer: GatewayOffer): KeyDelivery | undefined {
  const accepts = (kind: KeyDelivery['kind']) => (adapter.keyDeliveries as readonly string[]).includes(kind);
  if (offer.helper && accepts('helper')) return { kind: 'helper', command: offer.helper.command, args: offer.helper.args };
  if (accepts('plaintext')) return { kind: 'plaintext', value: offer.token };
  if (accepts('env')) return { kind: 'env' };
  if (accepts('extension')) return { kind: 'extension' };
  return undefined;
}

/** Whether some agent would go through the gateway for the document as it stands: then the gateway must run. */
export function gatewayNeeded(
  doc: { readonly providers: readonly Provider[]; readonly assignments: Partial<Record<AgentId, string>> },
  routedAgents: readonly AgentId[],
  adapterOf: (agent: AgentId) => Pick<AgentAdapter, 'id' | 'protocols'> | undefined,
): boolean {
  const probe: GatewayOffer = { origin: '', routedAgents, token: '' };
  const byId = new Map(doc.providers.map((p) => [p.id, p]));
  const modelOf = (ref: string) => ref.slice(ref.indexOf('/') + 1);
  const pairs = [
    ...doc.providers.flatMap((p) => p.agents.map((agent) => [agent, p, undefined] as const)),
    ...Object.entries(doc.assignments).map(([agent, ref]) => [agent as AgentId, byId.get(String(ref).split('/')[0]), modelOf(String(ref))] as const),
  ];
  return pairs.some(([agent, provider, modelId]) => {
    const adapter = provider && adapterOf(agent);
    return adapter ? routesThroughGateway(adapter, provider, probe, modelId) : false;
  });
}
