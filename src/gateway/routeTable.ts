/**
 * Which model a gateway request goes to, decided per request from the document as it is at
 * that moment: a status-bar pick changes the next request, and one in flight keeps its route.
 * An agent's own assignment wins, then the active model. VS Code's chat names its model in
 * each request; agents' requests name whatever their config says, which the route overrides.
 */
import type { AgentId } from '../providers/agentCatalog';
import { resolveRef, type StoredDocument } from '../providers/document';
import { bedrockRuntimeEndpoint } from '../providers/connect/bedrockEndpoint';
import { activeModel, type UsableTest } from '../providers/modelOrder';
import { effectiveBaseUrl, providerType } from '../providers/providerTypes';
import type { Model } from '../providers/model';
import type { Provider } from '../providers/provider';
import { isRef, type ModelRef } from '../providers/refs';
import type { ResolvedNetwork } from '../providers/network/dispatcherOptions';
import type { GatewayRoute } from './route';
import type { GatewayProtocol, ModelSettings } from './translator';

export interface RouteTarget {
  readonly ref: ModelRef;
  readonly provider: Provider;
  readonly upstream: GatewayProtocol;
  readonly baseUrl: string;
  readonly model: ModelSettings;
}

export type RouteLookup = { readonly ok: true; readonly target: RouteTarget } | { readonly ok: false; readonly message: string };

/** Agents whose requests choose their model (VS Code's chat model picker), rather than following the status bar. */
const choosesPerRequest: readonly string[] = ['vscode-chat'];

export function routeFor(doc: StoredDocument, usable: UsableTest, agent: AgentId | undefined, requestedModel: unknown): RouteLookup {
  const requested = isRef(requestedModel) && resolveRef(doc, requestedModel) ? requestedModel : undefined;
  const ref = (agent === undefined || choosesPerRequest.includes(agent) ? requested : undefined) ?? (agent && Object.hasOwn(doc.assignments, agent) ? doc.assignments[agent] : undefined) ?? activeModel(doc, usable)?.ref;
  if (!ref) return { ok: false, message: 'Switchboard has no model to route to: add a provider and pick a model in the status bar.' };
  const found = resolveRef(doc, ref);
  if (!found) return { ok: false, message: `The model “${ref}” is no longer in Switchboard: pick another in the status bar.` };
  const { provider, model } = found;
  if (!usable(provider)) return { ok: false, message: `“${provider.name}” has no key on this machine: run “Switchboard: Set API Key”.` };
  const upstream = providerType(provider.type).protocol;
  const baseUrl = provider.type === 'bedrock' ? bedrockRuntimeEndpoint(provider) : effectiveBaseUrl(provider.type, provider.baseUrl);
  if (!baseUrl) return { ok: false, message: `“${provider.name}” has no base URL.` };
  return { ok: true, target: { ref, provider, upstream, baseUrl, model: settingsOf(provider, model) } };
}

function settingsOf(provider: Provider, model: Model): ModelSettings {
  const { id, maxOutputTokens, temperature, topP, topK, presencePenalty, frequencyPenalty, options } = model;
  const set = Object.entries({ maxOutputTokens, temperature, topP, topK, presencePenalty, frequencyPenalty }).filter(([, v]) => v !== undefined);
  return { modelId: id, optionFamily: providerType(provider.type).optionFamily, ...Object.fromEntries(set), ...(options ? { options } : {}) };
}

/** The route the server takes: the target plus the provider's headers and its network settings (CA file read). */
export function gatewayRoute({ ref, provider, baseUrl, model }: RouteTarget, network: ResolvedNetwork): GatewayRoute {
  return {
    ref,
    providerId: provider.id,
    providerType: provider.type,
    baseUrl,
    ...(provider.type === 'azure-openai' ? { apiVersion: provider.apiVersion } : {}),
    ...(provider.type === 'bedrock' ? { bedrock: { region: provider.region, auth: provider.aws } } : {}),
    headers: { ...provider.headers },
    model,
    network,
  };
}
