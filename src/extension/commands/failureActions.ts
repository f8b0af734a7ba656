/** The buttons of a failed Test Connection or Refresh Models notification. Pure: no vscode, so unit tests read it. */
import type { Classified } from '../../providers/network/classify';

/** Failures fixed by the base URL (Edit Provider), and by the network settings (the panel's Advanced section). */
const fixInUrl = new Set(['dns', 'refused', 'bad-port', 'tls-hostname', 'tls-other', 'not-found', 'not-json', 'redirect', 'malformed']);
const fixInNetwork = new Set(['tls-untrusted', 'proxy', 'ca-file', 'timeout']);

/** The button a 407 (the proxy wants credentials) adds: the palette's own command, for that provider. */
export const setProxyPasswordAction = 'Set Proxy Password…';

/** The buttons of a failure message, first the likeliest fix. */
export function failureActions({ kind, status }: Pick<Classified, 'kind' | 'status'>): string[] {
  const proxyAuth = kind === 'proxy' && status === 407 ? [setProxyPasswordAction] : [];
  return [...proxyAuth, ...(kind === 'auth' ? ['Set API Key'] : fixInUrl.has(kind) ? ['Edit Provider'] : fixInNetwork.has(kind) ? ['Network Settings'] : []), 'Show Log'];
}
