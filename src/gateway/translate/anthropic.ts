/**
 * Anthropic Messages ↔ IR: client requests in, upstream requests out, whole responses both
 * ways, and error bodies. Streaming lives in anthropicStream.ts.
 */
import * as z from 'zod';
import type { IrMessage, IrPart, IrReasoningConfig, IrRequest, IrResponse, IrStopReason, IrTool, IrToolChoice, IrUsage } from './ir';
import { newId, parseArguments } from './ir';
import { jsonObject, optBool, optNum, optStr, parseWith, typedBlock, type Parsed } from './validate';

/** Used when the client gave no max_tokens (Anthropic requires one); a model setting overrides it. */
export const DEFAULT_MAX_TOKENS = 32_000;

// ---------------------------------------------------------------------------------------------
// Request schema

const text = z.looseObject({ type: z.literal('text'), text: z.string() });
const source = typedBlock({
  base64: z.looseObject({ media_type: z.string(), data: z.string() }),
  url: z.looseObject({ url: z.string() }),
  text: z.looseObject({ data: z.string() }),
});
const image = z.looseObject({ source });
const resultBlock = typedBlock({ text, image });
const block = typedBlock({
  text,
  image,
  document: image,
  tool_use: z.looseObject({ id: z.string(), name: z.string(), input: z.unknown() }),
  tool_result: z.looseObject({ tool_use_id: z.string(), content: z.union([z.string(), z.array(resultBlock)]).nullish(), is_error: optBool }),
  thinking: z.looseObject({ thinking: z.string(), signature: optStr }),
  redacted_thinking: z.looseObject({ data: z.string() }),
});
const message = z.looseObject({
  role: z.enum(['user', 'assistant', 'system']),
  content: z.union([z.string(), z.array(block)]),
});
const tool = z.looseObject({ name: z.string(), description: optStr, input_schema: jsonObject.nullish(), type: optStr });
const requestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(message),
  system: z.union([z.string(), z.array(typedBlock({ text }))]).nullish(),
  max_tokens: z.number().nullish(),
  stream: optBool,
  temperature: optNum,
  top_p: optNum,
  top_k: optNum,
  stop_sequences: z.array(z.string()).nullish(),
  tools: z.array(tool).nullish(),
  tool_choice: typedBlock({ tool: z.looseObject({ name: z.string() }) }).nullish(),
  thinking: typedBlock({ enabled: z.looseObject({ budget_tokens: z.number() }) }).nullish(),
  output_config: z.looseObject({ effort: optStr }).nullish(),
});

type Block = { type: string; [k: string]: any };

// ---------------------------------------------------------------------------------------------
// Client request → IR

export function parseAnthropicRequest(body: unknown): Parsed<IrRequest> {
  const parsed = parseWith(requestSchema, body);
  if (!parsed.ok) return parsed;
  const r = parsed.value;
  const system: string[] = [];
  if (typeof r.system === 'string') {
    if (r.system) system.push(r.system);
  } else if (r.system) for (const b of r.system as Block[]) if (b.type === 'text' && b.text) system.push(b.text);

  const messages: IrMessage[] = [];
  for (const m of r.messages) {
    if (m.role === 'system') {
      if (typeof m.content === 'string') system.push(m.content);
      else for (const b of m.content as Block[]) if (b.type === 'text') system.push(b.text);
      continue;
    }
    const content: IrPart[] = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : blocksToParts(m.content as Block[]);
    messages.push({ role: m.role, content });
  }

  const tools: IrTool[] = [];
  for (const t of r.tools ?? []) {
    // Server tools (web_search_…, bash_…) have a type; client tools have none or "custom".
    if (t.type && t.type !== 'custom') continue;
    tools.push({ name: t.name, description: t.description ?? undefined, parameters: (t.input_schema as Record<string, unknown>) ?? { type: 'object', properties: {} } });
  }

  let toolChoice: IrToolChoice | undefined;
  let parallelToolCalls: boolean | undefined;
  const tc = r.tool_choice as Block | null | undefined;
  if (tc) {
    if (tc.type === 'any') toolChoice = { type: 'required' };
    else if (tc.type === 'tool') toolChoice = { type: 'tool', name: tc.name };
    else if (tc.type === 'none') toolChoice = { type: 'none' };
    else if (tc.type === 'auto') toolChoice = { type: 'auto' };
    if (tc.disable_parallel_tool_use === true) parallelToolCalls = false;
  }

  let reasoning: IrReasoningConfig | undefined;
  const th = r.thinking as Block | null | undefined;
  if (th?.type === 'enabled') reasoning = { thinking: { type: 'enabled', budgetTokens: th.budget_tokens } };
  else if (th?.type === 'adaptive') reasoning = { thinking: { type: 'adaptive' } };
  else if (th?.type === 'disabled') reasoning = { thinking: { type: 'disabled' } };
  if (r.output_config?.effort) reasoning = { ...reasoning, anthropicEffort: r.output_config.effort };

  return {
    ok: true,
    value: {
      model: r.model,
      system,
      messages,
      tools: tools.length > 0 ? tools : undefined,
      toolChoice,
      parallelToolCalls,
      stream: r.stream === true,
      maxTokens: r.max_tokens ?? undefined,
      temperature: r.temperature ?? undefined,
      topP: r.top_p ?? undefined,
      topK: r.top_k ?? undefined,
      stop: r.stop_sequences ?? undefined,
      reasoning,
    },
  };
}

