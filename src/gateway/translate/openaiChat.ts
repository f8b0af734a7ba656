/**
 * OpenAI Chat Completions ↔ IR: client requests in, upstream requests out, whole responses
 * both ways, and error bodies. Streaming lives in openaiChatStream.ts.
 */
import * as z from 'zod';
import type { IrMessage, IrPart, IrRequest, IrResponse, IrStopReason, IrTool, IrToolChoice, IrUsage } from './ir';
import { newId, sourceFromUrl, sourceUrl } from './ir';
import { jsonObject, optBool, optNum, optStr, parseWith, typedBlock, typedBy, type Parsed } from './validate';

// ---------------------------------------------------------------------------------------------
// Request schema

const textPart = z.looseObject({ type: z.literal('text'), text: z.string() });
const userPart = typedBlock({
  text: textPart,
  image_url: z.looseObject({ image_url: z.looseObject({ url: z.string(), detail: optStr }) }),
  file: z.looseObject({ file: z.looseObject({ file_data: optStr, filename: optStr }) }),
});
const textContent = z.union([z.string(), z.array(typedBlock({ text: textPart }))]);
const toolCall = z.looseObject({ id: z.string().nullish(), type: optStr, function: z.looseObject({ name: z.string(), arguments: z.string().nullish() }) });
const roles = ['system', 'developer', 'user', 'assistant', 'tool', 'function'] as const;
const message = typedBy(
  'role',
  {
    system: z.looseObject({ content: textContent }),
    developer: z.looseObject({ content: textContent }),
    user: z.looseObject({ content: z.union([z.string(), z.array(userPart)]) }),
    assistant: z.looseObject({
      content: z.union([z.string(), z.array(typedBlock({ text: textPart }))]).nullish(),
      tool_calls: z.array(toolCall).nullish(),
      reasoning_content: optStr,
      reasoning: optStr,
      refusal: optStr,
    }),
    tool: z.looseObject({ tool_call_id: z.string(), content: textContent }),
  },
  z.enum(roles),
);
const tool = typedBlock({ function: z.looseObject({ function: z.looseObject({ name: z.string(), description: optStr, parameters: jsonObject.nullish() }) }) });
const requestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(message),
  tools: z.array(tool).nullish(),
  tool_choice: z.union([z.enum(['none', 'auto', 'required']), typedBlock({ function: z.looseObject({ function: z.looseObject({ name: z.string() }) }) })]).nullish(),
  parallel_tool_calls: optBool,
  max_tokens: optNum,
  max_completion_tokens: optNum,
  temperature: optNum,
  top_p: optNum,
  presence_penalty: optNum,
  frequency_penalty: optNum,
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  stream: optBool,
  stream_options: z.looseObject({ include_usage: optBool }).nullish(),
  reasoning_effort: optStr,
});

type Any = { [k: string]: any };

// ---------------------------------------------------------------------------------------------
// Client request → IR

function text(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let out = '';
  for (const p of content as Any[]) if (p.type === 'text') out += p.text;
  return out;
}

/** Appends parts to the last message when it has the same role (tool results join one user turn). */
export function pushMessage(messages: IrMessage[], role: 'user' | 'assistant', parts: IrPart[]): void {
  if (parts.length === 0) return;
  const last = messages[messages.length - 1];
  if (last && last.role === role) (last.content as IrPart[]).push(...parts);
  else messages.push({ role, content: parts });
}

