/** What a connection needs to know about a provider, with the secret read just before use. */
import type { BedrockAuth } from '../provider';
import type { ProviderTypeId } from '../providerTypes';

export interface ProviderTarget {
  readonly type: ProviderTypeId;
  readonly typeLabel: string;
  /** The effective base URL (the user's, else the type's default); Bedrock may have none. */
  readonly baseUrl?: string;
  /** The API key, secret access key or Bedrock API key; absent when none is set. */
  readonly secret?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly apiVersion?: string;
  readonly region?: string;
  readonly aws?: BedrockAuth;
  /** A model to try a 1-token request with, where the server offers no model list. */
  readonly probeModel?: string;
}

/** "https://x/v1/" → "https://x/v1". */
export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The base URL without a trailing /v1: Anthropic's SDK and Ollama's native API add their own paths. */
export function withoutV1(url: string): string {
  return trimSlash(url).replace(/\/v1$/, '');
}
