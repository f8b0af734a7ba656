/**
 * Custom headers are saved in plain text with the providers, Settings Sync copies them to the
 * user's other machines, and agents' config files get them. A header that carries a credential
 * deserves a warning where it is typed. Judged by the name alone: the value is never read.
 */
const credentialWords = new Set(['authorization', 'auth', 'token', 'secret', 'password', 'passwd', 'cookie', 'credential', 'credentials', 'apikey', 'key', 'bearer']);

/** Words that make a name like Idempotency-Key or Cache-Key an ordinary header after all. */
const notSecretBefore = new Set(['idempotency', 'cache', 'routing', 'partition', 'sort']);

/** Whether a header name reads like one that carries a credential (Authorization, X-Api-Key, Helicone-Auth, Cookie…). */
export function looksLikeCredentialHeader(name: string): boolean {
  const words = name.toLowerCase().split(/[-_.]+/);
  return words.some((word, i) => credentialWords.has(word) && !(word === 'key' && notSecretBefore.has(words[i - 1] ?? '')));
}

/** The warning for a header named like a credential; undefined for any other name. */
export function credentialHeaderWarning(name: string): string | undefined {
  const trimmed = name.trim();
  if (!looksLikeCredentialHeader(trimmed)) return undefined;
  return `“${trimmed}” looks like a credential. Custom headers are saved in plain text with your providers, Settings Sync copies them to your other machines, and agents' config files get them. If it is the provider's key, put it in API key (or take it from a command) instead.`;
}
