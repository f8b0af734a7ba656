/**
 * One Bedrock call's body and headers. For InvokeModel (Claude) the body is the Anthropic
 * Messages body without `model` (it is in the path) and `stream` (the path says that too),
 * with Bedrock's anthropic_version, and the Anthropic client's betas that Bedrock knows in
 * `anthropic_beta` (Bedrock takes them in the body, not as a header, and refuses ones it does
 * not know). A Converse body (every other model) is sent as the codec built it
 * (translate/converse.ts). Signing in is per request: a Bedrock API key as a bearer token, or
 * SigV4 with the provider's access key (secret from its key) or a profile's credentials, which
 * the extension host resolves and caches (the AWS SDK stays out of the gateway).
 */
import type { PreparedRoute } from './upstream';
import { signedHeaders, type AwsCredentials } from './sigv4';

export const bedrockAnthropicVersion = 'bedrock-2023-05-31';

type BedrockRoute = Extract<PreparedRoute, { ok: true }> & { readonly bedrock: NonNullable<Extract<PreparedRoute, { ok: true }>['bedrock']> };

export type BedrockSignIn = { readonly kind: 'bearer'; readonly key: string } | { readonly kind: 'sigv4'; readonly credentials: AwsCredentials };

export interface BedrockSources {
  /** The provider's key: the Bedrock API key, or the secret access key. */
  key(providerId: string): Promise<string | undefined>;
  /** A profile's credentials, resolved by the extension host. */
  awsCredentials?(providerId: string): Promise<AwsCredentials | undefined>;
}

export function isBedrock(p: Extract<PreparedRoute, { ok: true }>): p is BedrockRoute {
  return p.bedrock !== undefined;
}

/**
 * The betas Bedrock takes for Claude, as AWS documents them ("Anthropic Claude Messages API –
 * Request and Response", anthropic_beta). Claude Code sends betas of its own too
 * (claude-code-…, oauth-…, fine-grained-tool-streaming-…, prompt-caching-…): Bedrock refuses
 * those, so they are dropped.
 */
export const bedrockKnownBetas: ReadonlySet<string> = new Set([
  'computer-use-2024-10-22',
  'computer-use-2025-01-24',
  'token-efficient-tools-2025-02-19',
  'interleaved-thinking-2025-05-14',
  'output-128k-2025-02-19',
  'dev-full-thinking-2025-05-14',
  'context-1m-2025-08-07',
  'context-management-2025-06-27',
  'effort-2025-11-24',
  'tool-search-tool-2025-10-19',
  'tool-examples-2025-10-29',
]);

/** The betas of an anthropic-beta header that Bedrock knows: comma-separated, each once. */
export function bedrockBetas(header: string | undefined): string[] {
  const names = (header ?? '').split(',').map((b) => b.trim());
  return [...new Set(names.filter((b) => bedrockKnownBetas.has(b)))];
}

/** The body as sent; `anthropicBeta` is an Anthropic client's header (InvokeModel only). */
export function bedrockBody(p: BedrockRoute, body: Record<string, unknown>, anthropicBeta?: string): string {
  if (p.bedrock.api === 'converse') return JSON.stringify(body);
  const { model: _model, stream: _stream, anthropic_beta: own, ...rest } = body;
  // A body's own anthropic_beta (unusual from an Anthropic client) passes the same filter.
  const inBody = Array.isArray(own) ? own.filter((b): b is string => typeof b === 'string') : [];
  const betas = bedrockBetas([...inBody, anthropicBeta ?? ''].join(','));
  return JSON.stringify({ ...rest, anthropic_version: bedrockAnthropicVersion, ...(betas.length > 0 ? { anthropic_beta: betas } : {}) });
}

type Found = { readonly ok: true; readonly signIn: BedrockSignIn } | { readonly ok: false; readonly status: number; readonly message: string; readonly failure: string };

/** The credentials for one call, or why there are none (never a secret in the message). */
export async function bedrockSignIn(p: BedrockRoute, sources: BedrockSources): Promise<Found> {
  const { auth } = p.bedrock;
  const { providerId, ref } = p.route;
  const missing = (what: string): Found => ({ ok: false, status: 401, message: `The provider of ${ref} has no ${what} on this machine: run “Switchboard: Set API Key”.`, failure: 'no AWS credentials' });
  if (auth.method === 'profile') {
    if (!sources.awsCredentials) return { ok: false, status: 500, message: `This gateway cannot resolve the AWS profile “${auth.profile}” of ${ref}.`, failure: 'no AWS credentials' };
    try {
      const credentials = await sources.awsCredentials(providerId);
      if (!credentials) return { ok: false, status: 401, message: `The AWS profile “${auth.profile}” of ${ref} gave no credentials.`, failure: 'no AWS credentials' };
      return { ok: true, signIn: { kind: 'sigv4', credentials } };
    } catch (error) {
      const detail = error instanceof Error ? `${error.name}: ${error.message.slice(0, 300)}` : 'error';
      return { ok: false, status: 401, message: `Switchboard could not get credentials from the AWS profile “${auth.profile}” of ${ref} (${detail}).`, failure: 'AWS profile failed' };
    }
  }
  let key: string | undefined;
  try {
    key = await sources.key(providerId);
  } catch {
    return { ok: false, status: 500, message: `Switchboard could not read the key of the provider of ${ref}.`, failure: 'key lookup failed' };
  }
  if (!key) return missing(auth.method === 'apiKey' ? 'Bedrock API key' : 'secret access key');
  if (auth.method === 'apiKey') return { ok: true, signIn: { kind: 'bearer', key } };
  return { ok: true, signIn: { kind: 'sigv4', credentials: { accessKeyId: auth.accessKeyId, secretAccessKey: key } } };
}

/** The headers of one call: the route's, the stream's accept, and the bearer key or the SigV4 signature over `body`. */
export function bedrockHeaders(p: BedrockRoute, path: string, body: string | Buffer, stream: boolean, signIn: BedrockSignIn, now?: Date): Record<string, string> {
  const headers: Record<string, string> = { ...p.headers };
  if (stream) {
    headers.accept = 'application/vnd.amazon.eventstream';
    headers['x-amzn-bedrock-accept'] = 'application/json';
  }
  if (signIn.kind === 'bearer') headers.authorization = `Bearer ${signIn.key}`;
  else Object.assign(headers, signedHeaders({ method: 'POST', host: p.bedrock.host, path, body }, p.bedrock.region, 'bedrock', signIn.credentials, now));
  return headers;
}
