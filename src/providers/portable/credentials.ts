/**
 * What looks like a credential in a shared definition: a field or link parameter named like a
 * key, and a header that carries one. Export leaves such headers out and share links refuse
 * them, because a file or a link travels further than SecretStorage.
 */

/** Names compared without case, dashes or underscores: "api_key", "API-Key" and "apiKey" are one. */
const keyLikeNames = new Set([
  'key',
  'apikey',
  'token',
  'accesstoken',
  'authtoken',
  'refreshtoken',
  'idtoken',
  'sessiontoken',
  'bearer',
  'secret',
  'secretkey',
  'clientsecret',
  'secretaccesskey',
  'password',
  'passwd',
  'auth',
  'authorization',
  'credential',
  'credentials',
]);

const squash = (name: string) => name.toLowerCase().replace(/[-_]/g, '');

/** A field or parameter whose name says it holds a key. */
export function isKeyLikeName(name: string): boolean {
  return keyLikeNames.has(squash(name));
}

/** Authorization, Cookie, X-Api-Key, Ocp-Apim-Subscription-Key, X-Auth-Token…: headers that carry a secret. */
export function isCredentialHeader(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower === 'authorization' || lower === 'proxy-authorization' || lower === 'cookie') return true;
  return lower.split(/[-_]/).some((part) => ['key', 'apikey', 'token', 'secret', 'password', 'auth'].includes(part));
}
