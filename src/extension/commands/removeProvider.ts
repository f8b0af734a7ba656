import * as vscode from 'vscode';
import { reassignProvider, removeProvider } from '../../providers/operations';
import type { Provider } from '../../providers/provider';
import { describeBlockers, holdsEmbeddingModel, isBlocked, removalBlockers } from '../../providers/removal';
import type { Services } from '../services';
import { refuseManaged } from '../team/teamGuards';
import { describeProvider, pickProvider } from '../ui/pickers';

/**
 * Switchboard: Remove Provider. Refused while agents or the default use the provider; the
 * refusal names them and offers to move them to another provider first.
 */
export async function removeProviderCommand(services: Services, providerId?: string): Promise<boolean> {
  const { store } = services;
  const provider = providerId ? store.provider(providerId) : await pickProvider(store, 'Remove Provider');
  if (!provider) return false;
  refuseManaged(services, provider.id, 'be removed');

  const blockers = removalBlockers(store.document, provider.id);
  if (isBlocked(blockers)) {
    const others = store.document.providers.filter((p) => p.id !== provider.id);
    const reassign = others.length ? 'Reassign…' : undefined;
    const answer = await vscode.window.showWarningMessage(
      describeBlockers(provider.name, blockers),
      { modal: true, detail: others.length ? 'Move them to another provider first, then remove it.' : 'Add another provider to move them to, or clear the agents in Edit Provider.' },
      ...(reassign ? [reassign] : []),
    );
    if (answer !== reassign || !reassign) return false;
    const target = await pickTarget(store, others, provider);
    if (!target) return false;
    await store.apply(reassignProvider(provider.id, target.id), `Moved the agents and default of ${provider.id} to ${target.id}.`);
  }

  const models = provider.models.length;
  const confirm = await vscode.window.showWarningMessage(
    `Remove provider “${provider.name}”?`,
    {
      modal: true,
      detail: `Its ${models} model${models === 1 ? '' : 's'} and its ${store.secrets.hasKeyCommand(provider.id) ? 'key command' : 'key'} are deleted too.${holdsEmbeddingModel(store.document, provider.id) ? ' It holds the embedding model, which is cleared.' : ''}`,
    },
    'Remove',
  );
  if (confirm !== 'Remove') return false;
  await store.apply(removeProvider(provider.id), `Removed provider ${provider.id}.`);
  await store.forgetProvider(provider.id);
  return true;
}

async function pickTarget(store: Services['store'], others: Provider[], from: Provider): Promise<Provider | undefined> {
  const items = others.map((p) => ({ ...describeProvider(store, p), provider: p }));
  const picked = await vscode.window.showQuickPick(items, { title: `Move the agents of “${from.name}” to…`, placeHolder: 'Choose the provider that takes over' });
  return picked?.provider;
}
