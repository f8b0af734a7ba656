/**
 * The provider form's proxy password, beside the key: checked with the rest of the form (so a
 * bad one saves nothing), stored after the provider, and dropped when the saved proxy URL
 * names no user, since the password is only ever sent with that user name.
 */
import { proxyPasswordProblem, proxyUserOf } from '../../../providers/network/proxyPassword';
import type { Provider } from '../../../providers/provider';
import type { ProxyPasswordChange } from '../../../protocol/messages';
import type { SecretSource } from '../../connect';
import type { Store } from '../../store/store';

/** The form's key for the field, and for its inline errors. */
export const proxyPasswordField = 'network.proxyPassword';

/** The inline error for a typed password the store would refuse. */
export function proxyPasswordError(change: ProxyPasswordChange | undefined): string | undefined {
  return change?.action === 'set' ? proxyPasswordProblem(change.value) : undefined;
}

/** What saving does to the stored password: a proxy naming no user (or no proxy) clears it. */
export function proxyPasswordAction(provider: Pick<Provider, 'network'>, change: ProxyPasswordChange = { action: 'keep' }): ProxyPasswordChange {
  return proxyUserOf(provider.network?.proxy) ? change : { action: 'clear' };
}

/** Applies the change to the saved provider; a clear of nothing stored writes nothing. */
export async function saveProxyPassword(store: Store, provider: Provider, change: ProxyPasswordChange | undefined): Promise<void> {
  const action = proxyPasswordAction(provider, change);
  if (action.action === 'set') await store.setProxyPassword(provider.id, action.value);
  else if (action.action === 'clear' && store.hasProxyPassword(provider.id)) await store.setProxyPassword(provider.id, undefined);
}

/** The password a test of the form's values sends: as typed, none, or the saved provider's. */
export function proxyPasswordSource(provider: Pick<Provider, 'network'>, change: ProxyPasswordChange | undefined, saved: boolean): SecretSource {
  const action = proxyPasswordAction(provider, change);
  if (action.action === 'set') return { from: 'value', value: action.value };
  return action.action === 'clear' || !saved ? { from: 'value', value: undefined } : { from: 'store' };
}
