/**
 * Providers that need a secret this machine does not have. Settings Sync carries providers
 * and models to a second machine but never keys (SecretStorage does not sync), so there such a
 * provider shows "Key needed on this machine" until its key is entered there.
 */
import type { Provider } from './provider';
import { providerType } from './providerTypes';
import { needsSecret } from './usability';
import { joinAnd } from './wording';

export function providersNeedingKey(providers: readonly Provider[], hasSecret: (providerId: string) => boolean): Provider[] {
  return providers.filter((p) => needsSecret(p) && !hasSecret(p.id));
}

/** Codex providers sign in rather than take a key. */
export function signsIn(provider: Provider): boolean {
  return providerType(provider.type).auth === 'oauth';
}

/** What the picker and the panel show beside such a provider's models. */
export function keyNeededLabel(provider: Provider): string {
  return signsIn(provider) ? 'Sign-in needed on this machine' : 'Key needed on this machine';
}

/** One set of providers, whatever its order: a dismissed prompt stays dismissed for that set only. */
export function keyPromptSignature(providers: readonly Provider[]): string {
  return providers.map((p) => p.id).sort().join(',');
}

/** Whether to offer "Enter Key…": some provider needs one, and this exact set was not dismissed before. */
export function shouldPromptForKeys(needing: readonly Provider[], dismissed: readonly string[]): boolean {
  return needing.length > 0 && !dismissed.includes(keyPromptSignature(needing));
}

export function keyPromptMessage(needing: readonly Provider[]): string {
  const names = joinAnd(needing.map((p) => `“${p.name}”`));
  if (needing.length === 1) return `${names} needs a ${signsIn(needing[0]) ? 'sign-in' : 'key'} on this machine.`;
  return `${needing.length} providers need a key on this machine: ${names}.`;
}

/** After Enter Key… on a prompt whose providers all got their key another way (the palette, the panel, another window) while it showed. */
export const everyKeyHereMessage = 'Every provider has its key on this machine now.';
