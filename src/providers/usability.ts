import type { Provider } from './provider';
import { keyIsOptional, providerType } from './providerTypes';

/**
 * Whether the provider needs a secret from SecretStorage before it can be used: a key,
 * a sign-in token, or the secret half of AWS credentials. A Bedrock profile needs none.
 */
export function needsSecret(provider: Provider): boolean {
  switch (providerType(provider.type).auth) {
    case 'optionalKey':
      return false;
    case 'oauth':
      return true;
    case 'aws':
      return provider.type === 'bedrock' && provider.aws.method !== 'profile';
    case 'apiKey':
      return !keyIsOptional(provider.type, provider.baseUrl);
  }
}

/** A provider is usable when it has its secret, or needs none. */
export function isUsable(provider: Provider, hasSecret: boolean): boolean {
  return hasSecret || !needsSecret(provider);
}

/** What the UI may know about a provider's key: never the key, only its state. */
export type KeyState = 'set' | 'missing' | 'optional' | 'not-needed';

export function keyStateOf(provider: Provider, hasSecret: boolean): KeyState {
  if (hasSecret) return 'set';
  if (needsSecret(provider)) return 'missing';
  return keyIsOptional(provider.type, provider.baseUrl) ? 'optional' : 'not-needed';
}
