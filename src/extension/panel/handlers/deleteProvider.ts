import { removeProvider } from '../../../providers/operations';
import { describeBlockers, isBlocked, removalBlockers } from '../../../providers/removal';
import { managedMessage } from '../../../providers/team/teamLayer';
import type { Handler } from '../context';

/** Refused, naming the agents, while agents or the default use the provider; deletes the key too. */
export const deleteProvider: Handler<'deleteProvider'> = async ({ id }, { store }) => {
  const provider = store.provider(id);
  if (!provider) return { ok: false, message: 'This provider was already removed.' };
  if (store.teamLayer && store.teamAuth(id)) return { ok: false, message: managedMessage(store.teamLayer, provider.name, 'be removed') };
  const blockers = removalBlockers(store.document, id);
  if (isBlocked(blockers)) return { ok: false, message: `${describeBlockers(provider.name, blockers)} Move them to another provider first.` };
  await store.apply(removeProvider(id), `Removed provider ${id} in the settings panel.`);
  await store.forgetProvider(id);
  return { ok: true };
};
