import { updateProvider } from '../../providers/operations';
import type { Services } from '../services';
import { refuseManaged } from '../team/teamGuards';
import { networkFormOf, networkFromForm } from '../ui/networkDraft';
import { pickProvider } from '../ui/pickers';
import { runProviderSteps, type ProviderDraft } from '../ui/providerSteps';

/** Switchboard: Edit Provider — name, URL, key and agents, then Save or the network settings. The id and type stay. */
export async function editProviderCommand(services: Services, providerId?: string): Promise<void> {
  const { store } = services;
  const provider = providerId ? store.provider(providerId) : await pickProvider(store, 'Edit Provider');
  if (!provider) return;
  refuseManaged(services, provider.id, 'be edited');
  const draft: ProviderDraft = {
    editing: { id: provider.id, hasKey: store.secrets.hasKey(provider.id) },
    otherNames: store.document.providers.filter((p) => p.id !== provider.id).map((p) => p.name),
    type: provider.type,
    name: provider.name,
    baseUrl: provider.baseUrl ?? '',
    agents: [...provider.agents],
    ...(provider.type === 'azure-openai' ? { apiVersion: provider.apiVersion } : {}),
    ...(provider.type === 'bedrock' ? { region: provider.region, aws: { ...provider.aws } } : {}),
    network: networkFormOf(provider.network),
  };
  if (!(await runProviderSteps(draft))) return;
  const saved = await store.apply(
    updateProvider(provider.id, {
      name: draft.name,
      baseUrl: draft.baseUrl || null,
      agents: draft.agents,
      typeFields: typeFields(draft),
      // Untouched unless the user went through the network steps; emptied fields clear it.
      ...(draft.editNetwork ? { network: networkFromForm(draft.network ?? {}) ?? null } : {}),
    }),
    `Edited provider ${provider.id}.`,
  );
  if (draft.key) await store.secrets.setKey(provider.id, draft.key);
  // A proxy now on another host or user, or naming none, takes its stored password with it, as the panel's save does.
  if (draft.editNetwork) await store.secrets.saveProxyPassword(saved, undefined, provider.network?.proxy);
}

function typeFields(d: ProviderDraft): Record<string, unknown> | undefined {
  if (d.type === 'azure-openai') return { apiVersion: d.apiVersion };
  if (d.type === 'bedrock') return { region: d.region, aws: d.aws };
  return undefined;
}
