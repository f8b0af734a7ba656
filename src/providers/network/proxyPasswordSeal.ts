/**
 * The proxy password as SecretStorage holds it: sealed with the proxy account (scheme, host,
 * port, user) it was set for, and opened only for that account, so it is only ever sent there,
 * whoever changed the proxy since (another window, Settings Sync, an import).
 */
import * as z from 'zod';
import { proxyAccountOf } from './proxyPassword';

/** The secret as stored: the password and the account it is for. */
const sealedSchema = z.object({ account: z.string(), password: z.string() });

/** The SecretStorage value for `password`, set for the proxy URL `proxy` (which names its user). */
export function sealProxyPassword(password: string, proxy: string | undefined): string {
  return JSON.stringify({ account: proxyAccountOf(proxy) ?? '', password });
}

/**
 * The password to send to the proxy URL `proxy`: the stored one if it was set for that account,
 * else none. A value stored before passwords were sealed (a bare string) is taken as it is.
 */
export function openProxyPassword(stored: string | undefined, proxy: string | undefined): string | undefined {
  if (stored === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return stored;
  }
  const sealed = sealedSchema.safeParse(value);
  if (!sealed.success) return stored;
  const account = proxyAccountOf(proxy);
  return account !== undefined && sealed.data.account === account ? sealed.data.password : undefined;
}
