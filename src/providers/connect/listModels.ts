/**
 * Lists a provider's models the way its API documents it:
 *   OpenAI and compatible    GET {base}/models                      (openai SDK)
 *   Anthropic                GET /v1/models, after_id pagination    (@anthropic-ai/sdk)
 *   Gemini                   GET {base}/models, pageToken pagination
 *   Ollama                   GET /api/tags, else {base}/models
 *   Azure OpenAI             GET {base}/deployments?api-version=…
 *   Bedrock                  ListFoundationModels + ListInferenceProfiles (bedrock.ts)
 * The SDKs are imported on first use, inside the lazily loaded dist/connect.js.
 */
import { ConnectError, HttpStatusError } from '../network/errors';
import { parseAnthropicPage, parseAzureDeployments, parseGeminiPage, parseOllamaTags, parseOpenAiModels, tidyList, type ListedModel } from '../modelList/parse';
import { listBedrockModels } from './bedrock';
import { trimSlash, withoutV1, type ProviderTarget } from './target';
import { readJson, type Transport } from './transport';

export interface CallOptions {
  readonly signal?: AbortSignal;
}

/** Page limits: a provider that keeps saying "more" must not loop forever. */
const maxPages = 50;
const noKey = 'switchboard-no-key';

export async function openAiClient(target: ProviderTarget, transport: Transport) {
  const { default: OpenAI } = await import('openai');
  return new OpenAI({
    apiKey: target.secret ?? noKey,
    baseURL: trimSlash(target.baseUrl ?? ''),
    organization: null,
    project: null,
    fetch: transport.fetch as never,
    maxRetries: 0,
    timeout: transport.network.timeoutMs,
    // Without a key, send no Authorization header at all (local servers).
    defaultHeaders: { ...target.headers, ...(target.secret ? {} : { Authorization: null }) },
  });
}

export async function anthropicClient(target: ProviderTarget, transport: Transport) {
  const { default: Anthropic } = await import('@anthropic-ai/sdk');
  return new Anthropic({
    apiKey: target.secret ?? null,
    authToken: null,
    baseURL: withoutV1(target.baseUrl ?? 'https://api.anthropic.com'),
    fetch: transport.fetch as never,
    maxRetries: 0,
    timeout: transport.network.timeoutMs,
    defaultHeaders: { ...target.headers },
  });
}

/** A GET without an SDK; a non-2xx answer is an HttpStatusError with a snippet of the body. */
async function getJson(transport: Transport, url: string, headers: Record<string, string>, options: CallOptions): Promise<unknown> {
  const response = await transport.fetch(url, { headers: { accept: 'application/json', ...headers }, ...(options.signal ? { signal: options.signal } : {}) });
  if (!response.ok) {
    const body = await response.text().catch(() => '');
    throw new HttpStatusError(response.status, body.slice(0, 300), url);
  }
  return readJson(response);
}

async function listOpenAi(target: ProviderTarget, transport: Transport, options: CallOptions): Promise<ListedModel[]> {
  const client = await openAiClient(target, transport);
  const response = await client.models.list({ ...(options.signal ? { signal: options.signal } : {}) }).asResponse();
  return parseOpenAiModels(await readJson(response));
}

async function listAnthropic(target: ProviderTarget, transport: Transport, options: CallOptions): Promise<ListedModel[]> {
  const client = await anthropicClient(target, transport);
  const all: ListedModel[] = [];
  let after: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const response = await client.models.list({ limit: 1000, ...(after ? { after_id: after } : {}) }, { ...(options.signal ? { signal: options.signal } : {}) }).asResponse();
    const parsed = parseAnthropicPage(await readJson(response));
    all.push(...parsed.models);
    if (!parsed.next || parsed.next === after) return all;
    after = parsed.next;
  }
  return all;
}

async function listGemini(target: ProviderTarget, transport: Transport, options: CallOptions): Promise<ListedModel[]> {
  const base = trimSlash(target.baseUrl ?? '');
  const headers = { ...target.headers, ...(target.secret ? { 'x-goog-api-key': target.secret } : {}) };
  const all: ListedModel[] = [];
  let token: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const query = new URLSearchParams({ pageSize: '1000', ...(token ? { pageToken: token } : {}) });
    const parsed = parseGeminiPage(await getJson(transport, `${base}/models?${query}`, headers, options));
    all.push(...parsed.models);
    if (!parsed.next || parsed.next === token) return all;
    token = parsed.next;
  }
  return all;
}

async function listOllama(target: ProviderTarget, transport: Transport, options: CallOptions): Promise<ListedModel[]> {
  const headers = { ...target.headers, ...(target.secret ? { authorization: `Bearer ${target.secret}` } : {}) };
  try {
    return parseOllamaTags(await getJson(transport, `${withoutV1(target.baseUrl ?? '')}/api/tags`, headers, options));
  } catch (error) {
    // Behind a proxy that only passes the OpenAI API, /api/tags is missing: use /v1/models.
    if (!(error instanceof HttpStatusError && (error.status === 404 || error.status === 405))) throw error;
    const base = trimSlash(target.baseUrl ?? '');
    return listOpenAi({ ...target, baseUrl: base.endsWith('/v1') ? base : `${base}/v1` }, transport, options);
  }
}

async function listAzure(target: ProviderTarget, transport: Transport, options: CallOptions): Promise<ListedModel[]> {
  const base = trimSlash(target.baseUrl ?? '');
  const query = new URLSearchParams({ 'api-version': target.apiVersion ?? '' });
  const headers = { ...target.headers, ...(target.secret ? { 'api-key': target.secret } : {}) };
  return parseAzureDeployments(await getJson(transport, `${base}/deployments?${query}`, headers, options));
}

/** The URL the list request goes to, for messages. */
export function listUrl(target: ProviderTarget): string {
  const base = trimSlash(target.baseUrl ?? '');
  switch (target.type) {
    case 'anthropic':
      return `${withoutV1(base)}/v1/models`;
    case 'ollama':
      return `${withoutV1(base)}/api/tags`;
    case 'azure-openai':
      return `${base}/deployments?api-version=${target.apiVersion ?? ''}`;
    case 'bedrock':
      return base || `https://bedrock.${target.region ?? 'us-east-1'}.amazonaws.com`;
    default:
      return `${base}/models`;
  }
}

/** The provider's models, tidied (unique ids, sorted). */
export async function listModels(target: ProviderTarget, transport: Transport, options: CallOptions = {}): Promise<ListedModel[]> {
  let models: ListedModel[];
  switch (target.type) {
    case 'anthropic':
      models = await listAnthropic(target, transport, options);
      break;
    case 'gemini':
      models = await listGemini(target, transport, options);
      break;
    case 'ollama':
      models = await listOllama(target, transport, options);
      break;
    case 'azure-openai':
      models = await listAzure(target, transport, options);
      break;
    case 'bedrock':
      models = await listBedrockModels(target, transport, options);
      break;
    case 'codex':
      throw new ConnectError('unsupported', 'Codex signs in with ChatGPT; its models cannot be listed here.');
    default:
      models = await listOpenAi(target, transport, options);
  }
  return tidyList(models);
}
