/**
 * One embeddings call with a provider's embedding model, the way its API documents it:
 *   OpenAI and compatible    POST {base}/embeddings                                   (openai SDK)
 *   Gemini                   POST {base}/models/<id>:embedContent
 *   Ollama                   POST /api/embed, else {base}/v1/embeddings
 *   Azure OpenAI             POST {base}/deployments/<id>/embeddings?api-version=…
 *   Bedrock                  POST {runtime}/model/<id>/invoke, SigV4-signed (bedrock.ts)
 * Anthropic has no embeddings endpoint, and Codex none we may call (their types have
 * `embeddings: false`).
 */
import { ConnectError, HttpStatusError } from '../network/errors';
import { bedrockInvokeUrl, embedBedrock } from './bedrock';
import { parseEmbedding, type EmbeddingShape } from './embeddingParse';
import { openAiClient, type CallOptions } from './listModels';
import { trimSlash, withoutV1, type ProviderTarget } from './target';
import { readJson, type Transport } from './transport';

/** The text sent; one short word keeps the call as cheap as a call can be. */
const probeText = 'ping';

/** The URL the embeddings request goes to, for messages. */
export function embedUrl(target: ProviderTarget, model: string): string {
  const base = trimSlash(target.baseUrl ?? '');
  switch (target.type) {
    case 'gemini':
      return `${base}/models/${encodeURIComponent(model.replace(/^models\//, ''))}:embedContent`;
    case 'ollama':
      return `${withoutV1(base)}/api/embed`;
    case 'azure-openai':
      return `${base}/deployments/${encodeURIComponent(model)}/embeddings?api-version=${target.apiVersion ?? ''}`;
    case 'bedrock':
      return bedrockInvokeUrl(target, model);
    default:
      return `${base}/embeddings`;
  }
}

async function postJson(transport: Transport, url: string, headers: Record<string, string>, body: unknown, options: CallOptions): Promise<unknown> {
  const response = await transport.fetch(url, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw new HttpStatusError(response.status, text.slice(0, 300), url);
  }
  return readJson(response);
}

async function embedOpenAi(target: ProviderTarget, transport: Transport, model: string, options: CallOptions): Promise<number> {
  const client = await openAiClient(target, transport);
  // Floats, not the SDK's default base64: the answer is read raw, as the lists are.
  const response = await client.embeddings.create({ model, input: probeText, encoding_format: 'float' }, { ...(options.signal ? { signal: options.signal } : {}) }).asResponse();
  return parseEmbedding('openai', await readJson(response));
}

/** Embeds one word and returns the vector's dimensions. */
export async function embedOnce(target: ProviderTarget, transport: Transport, model: string, options: CallOptions = {}): Promise<number> {
  const url = embedUrl(target, model);
  const post = (shape: EmbeddingShape, headers: Record<string, string>, body: unknown) => postJson(transport, url, { ...target.headers, ...headers }, body, options).then((json) => parseEmbedding(shape, json));
  switch (target.type) {
    case 'gemini':
      return post('gemini', target.secret ? { 'x-goog-api-key': target.secret } : {}, { content: { parts: [{ text: probeText }] } });
    case 'azure-openai':
      return post('openai', target.secret ? { 'api-key': target.secret } : {}, { input: probeText });
    case 'ollama':
      try {
        return await post('ollama', target.secret ? { authorization: `Bearer ${target.secret}` } : {}, { model, input: probeText });
      } catch (error) {
        // Behind a proxy that only passes the OpenAI API, /api/embed is missing: use /v1/embeddings.
        if (!(error instanceof HttpStatusError && (error.status === 404 || error.status === 405))) throw error;
        const base = trimSlash(target.baseUrl ?? '');
        return embedOpenAi({ ...target, baseUrl: base.endsWith('/v1') ? base : `${base}/v1` }, transport, model, options);
      }
    case 'bedrock':
      return embedBedrock(target, transport, model, options);
    case 'anthropic':
    case 'codex':
      throw new ConnectError('unsupported', `Test Connection cannot make an embeddings call to ${target.typeLabel}.`);
    default:
      return embedOpenAi(target, transport, model, options);
  }
}
