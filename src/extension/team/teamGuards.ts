/**
 * The palette flows' refusals in team mode, checked before any question is asked. The store
 * refuses the same writes on its own (see splitTeam); these only make the refusal come first
 * and record it where the tests can see it.
 */
import { managedMessage, personalProvidersOffMessage } from '../../providers/team/teamLayer';
import type { Services } from '../services';

/** Throws the refusal when `providerId` is managed by the team; `change` completes "it cannot … here". */
export function refuseManaged({ store, team }: Pick<Services, 'store' | 'team'>, providerId: string, change: string): void {
  const layer = store.teamLayer;
  const provider = store.provider(providerId);
  if (!layer || !provider || !store.teamAuth(providerId)) return;
  throw team.refused(managedMessage(layer, provider.name, change));
}

/** Throws when the team turned personal providers off. */
export function refusePersonalProviders({ store, team }: Pick<Services, 'store' | 'team'>): void {
  const layer = store.teamLayer;
  if (layer && !layer.allowPersonalProviders) throw team.refused(personalProvidersOffMessage(layer));
}

/** The key a managed provider cannot take (its token is in an environment variable, or it needs none). */
export function refuseTeamKey({ store, team }: Pick<Services, 'store' | 'team'>, providerId: string): void {
  const problem = store.secrets.teamKeyProblem(providerId);
  if (problem) throw team.refused(problem);
}
