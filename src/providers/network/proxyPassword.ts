/**
 * The forward proxy's password rule and user name, shared by the palette, the panel and the
 * store. The user name lives in the proxy URL; the password only in SecretStorage.
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

/** The change a save makes: a proxy naming no user (or no proxy) clears the password, which is only ever sent with that user name. */
export function proxyPasswordAction(proxy: string | undefined, change: ProxyPasswordChange = { action: 'keep' }): ProxyPasswordChange {
  return proxyUserOf(proxy) ? change : { action: 'clear' };
}
