/** The developer's own token for a provider their team manages: the one thing about it they set. */
import { apiKeySchema } from '../../../providers/fields';
import { managedMessage } from '../../../providers/team/teamLayer';
import type { Handler } from '../context';

export const setTeamToken: Handler<'setTeamToken'> = async ({ id, token }, { store }) => {
  const provider = store.provider(id);
  const auth = store.teamAuth(id);
  const team = store.teamLayer;
  if (!provider) return { ok: false, message: 'This provider is no longer in your team’s list.' };
  if (!auth || !team) return { ok: false, message: `“${provider.name}” is not managed by a team; set its key in its form.` };
  if (auth.kind !== 'personalToken') return { ok: false, message: store.secrets.teamKeyProblem(id) ?? managedMessage(team, provider.name, 'take a key') };
  if (token === null) {
    // A token from a command (Use a Key Command…) goes with its command.
    const what = store.secrets.hasKeyCommand(id) ? 'The key command of your token' : 'Your token';
    await store.secrets.deleteKey(id);
    return { ok: true, message: `${what} for “${provider.name}” was removed.` };
  }
  const parsed = apiKeySchema.safeParse(token);
  if (!parsed.success) return { ok: false, fieldErrors: { key: parsed.error.issues[0]?.message ?? 'Invalid token.' } };
  await store.secrets.setKey(id, parsed.data);
  return { ok: true, message: `Your token for “${provider.name}” is saved.` };
};
