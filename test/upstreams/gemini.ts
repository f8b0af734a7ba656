/**
 * Gemini API (generativelanguage) double.
 *   POST /v1beta/models/<model>:generateContent             GenerateContentResponse JSON
 *   POST /v1beta/models/<model>:streamGenerateContent?alt=sse   `data: <GenerateContentResponse>`
 *        frames (CRLF-delimited, like the real API); without alt=sse, one JSON array
 *   POST /v1beta/models/<model>:countTokens                  { totalTokens }
 *   GET  /v1beta/models[?pageSize&pageToken], /v1beta/models/<model>   (400 with a wrong key, as the real API)
 * /v1 and /v1alpha are answered the same way. JSON mode (generationConfig.responseMimeType
 * "application/json", with responseJsonSchema or responseSchema) gets valid JSON text back —
 * Gemini CLI's model router makes such a call before the task when model.name is not set.
 */
import type { HandlerContext, ReplySpec } from './types';
import { chunkText, randomId, sendJson, sleep, sseFrame, startSse, tokens, valueForSchema, wrongKey } from './wire';

const pathRe = /^\/(v1beta|v1|v1alpha)\/models(?:\/([^/:]+))?(?::([A-Za-z]+))?$/;

export function geminiError(ctx: HandlerContext, status: number, message: string): void {
  const statusName = ({ 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED' } as Record<number, string>)[status] ?? 'INTERNAL';
  ctx.record.status = status;
  sendJson(ctx.res, status, { error: { code: status, message, status: statusName } });
}

/** The reply text, as JSON when the request asked for JSON output. */
export function geminiJsonModeText(text: string, generationConfig: any): string {
  const cfg = generationConfig ?? {};
  const schema = cfg.responseJsonSchema ?? cfg.responseSchema ?? cfg.response_json_schema ?? cfg.response_schema;
  const mime = cfg.responseMimeType ?? cfg.response_mime_type;
  if (mime !== 'application/json' && !schema) return text;
  try {
    JSON.parse(text);
    return text;
  } catch {
    /* make some */
  }
  return JSON.stringify(schema ? valueForSchema(schema, text) : { text });
}

export async function handleGemini(ctx: HandlerContext): Promise<boolean> {
  const { record, res } = ctx;
  const m = pathRe.exec(record.path);
  if (!m) return false;
  const [, , rawModel, method] = m;
  const model = rawModel ? decodeURIComponent(rawModel) : undefined;
  const names = ctx.options.models ?? ['test-model'];

  if (record.method === 'GET' && !method) {
    record.protocol = 'gemini';
    if (wrongKey(ctx)) {
      geminiError(ctx, 400, 'API key not valid. Please pass a valid API key.');
      return true;
    }
    const info = (id: string) => ({
      name: `models/${id}`,
      version: '001',
      displayName: id,
      inputTokenLimit: 1048576,
      outputTokenLimit: 65536,
      supportedGenerationMethods: ['generateContent', 'streamGenerateContent', 'countTokens'],
    });
    if (model) {
      if (!names.includes(model)) geminiError(ctx, 404, `models/${model} is not found`);
      else sendJson(res, (record.status = 200), info(model));
      return true;
    }
    const pageSize = Math.min(ctx.options.maxPageSize ?? 1000, Math.max(1, Number(record.query.pageSize ?? 50) || 50));
    const start = Number(record.query.pageToken ?? 0) || 0;
    const page = names.slice(start, start + pageSize).map(info);
    const out: Record<string, unknown> = { models: page };
    if (start + pageSize < names.length) out.nextPageToken = String(start + pageSize);
    sendJson(res, (record.status = 200), out);
    return true;
  }
  if (record.method !== 'POST' || !model || !method) return false;
  record.protocol = 'gemini';
  record.model = model;
  record.stream = method === 'streamGenerateContent';
  const body = record.body;
  if (wrongKey(ctx)) {
    geminiError(ctx, 400, 'API key not valid. Please pass a valid API key.');
    return true;
  }
  if (!body || typeof body !== 'object') {
    geminiError(ctx, 400, 'Invalid JSON payload received.');
    return true;
  }
  const promptTokens = tokens(JSON.stringify(body.contents ?? '') + JSON.stringify(body.systemInstruction ?? ''));
  if (method === 'countTokens') {
    sendJson(res, (record.status = 200), { totalTokens: promptTokens });
    return true;
  }
  if (method !== 'generateContent' && method !== 'streamGenerateContent') {
    geminiError(ctx, 404, `Method ${method} is not supported by this double`);
    return true;
  }
  if (!Array.isArray(body.contents)) {
    geminiError(ctx, 400, '* GenerateContentRequest.contents: contents is not specified');
    return true;
  }
  const reply: ReplySpec = ctx.reply();
  if (reply.delayMs) await sleep(reply.delayMs);
  if (reply.error) {
    geminiError(ctx, reply.error.status, reply.error.message);
    return true;
  }
  const text = reply.text === undefined ? undefined : geminiJsonModeText(reply.text, body.generationConfig);
  const textPieces = text === undefined ? [] : text === '' && reply.toolCalls?.length ? [] : record.stream ? chunkText(text) : [text];
  if (textPieces.length === 0 && text !== undefined && !reply.toolCalls?.length) textPieces.push('');
  const callParts = (reply.toolCalls ?? []).map((c) => ({ functionCall: { name: c.name, args: c.arguments } }));
  const candidateTokens = tokens((text ?? '') + JSON.stringify(callParts));
  const usageMetadata = { promptTokenCount: promptTokens, candidatesTokenCount: candidateTokens, totalTokenCount: promptTokens + candidateTokens };
  const responseId = randomId('', 20);
  const response = (parts: unknown[], last: boolean) => ({
    candidates: [{ content: { parts, role: 'model' }, ...(last ? { finishReason: 'STOP' } : {}), index: 0 }],
    usageMetadata: last ? usageMetadata : { promptTokenCount: promptTokens, totalTokenCount: promptTokens },
    modelVersion: model,
    responseId,
  });
  record.status = 200;
  if (!record.stream) {
    sendJson(res, 200, response([...textPieces.map((t) => ({ text: t })), ...callParts], true));
    return true;
  }
  const frames: unknown[][] = textPieces.map((t) => [{ text: t }]);
  if (callParts.length > 0) frames.push(callParts);
  if (record.query.alt !== 'sse') {
    sendJson(res, 200, frames.map((parts, i) => response(parts, i === frames.length - 1)));
    return true;
  }
  startSse(res);
  frames.forEach((parts, i) => res.write(sseFrame(JSON.stringify(response(parts, i === frames.length - 1)), undefined, '\r\n')));
  res.end();
  return true;
}
