/**
 * Test Connection and Refresh Models as one bounded operation each: load the network
 * settings, build the transport, run, classify any failure, close. Every operation has an
 * overall deadline on top of the per-request timeout, and honours a caller's AbortSignal.
 */
import { classify, type Classified } from '../network/classify';
import { HttpStatusError } from '../network/errors';
import type { NetworkSettings } from '../network/settings';
import type { ListedModel } from '../modelList/parse';
import { embedOnce, embedUrl } from './embeddings';
import { listModels, listUrl, openAiClient } from './listModels';
import type { ProviderTarget } from './target';
import { createTransport, loadNetwork, type Transport } from './transport';

export interface ConnectRequest {
  readonly target: ProviderTarget;
  readonly network?: NetworkSettings;
  /** The proxy's password, read from SecretStorage at the moment of use (network.proxy names the user). */
  readonly proxyPassword?: string;
  /** Cancels the operation (a progress notification's Cancel). */
  readonly signal?: AbortSignal;
}

export type ListOutcome =
  | { readonly ok: true; readonly models: ListedModel[]; readonly url: string; readonly ms: number }
  | { readonly ok: false; readonly failure: Classified; readonly url: string; readonly ms: number };

export type TestOutcome =
  | {
      readonly ok: true;
      readonly url: string;
      readonly ms: number;
      readonly models?: number;
      /** What proved it: the model list, a 1-token completion where no list was offered, or an embeddings call. */
      readonly via: 'list' | 'completion' | 'embedding';
      /** The embedding model's vector size (via "embedding"). */
      readonly dimensions?: number;
    }
  | { readonly ok: false; readonly failure: Classified; readonly url: string; readonly ms: number };

/** Paging and fallbacks take a few requests; the whole operation gets this many timeouts. */
const deadlineFactor = 3;

const openAiChatTypes = new Set(['openai', 'openai-compatible', 'openrouter', 'vercel', 'deepseek', 'zai', 'opencode-zen', 'lmstudio', 'ollama']);

async function run<T>(
  request: ConnectRequest,
  body: (transport: Transport, signal: AbortSignal) => Promise<T>,
  url = listUrl(request.target),
): Promise<{ ok: true; value: T; url: string; ms: number } | { ok: false; failure: Classified; url: string; ms: number }> {
  const started = Date.now();
  const { target } = request;
  const ctx = { type: target.type, typeLabel: target.typeLabel, url, ...(request.network?.proxy ? { proxy: request.network.proxy, proxyPasswordSet: request.proxyPassword !== undefined } : {}) };
  let transport: Transport | undefined;
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort(request.signal?.reason);
  request.signal?.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  try {
    if (request.signal?.aborted) throw Object.assign(new Error('Cancelled.'), { name: 'AbortError' });
    const network = await loadNetwork(request.network, request.proxyPassword);
    transport = createTransport(network, target.baseUrl ?? url);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, network.timeoutMs * deadlineFactor);
    const value = await body(transport, controller.signal);
    return { ok: true, value, url, ms: Date.now() - started };
  } catch (error) {
    const failure = timedOut
      ? classify(Object.assign(new Error('timed out'), { name: 'TimeoutError' }), ctx)
      : request.signal?.aborted
        ? classify(Object.assign(new Error('Cancelled.'), { name: 'AbortError' }), ctx)
        : classify(error, ctx);
    return { ok: false, failure, url, ms: Date.now() - started };
  } finally {
    if (timer) clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
    await transport?.close(true);
  }
}

export async function runListModels(request: ConnectRequest): Promise<ListOutcome> {
  const result = await run(request, (transport, signal) => listModels(request.target, transport, { signal }));
  return result.ok ? { ok: true, models: result.value, url: result.url, ms: result.ms } : result;
}

/**
 * Lists the models: the cheapest call that proves both the URL and the key. Where an
 * OpenAI-style server offers no list (404/405) and a model is known, a 1-token chat
 * completion proves them instead.
 */
export async function runTestConnection(request: ConnectRequest): Promise<TestOutcome> {
  const { target } = request;
  const result = await run(request, async (transport, signal) => {
    try {
      return { via: 'list' as const, models: (await listModels(target, transport, { signal })).length };
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      const noList = (error instanceof HttpStatusError || typeof status === 'number') && (status === 404 || status === 405);
      if (!noList || !target.probeModel || !openAiChatTypes.has(target.type)) throw error;
      const client = await openAiClient(target, transport);
      await client.chat.completions.create({ model: target.probeModel, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 }, { signal });
      return { via: 'completion' as const };
    }
  });
  if (!result.ok) return result;
  return { ok: true, url: result.url, ms: result.ms, via: result.value.via, ...(result.value.via === 'list' ? { models: result.value.models } : {}) };
}

/** Test Connection on an embedding model: one embeddings call, which proves URL, key and model at once. */
export async function runTestEmbedding(request: ConnectRequest, model: string): Promise<TestOutcome> {
  const result = await run(request, (transport, signal) => embedOnce(request.target, transport, model, { signal }), embedUrl(request.target, model));
  if (!result.ok) return result;
  return { ok: true, url: result.url, ms: result.ms, via: 'embedding', dimensions: result.value };
}
