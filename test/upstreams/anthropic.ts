/**
 * Anthropic Messages API double.
 *   POST /v1/messages[?beta=true]         JSON, or SSE when body.stream is true
 *   POST /v1/messages/count_tokens        { input_tokens }
 *   GET  /v1/models[?limit&after_id&before_id]   paginated list
 *   GET  /v1/models/<id>
 * Streaming follows the documented event order: message_start, then per content block
 * content_block_start / content_block_delta… / content_block_stop, then message_delta and
 * message_stop (with a ping after message_start, as the real API sends).
 */
import type { HandlerContext, ReplySpec } from './types';
import { chunkText, randomId, sendJson, sleep, sseFrame, startSse, tokens, wrongKey } from './wire';

export function anthropicError(ctx: HandlerContext, status: number, message: string, type?: string): void {
  const errType =
    type ??
    ({ 400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error', 404: 'not_found_error', 429: 'rate_limit_error', 529: 'overloaded_error' } as Record<number, string>)[status] ??
    'api_error';
  ctx.record.status = status;
  sendJson(ctx.res, status, { type: 'error', error: { type: errType, message } }, { 'request-id': randomId('req_') });
}

type Block = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

function blocksFor(reply: ReplySpec): Block[] {
  const blocks: Block[] = [];
  if (reply.text !== undefined && (reply.text !== '' || !reply.toolCalls?.length)) blocks.push({ type: 'text', text: reply.text });
  for (const call of reply.toolCalls ?? []) {
    blocks.push({ type: 'tool_use', id: call.id ?? randomId('toolu_'), name: call.name, input: call.arguments });
  }
  return blocks;
}

function inputTokens(body: any): number {
  return tokens(JSON.stringify(body?.messages ?? '') + JSON.stringify(body?.system ?? ''));
}

export async function handleAnthropic(ctx: HandlerContext): Promise<boolean> {
  const { record, res } = ctx;
  const p = record.path;
  if (record.method === 'GET' && (p === '/v1/models' || p.startsWith('/v1/models/'))) {
    record.protocol = 'anthropic';
    if (wrongKey(ctx)) {
      anthropicError(ctx, 401, 'invalid x-api-key');
      return true;
    }
    listModels(ctx);
    return true;
  }
  if (record.method !== 'POST') return false;
  if (p === '/v1/messages/count_tokens') {
    record.protocol = 'anthropic';
    record.model = ctx.record.body?.model;
    record.status = 200;
    sendJson(res, 200, { input_tokens: inputTokens(record.body) });
    return true;
  }
  if (p !== '/v1/messages') return false;
  record.protocol = 'anthropic';
  const body = record.body;
  if (!body || typeof body !== 'object') {
    anthropicError(ctx, 400, 'Request body must be JSON');
    return true;
  }
  record.model = body.model;
  record.stream = body.stream === true;
  if (wrongKey(ctx)) {
    anthropicError(ctx, 401, 'invalid x-api-key');
    return true;
  }
  if (typeof body.model !== 'string' || !Array.isArray(body.messages)) {
    anthropicError(ctx, 400, 'model and messages are required');
    return true;
  }
  const reply = ctx.reply();
  if (reply.delayMs) await sleep(reply.delayMs);
  if (reply.error) {
    anthropicError(ctx, reply.error.status, reply.error.message, reply.error.type);
    return true;
  }
  const answer = anthropicAnswer(body, reply);
  const headers = { 'request-id': randomId('req_'), 'anthropic-organization-id': '00000000-0000-0000-0000-000000000000' };
  record.status = 200;
  if (!record.stream) {
    sendJson(res, 200, answer.message, headers);
    return true;
  }
  startSse(res, headers);
  for (const e of answer.events) res.write(sseFrame(JSON.stringify(e), e.type));
  res.end();
  return true;
}

export interface AnthropicAnswer {
  /** The whole answer, as a non-streamed call returns it. */
  readonly message: Record<string, unknown>;
  /** The same answer as streaming events, in the documented order. */
  readonly events: readonly ({ type: string } & Record<string, unknown>)[];
}

/** The answer to a Messages request, whole and as events (shared with the Bedrock double, whose Claude models answer the same). */
export function anthropicAnswer(body: any, reply: ReplySpec): AnthropicAnswer {
  const blocks = blocksFor(reply);
  const stopReason = blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
  const outTokens = tokens(JSON.stringify(blocks));
  const id = randomId('msg_');
  const usage = { input_tokens: inputTokens(body), cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: outTokens };
  const message = { id, type: 'message', role: 'assistant', model: body.model, content: blocks, stop_reason: stopReason, stop_sequence: null, usage };
  const events: ({ type: string } & Record<string, unknown>)[] = [];
  const send = (data: { type: string } & Record<string, unknown>) => events.push(data);
  send({
    type: 'message_start',
    message: { id, type: 'message', role: 'assistant', model: body.model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } },
  });
  send({ type: 'ping' });
  blocks.forEach((block, index) => {
    if (block.type === 'text') {
      send({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      for (const piece of chunkText(block.text)) {
        send({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } });
      }
    } else {
      send({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      const json = JSON.stringify(block.input);
      const half = Math.ceil(json.length / 2);
      for (const part of [json.slice(0, half), json.slice(half)]) {
        send({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: part } });
      }
    }
    send({ type: 'content_block_stop', index });
  });
  send({ type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: outTokens } });
  send({ type: 'message_stop' });
  return { message, events };
}

function listModels(ctx: HandlerContext): void {
  const { record, res } = ctx;
  const created = '2025-01-01T00:00:00Z';
  const all = (ctx.options.models ?? ['test-model']).map((id) => ({ type: 'model', id, display_name: id, created_at: created }));
  if (record.path.startsWith('/v1/models/')) {
    const id = decodeURIComponent(record.path.slice('/v1/models/'.length));
    const model = all.find((m) => m.id === id);
    if (!model) return anthropicError(ctx, 404, `model: ${id}`);
    record.status = 200;
    return sendJson(res, 200, model);
  }
  const limit = Math.min(ctx.options.maxPageSize ?? 1000, Math.max(1, Number(record.query.limit ?? 20) || 20));
  let start = 0;
  let end = all.length;
  if (record.query.after_id) {
    start = all.findIndex((m) => m.id === record.query.after_id) + 1;
    end = Math.min(all.length, start + limit);
  } else if (record.query.before_id) {
    end = Math.max(0, all.findIndex((m) => m.id === record.query.before_id));
    start = Math.max(0, end - limit);
  } else {
    end = Math.min(all.length, limit);
  }
  const data = start > 0 || end > 0 ? all.slice(start, end) : [];
  const hasMore = record.query.before_id ? start > 0 : end < all.length;
  record.status = 200;
  sendJson(res, 200, { data, has_more: hasMore, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null });
}
