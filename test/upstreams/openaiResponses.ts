/**
 * OpenAI Responses API double (what Codex speaks).
 *   POST /v1/responses   JSON response object, or (stream: true) SSE events, each with a growing
 *                        sequence_number: response.created, response.in_progress, then per output
 *                        item response.output_item.added / content_part.added /
 *                        output_text.delta… / output_text.done / content_part.done /
 *                        output_item.done (function calls: function_call_arguments.delta/.done),
 *                        ending in response.completed.
 * Also answers /responses without the /v1 prefix. JSON mode: text.format json_schema gets JSON.
 */
import type { HandlerContext, ReplySpec } from './types';
import { jsonModeText, openaiError, stripV1 } from './openaiChat';
import { chunkText, nowSeconds, randomId, sendJson, sleep, sseFrame, startSse, tokens, wrongKey } from './wire';

export async function handleOpenAiResponses(ctx: HandlerContext): Promise<boolean> {
  const { record, res } = ctx;
  if (record.method !== 'POST' || stripV1(record.path) !== '/responses') return false;
  record.protocol = 'openai-responses';
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
  if (typeof body.model !== 'string') {
    openaiError(ctx, 400, "Missing required parameter: 'model'.");
    return true;
  }
  const reply: ReplySpec = ctx.reply();
  if (reply.delayMs) await sleep(reply.delayMs);
  if (reply.error) {
    openaiError(ctx, reply.error.status, reply.error.message, reply.error.type);
    return true;
  }

  const format = body.text?.format;
  const text = reply.text === undefined ? undefined : jsonModeText(reply.text, format);
  type Item = Record<string, any>;
  const items: Item[] = [];
  if (text !== undefined && (text !== '' || !reply.toolCalls?.length)) {
    items.push({ id: randomId('msg_'), type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [], logprobs: [] }] });
  }
  for (const call of reply.toolCalls ?? []) {
    items.push({ id: randomId('fc_'), type: 'function_call', status: 'completed', call_id: call.id ?? randomId('call_'), name: call.name, arguments: JSON.stringify(call.arguments) });
  }
  const inputTokens = tokens(JSON.stringify(body.input ?? '') + String(body.instructions ?? ''));
  const outputTokens = tokens(JSON.stringify(items));
  const base = {
    id: randomId('resp_'),
    object: 'response',
    created_at: nowSeconds(),
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: body.model,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: body.reasoning?.effort ?? null, summary: body.reasoning?.summary ?? null },
    store: body.store ?? false,
    temperature: body.temperature ?? 1,
    text: { format: format ?? { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: 'disabled',
    user: null,
    metadata: body.metadata ?? {},
  };
  const usage = {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: inputTokens + outputTokens,
  };
  const completed = { ...base, status: 'completed', output: items, usage };
  const headers = { 'x-request-id': randomId('req_') };
  record.status = 200;
  if (!record.stream) {
    sendJson(res, 200, completed, headers);
    return true;
  }

  startSse(res, headers);
  let seq = 0;
  const send = (type: string, data: Record<string, unknown>) => res.write(sseFrame(JSON.stringify({ type, sequence_number: seq++, ...data }), type));
  send('response.created', { response: { ...base, status: 'in_progress', output: [], usage: null } });
  send('response.in_progress', { response: { ...base, status: 'in_progress', output: [], usage: null } });
  items.forEach((item, output_index) => {
    if (item.type === 'message') {
      const full: string = item.content[0].text;
      send('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', content: [] } });
      const part = { type: 'output_text', text: '', annotations: [], logprobs: [] };
      send('response.content_part.added', { item_id: item.id, output_index, content_index: 0, part });
      for (const delta of chunkText(full)) send('response.output_text.delta', { item_id: item.id, output_index, content_index: 0, delta, logprobs: [] });
      send('response.output_text.done', { item_id: item.id, output_index, content_index: 0, text: full, logprobs: [] });
      send('response.content_part.done', { item_id: item.id, output_index, content_index: 0, part: { ...part, text: full } });
    } else {
      send('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', arguments: '' } });
      const args: string = item.arguments;
      const half = Math.ceil(args.length / 2);
      for (const delta of [args.slice(0, half), args.slice(half)]) send('response.function_call_arguments.delta', { item_id: item.id, output_index, delta });
      send('response.function_call_arguments.done', { item_id: item.id, output_index, name: item.name, arguments: args });
    }
    send('response.output_item.done', { output_index, item });
  });
  send('response.completed', { response: completed });
  res.end();
  return true;
}
