/** Builds the `state` message from the store. Nothing secret can reach it: keys are reduced to a state. */
import { agentIds, agentLabel } from '../../providers/agentCatalog';
import { etagOf } from '../../providers/etag';
import { modelFormDescriptor, optionFormsByFamily } from '../../providers/formDescriptors';
import { availableModels } from '../../providers/modelOrder';
import { typeFieldsOf, type Provider } from '../../providers/provider';
import { providerType, providerTypes } from '../../providers/providerTypes';
import { keyStateOf } from '../../providers/usability';
import type { ProviderView, StateMessage } from '../../protocol/messages';
import type { Store } from '../store/store';

export function providerView(store: Store, p: Provider): ProviderView {
  return {
    id: p.id,
    name: p.name,
    type: p.type,
    ...(p.baseUrl ? { baseUrl: p.baseUrl } : {}),
    agents: [...p.agents],
    headers: { ...p.headers },
    typeFields: typeFieldsOf(p),
    keyState: keyStateOf(p, store.hasKey(p.id)),
    models: p.models.map((m) => ({ ...m })),
    etag: etagOf(p),
  };
}

// The forms only change with a new extension version; build them once.
let forms: Pick<StateMessage, 'modelForm' | 'optionForms'> | undefined;

export function buildState(store: Store): StateMessage {
  const doc = store.document;
  forms ??= { modelForm: modelFormDescriptor(), optionForms: optionFormsByFamily() };
  return {
    type: 'state',
    providers: doc.providers.map((p) => providerView(store, p)),
    ...(doc.defaultRef ? { defaultRef: doc.defaultRef } : {}),
    ...(doc.lastUsedRef ? { lastUsedRef: doc.lastUsedRef } : {}),
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
    agents: agentIds.map((id) => ({ id, label: agentLabel(id) })),
    ...forms,
  };
}
