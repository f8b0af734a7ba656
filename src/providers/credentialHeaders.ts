/**
 * Custom headers are saved in plain text with the providers, Settings Sync copies them to the
 * user's other machines, and agents' config files get them. A header that carries a credential
 * deserves a warning where it is typed. Judged by the name alone: the value is never read.
 */
const credentialWords = new Set(['authorization', 'auth', 'token', 'secret', 'password', 'passwd', 'cookie', 'credential', 'credentials', 'apikey', 'key', 'bearer']);

/** Whether a header name reads like one that carries a credential (Authorization, X-Api-Key, Helicone-Auth, Cookie…). */
export function looksLikeCredentialHeader(name: string): boolean {
  return name
    .toLowerCase()
    .split(/[-_.]+/)
    .some((word) => credentialWords.has(word));
}

/** The warning for a header named like a credential; undefined for any other name. */
export function credentialHeaderWarning(name: string): string | undefined {
  const trimmed = name.trim();
  if (!looksLikeCredentialHeader(trimmed)) return undefined;
  return `“${trimmed}” looks like a credential. Custom headers are saved in plain text with your providers, Settings Sync copies them to your other machines, and agents' config files get them. Put the provider's key in API key (or use a command) instead.`;
}