function sourceOf(src: Block): { kind: 'base64'; mediaType: string; data: string } | { kind: 'url'; url: string } | undefined {
  if (src.type === 'base64') return { kind: 'base64', mediaType: src.media_type, data: src.data };
  if (src.type === 'url') return { kind: 'url', url: src.url };
  if (src.type === 'text') return { kind: 'base64', mediaType: src.media_type || 'text/plain', data: Buffer.from(String(src.data), 'utf8').toString('base64') };
  return undefined;
}

function blocksToParts(blocks: readonly Block[]): IrPart[] {
  const parts: IrPart[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'text':
        parts.push({ type: 'text', text: b.text });
        break;
      case 'image': {
        const s = sourceOf(b.source);
        if (s) parts.push({ type: 'image', source: s });
        break;
      }
      case 'document': {
        const s = sourceOf(b.source);
        if (s) parts.push({ type: 'file', source: s, filename: typeof b.title === 'string' ? b.title : undefined });
        break;
      }
      case 'tool_use':
        parts.push({ type: 'tool_call', id: b.id, name: b.name, arguments: JSON.stringify(b.input ?? {}) });
        break;
      case 'tool_result': {
        let content: string | Array<{ type: 'text'; text: string } | { type: 'image'; source: any }> = '';
        if (typeof b.content === 'string') content = b.content;
        else if (Array.isArray(b.content)) {
          content = [];
          for (const c of b.content as Block[]) {
            if (c.type === 'text') content.push({ type: 'text', text: c.text });
            else if (c.type === 'image') {
              const s = sourceOf(c.source);
              if (s) content.push({ type: 'image', source: s });
            }
          }
        }
        parts.push({ type: 'tool_result', id: b.tool_use_id, content, ...(b.is_error ? { isError: true } : {}) });
        break;
      }
      case 'thinking':
        parts.push({ type: 'reasoning', text: b.thinking, ...(b.signature ? { signature: b.signature } : {}) });
        break;
      case 'redacted_thinking':
        parts.push({ type: 'reasoning', text: '', signature: b.data, redacted: true });
        break;
      default:
        break; // server tool blocks, search results, container uploads: nothing to translate
    }
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------
// IR → upstream request

/** Anthropic accepts tool ids matching ^[a-zA-Z0-9_-]+$ only. */
export function anthropicToolId(id: string): string {
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
    if (!ok) return id.replace(/[^a-zA-Z0-9_-]/g, '_');
  }
  return id || 'toolu_missing';
}

function imageSource(s: IrPart & { type: 'image' | 'file' }): Record<string, unknown> {
  return s.source.kind === 'base64' ? { type: 'base64', media_type: s.source.mediaType, data: s.source.data } : { type: 'url', url: s.source.url };
}

