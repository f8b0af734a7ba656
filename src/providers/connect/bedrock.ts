/**
 * Bedrock's model lists, through a lazily imported @aws-sdk/client-bedrock. Requests go
 * through the provider's transport (proxy, CA file, timeout) by a small smithy request
 * handler, since the SDK's own handler uses node:http and would ignore those settings.
 */
import { parseBedrockLists, type ListedModel } from '../modelList/parse';
import { ConnectError } from '../network/errors';
import type { CallOptions } from './listModels';
import { trimSlash, type ProviderTarget } from './target';
import type { Transport } from './transport';

interface SmithyRequest {
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  method: string;
  body?: unknown;
}

/** A smithy HttpHandler over the transport's fetch; list answers are small, so bodies are buffered. */
function fetchHandler(transport: Transport) {
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request: SmithyRequest, { abortSignal }: { abortSignal?: AbortSignal } = {}) {
      const query = new URLSearchParams();
      for (const [k, v] of Object.entries(request.query ?? {})) {
        if (v === null) query.append(k, '');
        else for (const item of Array.isArray(v) ? v : [v]) query.append(k, item);
      }
      const qs = query.toString();
      const url = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}${request.path}${qs ? `?${qs}` : ''}`;
      const headers = { ...request.headers };
      delete headers.host;
      const body = request.body === undefined || request.body === null ? undefined : (request.body as string | Uint8Array);
      const response = await transport.fetch(url, { method: request.method, headers, ...(body !== undefined ? { body: body as never } : {}), ...(abortSignal ? { signal: abortSignal } : {}) });
      const buffer = new Uint8Array(await response.arrayBuffer());
      const out: Record<string, string> = {};
      response.headers.forEach((value, name) => (out[name] = value));
      return { response: { statusCode: response.status, reason: response.statusText, headers: out, body: buffer } };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };
}

/** The control-plane endpoint: the base URL with bedrock-runtime turned into bedrock, else the region's. */
export function bedrockEndpoint(target: ProviderTarget): string | undefined {
  if (!target.baseUrl) return undefined;
  return trimSlash(target.baseUrl).replace('://bedrock-runtime.', '://bedrock.');
}

export async function listBedrockModels(target: ProviderTarget, transport: Transport, options: CallOptions): Promise<ListedModel[]> {
  const { BedrockClient, ListFoundationModelsCommand, ListInferenceProfilesCommand } = await import('@aws-sdk/client-bedrock');
  const region = target.region ?? 'us-east-1';
  const aws = target.aws;
  const auth: Record<string, unknown> = {};
  if (aws?.method === 'accessKey') {
    if (!target.secret) throw new ConnectError('unsupported', 'Set the secret access key first (Switchboard: Set API Key).');
    auth.credentials = { accessKeyId: aws.accessKeyId, secretAccessKey: target.secret };
  } else if (aws?.method === 'apiKey') {
    if (!target.secret) throw new ConnectError('unsupported', 'Set the Bedrock API key first (Switchboard: Set API Key).');
    auth.token = { token: target.secret };
    auth.authSchemePreference = ['httpBearerAuth'];
  } else if (aws?.method === 'profile') {
    auth.profile = aws.profile;
  }
  const endpoint = bedrockEndpoint(target);
  const client = new BedrockClient({ region, ...auth, ...(endpoint ? { endpoint } : {}), maxAttempts: 1, requestHandler: fetchHandler(transport) as never });
  try {
    const send = { ...(options.signal ? { abortSignal: options.signal } : {}) };
    const [models, profiles] = await Promise.all([
      client.send(new ListFoundationModelsCommand({}), send as never),
      client.send(new ListInferenceProfilesCommand({ maxResults: 1000 }), send as never).catch((error: unknown) => {
        // Profiles are an extra: an identity without ListInferenceProfiles still lists models.
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 403) return { inferenceProfileSummaries: [] };
        throw error;
      }),
    ]);
    return parseBedrockLists(models, profiles);
  } finally {
    client.destroy();
  }
}
