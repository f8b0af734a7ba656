/**
 * The forward proxy's password rule and user name, shared by the palette, the panel (host and
 * webview) and the store. The user name lives in the proxy URL; the password only in
 * SecretStorage, sealed with the proxy account it was set for (proxyPasswordSeal.ts). No zod
 * here: the webview imports this file.
 */

/** Why the store refuses a password, or undefined: Basic credentials are one header line. */
export function proxyPasswordProblem(password: string): string | undefined {
  return password.length > 1024 || /[\r\n]/.test(password) ? 'A proxy password is one line of at most 1024 characters.' : undefined;
}

/** The user name in a proxy URL; undefined without a proxy, without a user, or for a URL that does not parse. */
export function proxyUserOf(proxy: string | undefined): string | undefined {
  if (!proxy) return undefined;
  try {
    return decodeURIComponent(new URL(proxy).username) || undefined;
  } catch {
    return undefined;
  }
}

/** What a save does to the stored password: keep it, set a typed one, or clear it. */
export type ProxyPasswordChange = { readonly action: 'keep' } | { readonly action: 'clear' } | { readonly action: 'set'; readonly value: string };

/** Scheme, host, port and user of a proxy URL: whom a password is for. Undefined when it does not parse or names no user. */
export function proxyAccountOf(proxy: string | undefined): string | undefined {
  const user = proxyUserOf(proxy);
  if (!user) return undefined;
  const url = new URL(proxy!);
  return `${url.protocol}//${url.host}\n${user}`;
}

/**
 * The change a save makes. A typed password is for the new proxy URL's user; a stored one stays
 * only while the proxy is the same host and user it was saved for (`savedProxy`), so it is never
 * sent to another proxy. A proxy naming no user (or no proxy) clears it.
 */
export function proxyPasswordAction(proxy: string | undefined, change: ProxyPasswordChange = { action: 'keep' }, savedProxy?: string): ProxyPasswordChange {
  const account = proxyAccountOf(proxy);
  if (!account) return { action: 'clear' };
  if (change.action !== 'keep') return change;
  return account === proxyAccountOf(savedProxy) ? change : { action: 'clear' };
}
