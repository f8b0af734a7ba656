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