export function parseChatRequest(body: unknown): Parsed<IrRequest> {
  const parsed = parseWith(requestSchema, body);
  if (!parsed.ok) return parsed;
  const r = parsed.value as Any;
  const system: string[] = [];
  const messages: IrMessage[] = [];
  for (const m of r.messages as Any[]) {
    switch (m.role) {
      case 'system':
      case 'developer': {
        const t = text(m.content);
        if (t) system.push(t);
        break;
      }
      case 'user': {
        if (typeof m.content === 'string') {
          pushMessage(messages, 'user', [{ type: 'text', text: m.content }]);
          break;
        }
        const parts: IrPart[] = [];
        for (const p of m.content as Any[]) {
          if (p.type === 'text') parts.push({ type: 'text', text: p.text });
          else if (p.type === 'image_url') parts.push({ type: 'image', source: sourceFromUrl(p.image_url.url), ...(p.image_url.detail ? { detail: p.image_url.detail } : {}) });
          else if (p.type === 'file' && p.file.file_data) parts.push({ type: 'file', source: fileSource(p.file.file_data), ...(p.file.filename ? { filename: p.file.filename } : {}) });
        }
        pushMessage(messages, 'user', parts);
        break;
      }
      case 'assistant': {
        const parts: IrPart[] = [];
        const reasoning = m.reasoning_content ?? m.reasoning;
        if (reasoning) parts.push({ type: 'reasoning', text: reasoning });
        const t = text(m.content) || (m.refusal ?? '');
        if (t) parts.push({ type: 'text', text: t });
        for (const c of (m.tool_calls ?? []) as Any[]) {
          parts.push({ type: 'tool_call', id: c.id || newId('call_'), name: c.function.name, arguments: c.function.arguments || '{}' });
        }
        pushMessage(messages, 'assistant', parts);
        break;
      }
      case 'tool':
        pushMessage(messages, 'user', [{ type: 'tool_result', id: m.tool_call_id, content: text(m.content) }]);
        break;
      default:
        break; // legacy "function" messages
    }
  }
  const tools: IrTool[] = [];
  for (const t of (r.tools ?? []) as Any[]) {
    if (t.type !== 'function') continue;
    tools.push({ name: t.function.name, description: t.function.description ?? undefined, parameters: t.function.parameters ?? { type: 'object', properties: {} } });
  }
  let toolChoice: IrToolChoice | undefined;
  const tc = r.tool_choice;
  if (tc === 'none' || tc === 'auto' || tc === 'required') toolChoice = { type: tc };
  else if (tc && tc.type === 'function') toolChoice = { type: 'tool', name: tc.function.name };
  const stop = typeof r.stop === 'string' ? [r.stop] : r.stop ?? undefined;
  return {
    ok: true,
    value: {
      model: r.model,
      system,
      messages,
      tools: tools.length > 0 ? tools : undefined,
      toolChoice,
      parallelToolCalls: r.parallel_tool_calls ?? undefined,
      stream: r.stream === true,
      maxTokens: r.max_completion_tokens ?? r.max_tokens ?? undefined,
      temperature: r.temperature ?? undefined,
      topP: r.top_p ?? undefined,
      presencePenalty: r.presence_penalty ?? undefined,
      frequencyPenalty: r.frequency_penalty ?? undefined,
      stop,
      reasoning: r.reasoning_effort ? { effort: r.reasoning_effort } : undefined,
      includeUsage: r.stream_options?.include_usage === true,
    },
  };
}

function fileSource(data: string) {
  return data.startsWith('data:') ? sourceFromUrl(data) : ({ kind: 'base64', mediaType: 'application/pdf', data } as const);
}

// ---------------------------------------------------------------------------------------------
// IR → upstream request

function userContent(parts: readonly IrPart[]): string | Any[] | undefined {
  const out: Any[] = [];
  for (const p of parts) {
    if (p.type === 'text') out.push({ type: 'text', text: p.text });
    else if (p.type === 'image') out.push({ type: 'image_url', image_url: { url: sourceUrl(p.source), ...(p.detail ? { detail: p.detail } : {}) } });
    else if (p.type === 'file') out.push({ type: 'file', file: { file_data: sourceUrl(p.source), ...(p.filename ? { filename: p.filename } : {}) } });
  }
  if (out.length === 0) return undefined;
  if (out.every((p) => p.type === 'text')) return out.map((p) => p.text).join('\n\n');
  return out;
}

