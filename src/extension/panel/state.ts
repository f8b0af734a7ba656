/** Builds the `state` message from the store. Nothing secret can reach it: keys and proxy passwords are reduced to a state. */
import type { AgentDetection } from '../../agents/detect';
import { agentIds, agentLabel, type AgentId } from '../../providers/agentCatalog';
import { resolveRef, type StoredDocument } from '../../providers/document';
import { etagOf } from '../../providers/etag';
import { modelLabel } from '../../providers/model';
import { modelFormDescriptor, optionFormsByFamily } from '../../providers/formDescriptors';
import { availableModels } from '../../providers/modelOrder';
import { typeFieldsOf, type Provider } from '../../providers/provider';
import { providerType, providerTypes } from '../../providers/providerTypes';
import { keyStateOf } from '../../providers/usability';
import { keyCommandProblemMax, type AgentView, type ProviderView, type StateMessage } from '../../protocol/messages';
import type { AgentRun, AgentRunMap } from '../agentRuns';
import type { Store } from '../store/store';
import { managedView, teamState } from '../team/teamView';

/** What the host found out about one agent on this machine (slow to learn, so it comes later). */
export interface AgentFound {
  readonly detection: AgentDetection;
  /** Switchboard has an adapter for it. */
  readonly configurable: boolean;
  /** Switchboard keeps originals of some of its files. */
  readonly revertible: boolean;
}

/** What the host knows about the agents beyond the store. */
export interface AgentFacts {
  readonly runs: AgentRunMap;
  /** Absent until the host has looked. */
  readonly found?: Partial<Record<AgentId, AgentFound>>;
  /** Agents the user routes through the gateway. */
  readonly gatewayRouted?: readonly AgentId[];
}

function agentView(doc: StoredDocument, id: AgentId, run: AgentRun | undefined, found: AgentFound | undefined, routed: boolean): AgentView {
  const applied = run?.applied;
  const resolved = applied && resolveRef(doc, applied.ref);
  return {
    id,
    label: agentLabel(id),
    ...(found ? { configurable: found.configurable, revertible: found.revertible, detection: { ...found.detection } } : {}),
    ...(applied ? { lastApplied: { ...applied, model: resolved ? `${modelLabel(resolved.model)} · ${resolved.provider.name}` : applied.ref } } : {}),
    ...(run?.problem ? { problem: run.problem.message } : {}),
    ...(routed ? { gatewayRouted: true } : {}),
  };
}

/** Whether the key comes from a command, and why that command fails if it does; never the command or its output. */
function keyCommandView(store: Store, id: string): Pick<ProviderView, 'keyFromCommand' | 'keyCommandProblem'> {
  if (!store.secrets.hasKeyCommand(id)) return {};
  const problem = store.secrets.keyCommandProblem(id);
  if (problem === undefined) return { keyFromCommand: true };
  return { keyFromCommand: true, keyCommandProblem: problem.length > keyCommandProblemMax ? `${problem.slice(0, keyCommandProblemMax - 1)}…` : problem };
}

export function providerView(store: Store, p: Provider): ProviderView {
  return {
    id: p.id,
    name: p.name,
    type: p.type,
    ...(p.baseUrl ? { baseUrl: p.baseUrl } : {}),
    agents: [...p.agents],
    headers: { ...p.headers },
    typeFields: typeFieldsOf(p),
    ...(p.network ? { network: { ...p.network, ...(p.network.noProxy ? { noProxy: [...p.network.noProxy] } : {}) } } : {}),
    keyState: keyStateOf(p, store.secrets.hasKey(p.id)),
    ...keyCommandView(store, p.id),
    ...(store.secrets.hasProxyPassword(p.id) ? { proxyPasswordSet: true } : {}),
    models: p.models.map((m) => ({ ...m })),
    etag: etagOf(p),
    ...managedView(store, p.id),
  };
}

// The forms only change with a new extension version; build them once.
let forms: Pick<StateMessage, 'modelForm' | 'optionForms'> | undefined;

export function buildState(store: Store, facts?: AgentFacts): StateMessage {
  const doc = store.document;
  forms ??= { modelForm: modelFormDescriptor(), optionForms: optionFormsByFamily() };
  return {
    type: 'state',
    providers: doc.providers.map((p) => providerView(store, p)),
    ...(doc.defaultRef ? { defaultRef: doc.defaultRef } : {}),
    ...(doc.lastUsedRef ? { lastUsedRef: doc.lastUsedRef } : {}),
    ...(doc.embeddingRef ? { embeddingRef: doc.embeddingRef } : {}),
    assignments: { ...doc.assignments },
    usableRefs: availableModels(doc, store.isUsable).map((c) => c.ref),
    types: providerTypes.map((t) => ({
      id: t.id,
      label: t.label,
      baseUrlRequired: t.baseUrlRequired,
      auth: t.auth,
      optionFamily: providerType(t.id).optionFamily,
      ...(t.defaultBaseUrl ? { defaultBaseUrl: t.defaultBaseUrl } : {}),
      ...(t.baseUrlHint ? { baseUrlHint: t.baseUrlHint } : {}),
      ...(t.modelIdMeaning ? { modelIdMeaning: t.modelIdMeaning } : {}),
    })),
    agents: agentIds.map((id) => agentView(doc, id, facts?.runs[id], facts?.found?.[id], facts?.gatewayRouted?.includes(id) ?? false)),
    ...forms,
    ...teamState(store),
  };
}
