/**
 * OpenAI Chat Completions double.
 *   POST /v1/chat/completions   JSON, or (stream: true) `data:` chunks of chat.completion.chunk,
 *                               a usage chunk when stream_options.include_usage, then `data: [DONE]`
 *   GET  /v1/models, /v1/models/<id>
 * Also answers without the /v1 prefix (/chat/completions, /models), since clients differ on
 * whether the base URL carries /v1. Tool calls stream the way the real API does: the first
 * delta has id, type and name, later deltas only argument fragments.
 * JSON mode: response_format json_schema / json_object gets JSON text back.
 */
import type { HandlerContext, ReplySpec } from './types';
import { chunkText, nowSeconds, randomId, sendJson, sleep, sseFrame, startSse, tokens, valueForSchema, wrongKey } from './wire';

export function openaiError(ctx: HandlerContext, status: number, message: string, type?: string): void {
  const errType = type ?? ({ 400: 'invalid_request_error', 401: 'invalid_request_error', 404: 'invalid_request_error', 429: 'rate_limit_exceeded' } as Record<number, string>)[status] ?? 'server_error';
  const code = status === 401 ? 'invalid_api_key' : status === 404 ? 'model_not_found' : null;
  ctx.record.status = status;
  sendJson(ctx.res, status, { error: { message, type: errType, param: null, code } }, { 'x-request-id': randomId('req_') });
}

/** "/v1/x" → "/x": the OpenAI doubles answer with or without the /v1 prefix. */
export function stripV1(path: string): string {
  return path.startsWith('/v1/') ? path.slice(3) : path;
}

/** GET /v1/models for both OpenAI doubles. */
export function handleOpenAiModels(ctx: HandlerContext): boolean {
  const { record, res } = ctx;
  const p = stripV1(record.path);
  if (record.method !== 'GET' || !(p === '/models' || p.startsWith('/models/'))) return false;
  if (wrongKey(ctx)) {
    openaiError(ctx, 401, 'Incorrect API key provided.');
    return true;
  }
  const all = (ctx.options.models ?? ['test-model']).map((id) => ({ id, object: 'model', created: 1735689600, owned_by: 'switchboard-test' }));
  if (p.startsWith('/models/')) {
    const id = decodeURIComponent(p.slice('/models/'.length));
    const model = all.find((m) => m.id === id);
    if (!model) {
      openaiError(ctx, 404, `The model '${id}' does not exist`);
      return true;
    }
    record.status = 200;
    sendJson(res, 200, model);
    return true;
  }
  record.status = 200;
  sendJson(res, 200, { object: 'list', data: all });
  return true;
}

/** The reply's text, turned into JSON when the request asked for JSON output. */
export function jsonModeText(text: string, format: any): string {
  if (!format || typeof format !== 'object') return text;
  try {
    JSON.parse(text);
    return text; // already JSON
  } catch {
    /* make some */
  }
  if (format.type === 'json_schema') return JSON.stringify(valueForSchema(format.json_schema?.schema ?? format.schema, text));
  if (format.type === 'json_object') return JSON.stringify({ text });
  return text;
}

export async function handleOpenAiChat(ctx: HandlerContext): Promise<boolean> {
  const { record, res } = ctx;
  if (record.method !== 'POST' || stripV1(record.path) !== '/chat/completions') return false;
  record.protocol = 'openai-chat';
  const body = record.body;
  if (!body || typeof body !== 'object') {
    openaiError(ctx, 400, 'We could not parse the JSON body of your request.');
    return true;
  }
  record.model = body.model;
  record.stream = body.stream === true;
  if (wrongKey(ctx)) {
    openaiError(ctx, 401, 'Incorrect API key provided.');
    return true;
  }
  if (typeof body.model !== 'string' || !Array.isArray(body.messages)) {
    openaiError(ctx, 400, "Missing required parameter: 'model' or 'messages'.");
    return true;
  }
  const reply: ReplySpec = ctx.reply();
  if (reply.delayMs) await sleep(reply.delayMs);
  if (reply.error) {
    openaiError(ctx, reply.error.status, reply.error.message, reply.error.type);
    return true;
  }
  const toolCalls = (reply.toolCalls ?? []).map((c) => ({ id: c.id ?? randomId('call_'), type: 'function' as const, function: { name: c.name, arguments: JSON.stringify(c.arguments) } }));
  const text = reply.text === undefined ? null : jsonModeText(reply.text, body.response_format);
  const content = toolCalls.length > 0 && !text ? null : text ?? '';
  const finish = toolCalls.length > 0 ? 'tool_calls' : 'stop';
  const id = randomId('chatcmpl-');
  const created = nowSeconds();
  const promptTokens = tokens(JSON.stringify(body.messages));
  const completionTokens = tokens((content ?? '') + JSON.stringify(toolCalls));
  const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
  const headers = { 'x-request-id': randomId('req_'), 'openai-processing-ms': '1' };
  record.status = 200;
  if (!record.stream) {
    const message: Record<string, unknown> = { role: 'assistant', content, refusal: null };
    if (toolCalls.length > 0) message.tool_calls = toolCalls;
    sendJson(res, 200, { id, object: 'chat.completion', created, model: body.model, choices: [{ index: 0, message, logprobs: null, finish_reason: finish }], usage, system_fingerprint: null }, headers);
    return true;
  }
  startSse(res, headers);
  const chunk = (delta: Record<string, unknown>, finishReason: string | null) =>
    res.write(sseFrame(JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, system_fingerprint: null, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] })));
  chunk({ role: 'assistant', content: '', refusal: null }, null);
  for (const piece of chunkText(content ?? '')) chunk({ content: piece }, null);
  toolCalls.forEach((call, index) => {
    chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }, null);
    const args = call.function.arguments;
    const half = Math.ceil(args.length / 2);
    for (const part of [args.slice(0, half), args.slice(half)]) chunk({ tool_calls: [{ index, function: { arguments: part } }] }, null);
  });
  chunk({}, finish);
  if (body.stream_options?.include_usage) {
    res.write(sseFrame(JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, system_fingerprint: null, choices: [], usage })));
  }
  res.write(sseFrame('[DONE]'));
  res.end();
  return true;
}
