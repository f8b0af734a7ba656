/** Read-only helpers over the host's state message, shared by the tabs. */
import type { ProviderTypeView, ProviderView, StateMessage } from '../protocol/messages';

export interface SplitRef {
  providerId: string;
  modelId: string;
}

/** Refs split at the FIRST slash: provider ids have none, model ids may have several. */
export function splitRef(ref: string): SplitRef | undefined {
  const slash = ref.indexOf('/');
  if (slash <= 0 || slash === ref.length - 1) return undefined;
  return { providerId: ref.slice(0, slash), modelId: ref.slice(slash + 1) };
}

export function formatRef(providerId: string, modelId: string): string {
  return `${providerId}/${modelId}`;
}

export function findType(state: StateMessage, typeId: string): ProviderTypeView | undefined {
  return state.types.find((t) => t.id === typeId);
}

export function findProvider(state: StateMessage, id: string): ProviderView | undefined {
  return state.providers.find((p) => p.id === id);
}

export function typeLabel(state: StateMessage, typeId: string): string {
  return findType(state, typeId)?.label ?? typeId;
}

export function agentLabel(state: StateMessage, agentId: string): string {
  return state.agents.find((a) => a.id === agentId)?.label ?? agentId;
}

/** "Provider · Model" for a ref, falling back to the raw ref for stale ones. */
export function refLabel(state: StateMessage, ref: string): string {
  const parts = splitRef(ref);
  if (!parts) return ref;
  const provider = findProvider(state, parts.providerId);
  const model = provider?.models.find((m) => m.id === parts.modelId);
  if (!provider || !model) return ref;
  return `${model.displayName ?? model.id} · ${provider.name}`;
}

/** "missing" says where: keys stay on each machine, so a synced provider needs its key entered here. */
export const keyStatusLabels: Record<ProviderView['keyState'], string> = {
  set: 'Key set ✓',
  missing: 'Key needed on this machine',
  optional: 'Key optional',
  'not-needed': 'Signs in',
};

export const keyFromCommandLabel = 'Key from a command ✓';
export const keyFromCommandTitle = 'A command on this machine prints the key when it is needed (Switchboard: Use a Key Command…).';
export const keyCommandFailingLabel = 'Key command failing ⚠';

export interface KeyStatus {
  readonly label: string;
  readonly title?: string;
  /** The key command fails: shown as a warning, not as "set". */
  readonly failing: boolean;
}

/** What the row and the form say of a provider's key: a failing key command first, since "set" would hide it. */
export function keyStatusOf(provider: Pick<ProviderView, 'keyState' | 'keyFromCommand' | 'keyCommandProblem'>): KeyStatus {
  if (provider.keyFromCommand && provider.keyCommandProblem) {
    return { label: keyCommandFailingLabel, title: `${provider.keyCommandProblem} Test Connection runs it again; Switchboard: Use a Key Command… replaces it.`, failing: true };
  }
  if (provider.keyFromCommand) return { label: keyFromCommandLabel, title: keyFromCommandTitle, failing: false };
  const title = keyStatusTitles[provider.keyState];
  return { label: keyStatusLabels[provider.keyState], ...(title ? { title } : {}), failing: false };
}

/** What the form says a Clear will do: a key command goes, not the key in the password manager. */
export function keyClearText(provider: Pick<ProviderView, 'keyFromCommand'> | undefined): string | undefined {
  return provider?.keyFromCommand ? 'The key command will be removed when you save (the key stays in your password manager).' : undefined;
}

/** The hover text of a key status, when it needs explaining. */
export const keyStatusTitles: Partial<Record<ProviderView['keyState'], string>> = {
  missing: 'Keys stay on each machine: Settings Sync brings providers and models, never keys. Edit the provider (or run Switchboard: Set API Key) to enter it here.',
};

/** Codicons have no vendor logos, so the icon says how the provider is reached. */
export function typeIcon(type: ProviderTypeView | undefined): string {
  if (!type) return 'question';
  if (type.id === 'azure-openai') return 'azure';
  if (type.auth === 'optionalKey') return 'vm';
  if (type.auth === 'oauth') return 'account';
  if (type.auth === 'aws') return 'server-process';
  return 'cloud';
}

