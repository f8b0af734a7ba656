/**
 * Bedrock's model lists, through a lazily imported @aws-sdk/client-bedrock, and one
 * embeddings call signed with that client's SigV4 signer. Requests, and a profile's
 * credential calls, go through the provider's transport (proxy, CA file, timeout) by a small
 * smithy request handler (smithyFetchHandler.ts).
 */
import { parseBedrockLists, type ListedModel } from '../modelList/parse';
import { ConnectError, HttpStatusError } from '../network/errors';
import { profileSignIn, signInHandler } from './awsProfile';
import { bedrockRuntimeEndpoint, defaultBedrockRegion } from './bedrockEndpoint';
import { bedrockEmbeddingFamily } from './bedrockFamily';
import { parseEmbedding } from './embeddingParse';
import type { CallOptions } from './listModels';
import { fetchHandler, type SmithyRequest } from './smithyFetchHandler';
import { trimSlash, type ProviderTarget } from './target';
import { readJson, type Transport } from './transport';

/** Inference profiles come in pages; a service that keeps saying "more" must not loop forever. */
const maxProfilePages = 50;
/** The one word an embeddings probe sends. */
const probeText = 'ping';

/** The control-plane endpoint: the base URL with bedrock-runtime turned into bedrock, else the region's. */
export function bedrockEndpoint(target: ProviderTarget): string | undefined {
  if (!target.baseUrl) return undefined;
  return trimSlash(target.baseUrl).replace('://bedrock-runtime.', '://bedrock.');
}

/** A BedrockClient signed with the provider's credentials, sending through the transport. */
async function bedrockClient(target: ProviderTarget, transport: Transport) {
  const sdk = await import('@aws-sdk/client-bedrock');
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
    Object.assign(auth, await profileSignIn(aws.profile, signInHandler(transport)));
  } else {
    throw new ConnectError('unsupported', 'Choose how Amazon Bedrock signs in: an AWS profile, an access key pair or a Bedrock API key.');
  }
  const endpoint = bedrockEndpoint(target);
  const client = new sdk.BedrockClient({ region: target.region ?? defaultBedrockRegion, ...auth, ...(endpoint ? { endpoint } : {}), maxAttempts: 1, requestHandler: fetchHandler(transport) as never });
  return { sdk, client };
}

/** Whether an AWS error is "this identity may not do that" (not "these credentials are wrong"). */
const accessDenied = (error: unknown) => (error as { name?: unknown }).name === 'AccessDeniedException';

export async function listBedrockModels(target: ProviderTarget, transport: Transport, options: CallOptions): Promise<ListedModel[]> {
  const { sdk, client } = await bedrockClient(target, transport);
  const send = { ...(options.signal ? { abortSignal: options.signal } : {}) };
  const allProfiles = async () => {
    const summaries: unknown[] = [];
    let token: string | undefined;
    for (let page = 0; page < maxProfilePages; page++) {
      const answer = await client.send(new sdk.ListInferenceProfilesCommand({ maxResults: 1000, ...(token ? { nextToken: token } : {}) }), send as never);
      summaries.push(...(answer.inferenceProfileSummaries ?? []));
      if (!answer.nextToken || answer.nextToken === token) break;
      token = answer.nextToken;
    }
    return { inferenceProfileSummaries: summaries };
  };
  try {
    const [models, profiles] = await Promise.all([
      client.send(new sdk.ListFoundationModelsCommand({}), send as never),
      allProfiles().catch((error: unknown) => {
        // Profiles are an extra: an identity without ListInferenceProfiles still lists models.
        if (accessDenied(error)) return { inferenceProfileSummaries: [] };
        throw error;
      }),
    ]);
    return parseBedrockLists(models, profiles);
  } finally {
    client.destroy();
  }
}

/**
 * InvokeModel on an embedding model with one word, signed by the SDK's own SigV4 signer
 * (the client's resolved credentials: access key, profile chain) or sent with the Bedrock API
 * key as a bearer token. There is no bedrock-runtime client here, and the call is one POST,
 * so it goes through the transport directly. Titan and Cohere bodies; returns the dimensions.
 */
export async function embedBedrock(target: ProviderTarget, transport: Transport, model: string, options: CallOptions): Promise<number> {
  const family = bedrockEmbeddingFamily(model);
  if (!family) throw new ConnectError('unsupported', `Test Connection knows the request bodies of Amazon Titan and Cohere embedding models on Bedrock, not of ${model}.`);
  const url = new URL(bedrockInvokeUrl(target, model));
  const body = JSON.stringify(family === 'titan' ? { inputText: probeText } : { texts: [probeText], input_type: 'search_query' });
  let headers: Record<string, string> = { ...target.headers, 'content-type': 'application/json', accept: 'application/json' };
  if (target.aws?.method === 'apiKey') {
    if (!target.secret) throw new ConnectError('unsupported', 'Set the Bedrock API key first (Switchboard: Set API Key).');
    headers.authorization = `Bearer ${target.secret}`;
  } else {
    const { client } = await bedrockClient(target, transport);
    try {
      const signer = await (client.config as unknown as { signer: () => Promise<{ sign(request: SmithyRequest, options: { signingRegion: string; signingService: string }): Promise<SmithyRequest> }> }).signer();
      const request: SmithyRequest = { method: 'POST', protocol: url.protocol, hostname: url.hostname, ...(url.port ? { port: Number(url.port) } : {}), path: url.pathname, query: {}, headers: { ...headers, host: url.host }, body };
      headers = { ...(await signer.sign(request, { signingRegion: target.region ?? defaultBedrockRegion, signingService: 'bedrock' })).headers };
      delete headers.host;
    } finally {
      client.destroy();
    }
  }
  const response = await transport.fetch(url.href, { method: 'POST', headers, body, ...(options.signal ? { signal: options.signal } : {}) });
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    const type = (response.headers.get('x-amzn-errortype') ?? '').split(':')[0];
    throw new HttpStatusError(response.status, `${type ? `${type}: ` : ''}${text.slice(0, 300)}`, url.href);
  }
  return parseEmbedding(family === 'titan' ? 'titan' : 'ollama', await readJson(response));
}

export function bedrockInvokeUrl(target: ProviderTarget, model: string): string {
  return `${bedrockRuntimeEndpoint(target)}/model/${encodeURIComponent(model)}/invoke`;
}
