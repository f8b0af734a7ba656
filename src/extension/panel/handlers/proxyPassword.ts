/**
 * The provider form's proxy password, beside the key: checked with the rest of the form (so a
 * bad one saves nothing), then stored after the provider by ProviderSecrets.saveProxyPassword, which
 * drops it when the saved proxy URL is another host or user, or names none.
 */
import { proxyPasswordAction, proxyPasswordProblem } from '../../../providers/network/proxyPassword';
import type { Provider } from '../../../providers/provider';
import type { ProxyPasswordChange } from '../../../protocol/messages';
import type { SecretSource } from '../../connect';

/** The form's key for the field, and for its inline errors. */
export const proxyPasswordField = 'network.proxyPassword';

/** The inline error for a typed password the store would refuse. */
export function proxyPasswordError(change: ProxyPasswordChange | undefined): string | undefined {
  return change?.action === 'set' ? proxyPasswordProblem(change.value) : undefined;
}

/** The password a test of the form's values sends: as typed, none, or the saved provider's while its proxy is the same host and user. */
export function proxyPasswordSource(provider: Pick<Provider, 'network'>, change: ProxyPasswordChange | undefined, saved: Pick<Provider, 'network'> | undefined): SecretSource {
  const action = proxyPasswordAction(provider.network?.proxy, change, saved?.network?.proxy);
  if (action.action === 'set') return { from: 'value', value: action.value };
  return action.action === 'clear' ? { from: 'value', value: undefined } : { from: 'store' };
}