function partsToBlocks(role: 'user' | 'assistant', parts: readonly IrPart[]): Record<string, unknown>[] {
  const first: Record<string, unknown>[] = [];
  const rest: Record<string, unknown>[] = [];
  for (const p of parts) {
    switch (p.type) {
      case 'text':
        if (p.text) rest.push({ type: 'text', text: p.text });
        break;
      case 'image':
        rest.push({ type: 'image', source: imageSource(p) });
        break;
      case 'file':
        if (p.source.kind === 'base64' && p.source.mediaType.startsWith('text/')) {
          rest.push({ type: 'document', source: { type: 'text', media_type: 'text/plain', data: Buffer.from(p.source.data, 'base64').toString('utf8') } });
        } else rest.push({ type: 'document', source: imageSource(p), ...(p.filename ? { title: p.filename } : {}) });
        break;
      case 'tool_call':
        rest.push({ type: 'tool_use', id: anthropicToolId(p.id), name: p.name, input: parseArguments(p.arguments) });
        break;
      case 'tool_result': {
        const content =
          typeof p.content === 'string'
            ? p.content
            : p.content.map((c) => (c.type === 'text' ? { type: 'text', text: c.text } : { type: 'image', source: imageSource(c) }));
        // Tool results lead the user turn that answers the tool calls.
        first.push({ type: 'tool_result', tool_use_id: anthropicToolId(p.id), content, ...(p.isError ? { is_error: true } : {}) });
        break;
      }
      case 'reasoning':
        // Only thinking Anthropic signed can go back; the rest was another model's.
        if (role !== 'assistant' || !p.signature) break;
        if (p.redacted) rest.push({ type: 'redacted_thinking', data: p.signature });
        else rest.push({ type: 'thinking', thinking: p.text, signature: p.signature });
        break;
    }
  }
  return first.length ? [...first, ...rest] : rest;
}

export function buildAnthropicRequest(ir: IrRequest): Record<string, unknown> {
  const messages: Record<string, unknown>[] = [];
  for (const m of ir.messages) {
    const content = partsToBlocks(m.role, m.content);
    if (content.length === 0) continue;
    const last = messages[messages.length - 1];
    if (last && last.role === m.role) (last.content as unknown[]).push(...content);
    else messages.push({ role: m.role, content });
  }
  const body: Record<string, unknown> = { model: ir.model, max_tokens: ir.maxTokens ?? DEFAULT_MAX_TOKENS, messages };
  if (ir.system.length > 0) body.system = ir.system.map((t) => ({ type: 'text', text: t }));
  if (ir.temperature !== undefined) body.temperature = ir.temperature;
  if (ir.topP !== undefined) body.top_p = ir.topP;
  if (ir.topK !== undefined) body.top_k = ir.topK;
  if (ir.stop && ir.stop.length > 0) body.stop_sequences = ir.stop;
  if (ir.tools && ir.tools.length > 0) {
    body.tools = ir.tools.map((t) => ({ name: t.name, ...(t.description ? { description: t.description } : {}), input_schema: t.parameters }));
    const noParallel = ir.parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
    const tc = ir.toolChoice;
    if (tc?.type === 'none') body.tool_choice = { type: 'none' };
    else if (tc?.type === 'required') body.tool_choice = { type: 'any', ...noParallel };
    else if (tc?.type === 'tool') body.tool_choice = { type: 'tool', name: tc.name, ...noParallel };
    else if (tc || ir.parallelToolCalls === false) body.tool_choice = { type: 'auto', ...noParallel };
  }
  const th = ir.reasoning?.thinking;
  if (th?.type === 'enabled') body.thinking = { type: 'enabled', budget_tokens: th.budgetTokens };
  else if (th) body.thinking = { type: th.type };
  if (ir.reasoning?.anthropicEffort) body.output_config = { effort: ir.reasoning.anthropicEffort };
  if (ir.stream) body.stream = true;
  return body;
}

/**
 * With thinking on, Anthropic wants the assistant turn of an ongoing tool loop to start with
 * its signed thinking. A history from another model has none: then ask without thinking
 * rather than fail. Anthropic's thinking guide: thinking blocks of earlier turns may be
 * omitted, but a tool loop is one assistant turn with one thinking configuration.
 */
export function dropThinkingIfUnsigned(body: Record<string, unknown>): void {
  const thinking = body.thinking as { type?: string } | undefined;
  if (!thinking || thinking.type === 'disabled') return;
  const messages = body.messages as ({ role?: string; content?: unknown } | null)[];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.role !== 'assistant') continue;
    // A pass-through body is unchecked: its content may be a string (no tools) or hold odd entries.
    const content = (Array.isArray(m.content) ? m.content : []) as ({ type?: unknown } | null)[];
    const usesTools = content.some((b) => b?.type === 'tool_use');
    const first = content[0]?.type;
    if (usesTools && first !== 'thinking' && first !== 'redacted_thinking') delete body.thinking;
    return;
  }
}

