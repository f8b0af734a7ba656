/**
 * Bedrock's runtime endpoint (InvokeModel), pure so the route table can name it without
 * loading the network bundle.
 */
import { trimSlash, type ProviderTarget } from './target';

export const defaultBedrockRegion = 'us-east-1';

/** The runtime endpoint (InvokeModel): the base URL, else the region's bedrock-runtime. */
export function bedrockRuntimeEndpoint(target: Pick<ProviderTarget, 'baseUrl' | 'region'>): string {
  return target.baseUrl ? trimSlash(target.baseUrl) : `https://bedrock-runtime.${target.region ?? defaultBedrockRegion}.amazonaws.com`;
}