export function buildChatRequest(ir: IrRequest): Record<string, unknown> {
  const messages: Any[] = [];
  if (ir.system.length > 0) messages.push({ role: 'system', content: ir.system.join('\n\n') });
  for (const m of ir.messages) {
    if (m.role === 'assistant') {
      let content = '';
      let reasoning = '';
      const calls: Any[] = [];
      for (const p of m.content) {
        if (p.type === 'text') content += p.text;
        // Reasoning some other chat model showed goes back as DeepSeek-style reasoning_content;
        // signed reasoning belongs to Anthropic or OpenAI and means nothing here.
        else if (p.type === 'reasoning' && !p.signature && !p.redacted) reasoning += p.text;
        else if (p.type === 'tool_call') calls.push({ id: p.id, type: 'function', function: { name: p.name, arguments: p.arguments } });
      }
      if (!content && calls.length === 0) continue;
      const msg: Any = { role: 'assistant', content: content || null };
      if (reasoning) msg.reasoning_content = reasoning;
      if (calls.length > 0) msg.tool_calls = calls;
      messages.push(msg);
      continue;
    }
    // A user turn: tool results first (they must follow the assistant's calls), then the rest.
    const images: IrPart[] = [];
    for (const p of m.content) {
      if (p.type !== 'tool_result') continue;
      let body = '';
      if (typeof p.content === 'string') body = p.content;
      else
        for (const c of p.content) {
          if (c.type === 'text') body += (body ? '\n' : '') + c.text;
          else images.push(c);
        }
      messages.push({ role: 'tool', tool_call_id: p.id, content: p.isError && !body ? 'Error' : body });
    }
    const rest = userContent(images.length ? [...images, ...m.content] : m.content);
    if (rest !== undefined) messages.push({ role: 'user', content: rest });
  }
  const body: Record<string, unknown> = { model: ir.model, messages };
  if (ir.maxTokens !== undefined) body.max_tokens = ir.maxTokens;
  if (ir.temperature !== undefined) body.temperature = ir.temperature;
  if (ir.topP !== undefined) body.top_p = ir.topP;
  if (ir.presencePenalty !== undefined) body.presence_penalty = ir.presencePenalty;
  if (ir.frequencyPenalty !== undefined) body.frequency_penalty = ir.frequencyPenalty;
  if (ir.stop && ir.stop.length > 0) body.stop = ir.stop;
  if (ir.tools && ir.tools.length > 0) {
    body.tools = ir.tools.map((t) => ({ type: 'function', function: { name: t.name, ...(t.description ? { description: t.description } : {}), parameters: t.parameters } }));
    const tc = ir.toolChoice;
    if (tc) body.tool_choice = tc.type === 'tool' ? { type: 'function', function: { name: tc.name } } : tc.type;
    if (ir.parallelToolCalls !== undefined) body.parallel_tool_calls = ir.parallelToolCalls;
  }
  if (ir.reasoning?.effort) body.reasoning_effort = ir.reasoning.effort;
  if (ir.stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return body;
}

// ---------------------------------------------------------------------------------------------
// Responses both ways

export function fromChatStop(reason: unknown): IrStopReason {
  switch (reason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

export function toChatFinish(reason: IrStopReason): string {
  switch (reason) {
    case 'max_tokens':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop';
  }
}

export function chatUsageToIr(u: any): IrUsage {
  if (!u || typeof u !== 'object') return {};
  const out: IrUsage = {};
  if (typeof u.prompt_tokens === 'number') out.inputTokens = u.prompt_tokens;
  if (typeof u.completion_tokens === 'number') out.outputTokens = u.completion_tokens;
  const cached = u.prompt_tokens_details?.cached_tokens ?? u.prompt_cache_hit_tokens;
  if (typeof cached === 'number' && cached > 0) out.cacheReadTokens = cached;
  const reasoning = u.completion_tokens_details?.reasoning_tokens;
  if (typeof reasoning === 'number' && reasoning > 0) out.reasoningTokens = reasoning;
  return out;
}

export function irUsageToChat(u: IrUsage): Record<string, unknown> {
  const prompt = u.inputTokens ?? 0;
  const completion = u.outputTokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: u.cacheReadTokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: u.reasoningTokens ?? 0 },
  };
}

export function parseChatResponse(body: unknown): IrResponse | string {
  const b = body as any;
  const choice = b && typeof b === 'object' && Array.isArray(b.choices) ? b.choices[0] : undefined;
  if (!choice || typeof choice !== 'object') return 'The upstream answer is not a chat completion.';
  const m = choice.message ?? {};
  const content: IrPart[] = [];
  const reasoning = m.reasoning_content ?? m.reasoning;
  if (typeof reasoning === 'string' && reasoning) content.push({ type: 'reasoning', text: reasoning });
  const t = typeof m.content === 'string' ? m.content : Array.isArray(m.content) ? text(m.content) : '';
  if (t) content.push({ type: 'text', text: t });
  else if (typeof m.refusal === 'string' && m.refusal) content.push({ type: 'text', text: m.refusal });
  for (const c of Array.isArray(m.tool_calls) ? m.tool_calls : []) {
    if (!c?.function) continue;
    content.push({ type: 'tool_call', id: String(c.id || newId('call_')), name: String(c.function.name ?? ''), arguments: typeof c.function.arguments === 'string' && c.function.arguments ? c.function.arguments : '{}' });
  }
  let stopReason = fromChatStop(choice.finish_reason);
  if (stopReason === 'end_turn' && content.some((p) => p.type === 'tool_call')) stopReason = 'tool_use';
  return { id: typeof b.id === 'string' ? b.id : newId('chatcmpl-'), model: String(b.model ?? ''), content, stopReason, usage: chatUsageToIr(b.usage) };
}

export function buildChatResponse(r: IrResponse, clientModel: string): Record<string, unknown> {
  let content = '';
  let reasoning = '';
  const calls: Any[] = [];
  for (const p of r.content) {
    if (p.type === 'text') content += p.text;
    else if (p.type === 'reasoning' && !p.redacted) reasoning += p.text;
    else if (p.type === 'tool_call') calls.push({ id: p.id, type: 'function', function: { name: p.name, arguments: p.arguments } });
  }
  const message: Any = { role: 'assistant', content: content || (calls.length ? null : ''), refusal: null };
  if (reasoning) message.reasoning_content = reasoning;
  if (calls.length > 0) message.tool_calls = calls;
  return {
    id: r.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: clientModel,
    choices: [{ index: 0, message, logprobs: null, finish_reason: toChatFinish(r.stopReason) }],
    usage: irUsageToChat(r.usage),
  };
}

// ---------------------------------------------------------------------------------------------
// Errors (shared by both OpenAI formats)

export function openaiErrorBody(status: number, message: string): Record<string, unknown> {
  let type = 'invalid_request_error';
  let code: string | null = null;
  if (status === 401) code = 'invalid_api_key';
  else if (status === 403) code = 'permission_denied';
  else if (status === 404) code = 'not_found';
  else if (status === 429) {
    type = 'rate_limit_error';
    code = 'rate_limit_exceeded';
  } else if (status >= 500) {
    type = 'server_error';
    code = status === 503 || status === 529 ? 'overloaded' : null;
  }
  return { error: { message, type, param: null, code } };
}

