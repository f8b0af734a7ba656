/** What the panel and the picker show of team mode: badges, reasons, and whom to contact. */
import { availableModels } from '../../providers/modelOrder';
import { contactText, managedMessage, noModelsMessage } from '../../providers/team/teamLayer';
import type { ProviderView, StateMessage } from '../../protocol/messages';
import type { Store } from '../store/store';

/** The managed part of a provider's view: read-only with its reason, and how the key comes. */
export function managedView(store: Store, providerId: string): Partial<Pick<ProviderView, 'managed' | 'keyState'>> {
  const layer = store.teamLayer;
  const auth = store.teamAuth(providerId);
  const provider = store.provider(providerId);
  if (!layer || !auth || !provider) return {};
  return {
    managed: { reason: managedMessage(layer, provider.name, 'be edited or removed'), auth: auth.kind, ...(auth.kind === 'env' ? { variable: auth.variable } : {}) },
    ...(auth.kind === 'none' ? { keyState: 'not-needed' as const } : {}),
  };
}

export function teamState(store: Store): Pick<StateMessage, 'team'> {
  const layer = store.teamLayer;
  if (!layer) return {};
  const none = availableModels(store.document, store.isUsable).length === 0;
  return {
    team: {
      source: layer.source,
      contact: contactText(layer.contact),
      allowPersonalProviders: layer.allowPersonalProviders,
      ...(layer.problem ? { problem: layer.problem } : {}),
      ...(none ? { noUsableModels: noModelsMessage(layer) } : {}),
    },
  };
}

/** The picker's note on a managed model: "$(organization) managed by your team". */
export function teamBadge(store: Store, providerId: string): string | undefined {
  return store.teamAuth(providerId) ? '$(organization) managed by your team' : undefined;
}
