/**
 * Embeddings doubles, in each provider's documented wire format. Always served (whatever
 * `protocols` says), like the Ollama and Azure lists; a call is recorded with `model` and
 * `embedding: true`, but no `protocol`, so modelCalls() stays about chat.
 *   OpenAI       POST /v1/embeddings, /embeddings   { model, input, encoding_format?, dimensions? }
 *                → { object: 'list', data: [{ object: 'embedding', index, embedding }], model, usage }
 *                  (embedding is base64 of little-endian float32 when encoding_format is "base64")
 *   Azure        POST /openai/deployments/<id>/embeddings?api-version=…  { input } → the OpenAI shape
 *   Gemini       POST /v1beta/models/<m>:embedContent        { content: { parts: [{ text }] } } → { embedding: { values } }
 *                POST /v1beta/models/<m>:batchEmbedContents  { requests: [{ model, content }] } → { embeddings: [{ values }] }
 *   Ollama       POST /api/embed   { model, input } → { model, embeddings: number[][], total_duration, load_duration, prompt_eval_count }
 * A wrong key gets the protocol's 401 (Gemini: 400); a body without the required fields 400;
 * an `error` in the reply spec is answered in the protocol's error shape.
 */
import { geminiError } from './gemini';
import { openaiError, stripV1 } from './openaiChat';
import type { HandlerContext } from './types';
import { sendJson, sleep, tokens, wrongKey } from './wire';

/** Vector size of every embedding the doubles return. */
export const embeddingDimensions = 8;

/** A deterministic unit-ish vector for a text, so equal inputs embed equally. */
export function fakeVector(text: string, dimensions = embeddingDimensions): number[] {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return Array.from({ length: dimensions }, (_, i) => Math.round(Math.sin(h + i) * 1e6) / 1e6);
}

function base64Of(vector: number[]): string {
  const buf = Buffer.alloc(vector.length * 4);
  vector.forEach((v, i) => buf.writeFloatLE(v, i * 4));
  return buf.toString('base64');
}

function inputsOf(input: unknown): string[] | undefined {
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.length > 0 && input.every((x) => typeof x === 'string')) return input;
  return undefined;
}

function textOf(content: any): string | undefined {
  const parts = content?.parts;
  if (!Array.isArray(parts) || parts.length === 0) return undefined;
  return parts.map((p: any) => (typeof p?.text === 'string' ? p.text : '')).join('');
}

/** OpenAI-style and Azure: the same body and answer; Azure names the deployment in the path. */
async function openAiStyle(ctx: HandlerContext, deployment: string | undefined): Promise<boolean> {
  const { record, res } = ctx;
  const body = record.body;
  record.embedding = true;
  record.model = deployment ?? (typeof body?.model === 'string' ? body.model : undefined);
  if (wrongKey(ctx)) {
    if (deployment) sendJson(res, (record.status = 401), { error: { code: '401', message: 'Access denied due to invalid subscription key or wrong API endpoint.' } });
    else openaiError(ctx, 401, 'Incorrect API key provided.');
    return true;
  }
  if (deployment && !/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(record.query['api-version'] ?? '')) {
    sendJson(res, (record.status = 404), { error: { code: '404', message: 'Resource not found' } });
    return true;
  }
  const inputs = inputsOf(body?.input);
  if (!record.model || !inputs) {
    openaiError(ctx, 400, record.model ? "'input' is a required property" : 'you must provide a model parameter');
    return true;
  }
  const reply = ctx.reply();
  if (reply.delayMs) await sleep(reply.delayMs);
  if (reply.error) {
    openaiError(ctx, reply.error.status, reply.error.message, reply.error.type);
    return true;
  }
  const dims = typeof body.dimensions === 'number' && body.dimensions > 0 ? Math.min(body.dimensions, 4096) : embeddingDimensions;
  const data = inputs.map((text, index) => {
    const vector = fakeVector(text, dims);
    return { object: 'embedding', index, embedding: body.encoding_format === 'base64' ? base64Of(vector) : vector };
  });
  const promptTokens = tokens(inputs.join(' '));
  sendJson(res, (record.status = 200), { object: 'list', data, model: record.model, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } });
  return true;
}

const geminiPath = /^\/(v1beta|v1|v1alpha)\/models\/([^/:]+):(embedContent|batchEmbedContents)$/;
const azurePath = /^\/openai\/deployments\/([^/]+)\/embeddings$/;

export async function handleEmbeddings(ctx: HandlerContext): Promise<boolean> {
  const { record, res } = ctx;
  if (record.method !== 'POST') return false;
  if (stripV1(record.path) === '/embeddings') return openAiStyle(ctx, undefined);
  const azure = azurePath.exec(record.path);
  if (azure) return openAiStyle(ctx, decodeURIComponent(azure[1]));

  const gemini = geminiPath.exec(record.path);
  if (gemini) {
    record.embedding = true;
    record.model = decodeURIComponent(gemini[2]);
    if (wrongKey(ctx)) {
      geminiError(ctx, 400, 'API key not valid. Please pass a valid API key.');
      return true;
    }
    const reply = ctx.reply();
    if (reply.error) {
      geminiError(ctx, reply.error.status, reply.error.message);
      return true;
    }
    if (gemini[3] === 'embedContent') {
      const text = textOf(record.body?.content);
      if (text === undefined) geminiError(ctx, 400, '* EmbedContentRequest.content: contents is not specified');
      else sendJson(res, (record.status = 200), { embedding: { values: fakeVector(text) } });
      return true;
    }
    const requests = record.body?.requests;
    const texts = Array.isArray(requests) ? requests.map((r: any) => textOf(r?.content)) : [];
    if (!texts.length || texts.some((t) => t === undefined)) geminiError(ctx, 400, '* BatchEmbedContentsRequest.requests: contents is not specified');
    else sendJson(res, (record.status = 200), { embeddings: texts.map((t) => ({ values: fakeVector(t!) })) });
    return true;
  }

  if (record.path === '/api/embed') {
    const body = record.body;
    record.embedding = true;
    record.model = typeof body?.model === 'string' ? body.model : undefined;
    if (wrongKey(ctx)) {
      sendJson(res, (record.status = 401), { error: 'unauthorized' });
      return true;
    }
    const inputs = inputsOf(body?.input);
    if (!record.model || !inputs) {
      sendJson(res, (record.status = 400), { error: record.model ? 'invalid input type' : 'model is required' });
      return true;
    }
    const reply = ctx.reply();
    if (reply.error) {
      sendJson(res, (record.status = reply.error.status), { error: reply.error.message });
      return true;
    }
    sendJson(res, (record.status = 200), { model: record.model, embeddings: inputs.map((t) => fakeVector(t)), total_duration: 1_000_000, load_duration: 100_000, prompt_eval_count: tokens(inputs.join(' ')) });
    return true;
  }
  return false;
}
