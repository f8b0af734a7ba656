/**
 * A 407 as the panel tells it: the facts the palette gives, but the fix is the form's Proxy
 * password field (under Advanced → Network), with an inline error on it when the field shows.
 */
import type { Classified } from '../../providers/network/classify';
import { proxyUserOf } from '../../providers/network/proxyPassword';
import type { Reply } from './context';
import { proxyPasswordField } from './handlers/proxyPassword';

const field = 'Proxy password under Advanced → Network';

/** The answer for a 407; undefined for any other failure. `passwordSent`: a password went with the request. */
export function proxyAuthReply(failure: Classified, proxy: string | undefined, passwordSent: boolean): Reply | undefined {
  if (failure.kind !== 'proxy' || failure.status !== 407) return undefined;
  const user = proxyUserOf(proxy);
  if (!user) {
    const hint = proxy
      ? `Put your user name in the proxy URL (http://user@host:port), then type the password in ${field}.`
      : 'Set that proxy under Advanced → Network with your user name in its URL (http://user@host:port), then type the password in Proxy password.';
    return { ok: false, message: `${failure.message} ${hint}` };
  }
  const [hint, inline] = passwordSent
    ? [`Check the user name in the proxy URL, and replace the password in ${field}.`, `The proxy refused this password for ${user}.`]
    : [`The proxy URL names the user ${user} but no password is set: type it in ${field}.`, `The proxy asks for the password of ${user}.`];
  return { ok: false, message: `${failure.message} ${hint}`, fieldErrors: { [proxyPasswordField]: inline } };
}