// ---------------------------------------------------------------------------------------------
// Responses both ways

export function fromAnthropicStop(reason: unknown): IrStopReason {
  switch (reason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'max_tokens';
    case 'tool_use':
      return 'tool_use';
    case 'stop_sequence':
      return 'stop_sequence';
    case 'refusal':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

export function anthropicUsageToIr(u: any): IrUsage {
  if (!u || typeof u !== 'object') return {};
  const out: IrUsage = {};
  const read = typeof u.cache_read_input_tokens === 'number' ? u.cache_read_input_tokens : 0;
  const write = typeof u.cache_creation_input_tokens === 'number' ? u.cache_creation_input_tokens : 0;
  if (typeof u.input_tokens === 'number') out.inputTokens = u.input_tokens + read + write;
  if (typeof u.output_tokens === 'number') out.outputTokens = u.output_tokens;
  if (read) out.cacheReadTokens = read;
  if (write) out.cacheWriteTokens = write;
  return out;
}

/** Anthropic's usage: input_tokens leaves out the cached part. */
export function irUsageToAnthropic(u: IrUsage): Record<string, number> {
  const read = u.cacheReadTokens ?? 0;
  const write = u.cacheWriteTokens ?? 0;
  return {
    input_tokens: Math.max(0, (u.inputTokens ?? 0) - read - write),
    output_tokens: u.outputTokens ?? 0,
    cache_creation_input_tokens: write,
    cache_read_input_tokens: read,
  };
}

export function parseAnthropicResponse(body: unknown): IrResponse | string {
  const b = body as any;
  if (!b || typeof b !== 'object' || !Array.isArray(b.content)) return 'The upstream answer is not an Anthropic message.';
  const content: IrPart[] = [];
  for (const c of b.content as Block[]) {
    if (c.type === 'text' && typeof c.text === 'string') content.push({ type: 'text', text: c.text });
    else if (c.type === 'thinking') content.push({ type: 'reasoning', text: String(c.thinking ?? ''), ...(c.signature ? { signature: c.signature } : {}) });
    else if (c.type === 'redacted_thinking') content.push({ type: 'reasoning', text: '', signature: String(c.data ?? ''), redacted: true });
    else if (c.type === 'tool_use') content.push({ type: 'tool_call', id: String(c.id), name: String(c.name), arguments: JSON.stringify(c.input ?? {}) });
  }
  return {
    id: typeof b.id === 'string' ? b.id : newId('msg_'),
    model: String(b.model ?? ''),
    content,
    stopReason: fromAnthropicStop(b.stop_reason),
    stopSequence: typeof b.stop_sequence === 'string' ? b.stop_sequence : undefined,
    usage: anthropicUsageToIr(b.usage),
  };
}

export function buildAnthropicResponse(r: IrResponse, clientModel: string): Record<string, unknown> {
  const content: Record<string, unknown>[] = [];
  for (const p of r.content) {
    if (p.type === 'text') content.push({ type: 'text', text: p.text });
    else if (p.type === 'reasoning') content.push(p.redacted ? { type: 'redacted_thinking', data: p.signature ?? '' } : { type: 'thinking', thinking: p.text, signature: p.signature ?? '' });
    else if (p.type === 'tool_call') content.push({ type: 'tool_use', id: p.id, name: p.name, input: parseArguments(p.arguments) });
  }
  return {
    id: r.id.startsWith('msg_') ? r.id : 'msg_' + r.id,
    type: 'message',
    role: 'assistant',
    model: clientModel,
    content,
    stop_reason: r.stopReason,
    stop_sequence: r.stopSequence ?? null,
    usage: irUsageToAnthropic(r.usage),
  };
}

// ---------------------------------------------------------------------------------------------
// Errors

const errorTypes: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

export function anthropicErrorType(status: number): string {
  return errorTypes[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

export function anthropicErrorBody(status: number, message: string): Record<string, unknown> {
  return { type: 'error', error: { type: anthropicErrorType(status), message } };
}
