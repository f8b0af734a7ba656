/**
 * OpenAI Responses ↔ IR: client requests in (Codex's input items), upstream requests out,
 * whole responses both ways. Streaming lives in openaiResponsesStream.ts; error bodies are
 * the chat ones (openaiErrorBody).
 */
import * as z from 'zod';
import type { IrImagePart, IrMessage, IrPart, IrRequest, IrResponse, IrStopReason, IrTextPart, IrTool, IrToolChoice, IrUsage } from './ir';
import { newId, sourceFromUrl, sourceUrl } from './ir';
import { pushMessage } from './openaiChat';
import { wantEncryptedReasoning } from './settings';
import { formatPath, jsonObject, optBool, optNum, optStr, parseWith, typedBlock, type Parsed } from './validate';

// ---------------------------------------------------------------------------------------------
// Request schema

const inputText = z.looseObject({ text: z.string() });
const contentPart = typedBlock({
  input_text: inputText,
  output_text: inputText,
  input_image: z.looseObject({ image_url: optStr }),
  input_file: z.looseObject({ file_data: optStr, filename: optStr }),
  refusal: z.looseObject({ refusal: z.string() }),
});
const itemSchemas: Record<string, z.ZodType> = {
  message: z.looseObject({ role: z.enum(['user', 'assistant', 'system', 'developer']), content: z.union([z.string(), z.array(contentPart)]) }),
  function_call: z.looseObject({ call_id: z.string(), name: z.string(), arguments: z.string() }),
  function_call_output: z.looseObject({ call_id: z.string(), output: z.union([z.string(), z.array(contentPart)]) }),
  custom_tool_call: z.looseObject({ call_id: z.string(), name: z.string(), input: z.string() }),
  custom_tool_call_output: z.looseObject({ call_id: z.string(), output: z.union([z.string(), z.array(contentPart)]) }),
  reasoning: z.looseObject({
    id: optStr,
    summary: z.array(z.looseObject({ text: z.string() })).nullish(),
    content: z.array(z.looseObject({ text: z.string() })).nullish(),
    encrypted_content: optStr,
  }),
};
/** An input item; a message may leave out `type` (EasyInputMessage). */
const item = z.looseObject({ type: optStr, role: optStr }).superRefine((value, ctx) => {
  const kind = value.type ?? (value.role !== undefined ? 'message' : undefined);
  if (kind === undefined) {
    ctx.addIssue({ code: 'custom', path: ['type'], message: 'Invalid input: expected an item type or a message role' });
    return;
  }
  const schema = itemSchemas[kind];
  if (!schema) return;
  const r = schema.safeParse(value);
  if (!r.success) for (const issue of r.error.issues) ctx.addIssue({ ...(issue as any), path: issue.path });
});
const tool = typedBlock({
  function: z.looseObject({ name: z.string(), description: optStr, parameters: jsonObject.nullish() }),
  custom: z.looseObject({ name: z.string(), description: optStr }),
});
const requestSchema = z.looseObject({
  model: z.string(),
  input: z.union([z.string(), z.array(item)]).nullish(),
  instructions: optStr,
  tools: z.array(tool).nullish(),
  tool_choice: z.union([z.enum(['none', 'auto', 'required']), z.looseObject({ type: z.string(), name: optStr })]).nullish(),
  parallel_tool_calls: optBool,
  max_output_tokens: optNum,
  temperature: optNum,
  top_p: optNum,
  stream: optBool,
  reasoning: z.looseObject({ effort: optStr, summary: optStr }).nullish(),
  previous_response_id: optStr,
});

type Any = { [k: string]: any };

// ---------------------------------------------------------------------------------------------
// Client request → IR

/** A custom (freeform) tool becomes a function taking its text as `input`, as Codex's JSON apply_patch does. */
export function customToolParameters(format: unknown): Record<string, unknown> {
  const f = format as Any | undefined;
  const grammar = f && typeof f.definition === 'string' ? ` It must follow this ${f.syntax ?? ''} grammar:\n${f.definition}` : '';
  return {
    type: 'object',
    properties: { input: { type: 'string', description: `The tool's free-form input.${grammar}` } },
    required: ['input'],
    additionalProperties: false,
  };
}

function partsOf(content: unknown): IrPart[] {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  const parts: IrPart[] = [];
  for (const p of content as Any[]) {
    switch (p.type) {
      case 'input_text':
      case 'output_text':
        parts.push({ type: 'text', text: p.text });
        break;
      case 'refusal':
        parts.push({ type: 'text', text: p.refusal });
        break;
      case 'input_image':
        if (p.image_url) parts.push({ type: 'image', source: sourceFromUrl(p.image_url), ...(p.detail && p.detail !== 'auto' ? { detail: p.detail } : {}) });
        break;
      case 'input_file':
        if (p.file_data) parts.push({ type: 'file', source: p.file_data.startsWith('data:') ? sourceFromUrl(p.file_data) : { kind: 'base64', mediaType: 'application/pdf', data: p.file_data }, ...(p.filename ? { filename: p.filename } : {}) });
        else if (p.file_url) parts.push({ type: 'file', source: { kind: 'url', url: p.file_url } });
        break;
      default:
        break;
    }
  }
  return parts;
}

function toolOutput(output: unknown): string | (IrTextPart | IrImagePart)[] {
  if (typeof output === 'string') return output;
  return partsOf(output).filter((p): p is IrTextPart | IrImagePart => p.type === 'text' || p.type === 'image');
}

export function parseResponsesRequest(body: unknown): Parsed<IrRequest> {
  const parsed = parseWith(requestSchema, body);
  if (!parsed.ok) return parsed;
  const r = parsed.value as Any;
  if (r.previous_response_id) return { ok: false, status: 400, message: `${formatPath(['previous_response_id'])}: not supported when the model speaks another protocol; send the whole conversation (store: false).` };
  const system: string[] = [];
  if (r.instructions) system.push(r.instructions);
  const messages: IrMessage[] = [];
  const input: Any[] = typeof r.input === 'string' ? [{ type: 'message', role: 'user', content: r.input }] : (r.input ?? []);
  for (const it of input) {
    const kind = it.type ?? 'message';
    switch (kind) {
      case 'message':
        if (it.role === 'system' || it.role === 'developer') {
          const t = partsOf(it.content)
            .map((p) => (p.type === 'text' ? p.text : ''))
            .join('');
          if (t) system.push(t);
        } else pushMessage(messages, it.role, partsOf(it.content));
        break;
      case 'function_call':
        pushMessage(messages, 'assistant', [{ type: 'tool_call', id: it.call_id, name: it.name, arguments: it.arguments || '{}' }]);
        break;
      case 'custom_tool_call':
        pushMessage(messages, 'assistant', [{ type: 'tool_call', id: it.call_id, name: it.name, arguments: JSON.stringify({ input: it.input }) }]);
        break;
      case 'function_call_output':
      case 'custom_tool_call_output':
        pushMessage(messages, 'user', [{ type: 'tool_result', id: it.call_id, content: toolOutput(it.output) }]);
        break;
      case 'reasoning': {
        const full = (it.content ?? []).map((c: Any) => c.text).join('');
        const summary = (it.summary ?? []).map((c: Any) => c.text).join('\n\n');
        pushMessage(messages, 'assistant', [{ type: 'reasoning', text: full || summary, ...(it.encrypted_content ? { signature: it.encrypted_content } : {}), ...(it.id ? { id: it.id } : {}) }]);
        break;
      }
      default:
        break; // hosted tool calls, item references, compaction: nothing to translate
    }
  }
  const tools: IrTool[] = [];
  for (const t of (r.tools ?? []) as Any[]) {
    if (t.type === 'function') tools.push({ name: t.name, description: t.description ?? undefined, parameters: t.parameters ?? { type: 'object', properties: {} } });
    else if (t.type === 'custom') tools.push({ name: t.name, description: t.description ?? undefined, parameters: customToolParameters(t.format) });
  }
  let toolChoice: IrToolChoice | undefined;
  const tc = r.tool_choice;
  if (tc === 'none' || tc === 'auto' || tc === 'required') toolChoice = { type: tc };
  else if (tc && (tc.type === 'function' || tc.type === 'custom') && tc.name) toolChoice = { type: 'tool', name: tc.name };
  const reasoning = r.reasoning && (r.reasoning.effort || r.reasoning.summary) ? { effort: r.reasoning.effort ?? undefined, summary: r.reasoning.summary ?? undefined } : undefined;
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
      maxTokens: r.max_output_tokens ?? undefined,
      temperature: r.temperature ?? undefined,
      topP: r.top_p ?? undefined,
      reasoning,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// IR → upstream request

function inputContent(parts: readonly IrPart[]): Any[] {
  const out: Any[] = [];
  for (const p of parts) {
    if (p.type === 'text') out.push({ type: 'input_text', text: p.text });
    else if (p.type === 'image') out.push({ type: 'input_image', image_url: sourceUrl(p.source), detail: p.detail ?? 'auto' });
    else if (p.type === 'file') out.push(p.source.kind === 'url' ? { type: 'input_file', file_url: p.source.url } : { type: 'input_file', file_data: sourceUrl(p.source), filename: p.filename ?? 'document.pdf' });
  }
  return out;
}

export function buildResponsesRequest(ir: IrRequest): Record<string, unknown> {
  const input: Any[] = [];
  let reasoningItems = false;
  for (const m of ir.messages) {
    if (m.role === 'user') {
      for (const p of m.content) {
        if (p.type !== 'tool_result') continue;
        const output = typeof p.content === 'string' ? p.content : inputContent(p.content);
        input.push({ type: 'function_call_output', call_id: p.id, output: p.isError && output === '' ? 'Error' : output });
      }
      const content = inputContent(m.content);
      if (content.length > 0) input.push({ type: 'message', role: 'user', content });
      continue;
    }
    let text = '';
    const flush = () => {
      if (text) input.push({ type: 'message', role: 'assistant', content: text });
      text = '';
    };
    for (const p of m.content) {
      if (p.type === 'text') text += p.text;
      else if (p.type === 'tool_call') {
        flush();
        input.push({ type: 'function_call', call_id: p.id, name: p.name, arguments: p.arguments });
      } else if (p.type === 'reasoning' && p.signature && !p.redacted) {
        // Only reasoning with its encrypted content can be replayed statelessly; without its
        // id, as Codex does (with store: false an id makes the API look the item up, and fail).
        flush();
        reasoningItems = true;
        input.push({ type: 'reasoning', summary: p.text ? [{ type: 'summary_text', text: p.text }] : [], encrypted_content: p.signature });
      }
    }
    flush();
  }
  const body: Record<string, unknown> = { model: ir.model, input, store: false };
  if (ir.system.length > 0) body.instructions = ir.system.join('\n\n');
  if (ir.maxTokens !== undefined) body.max_output_tokens = ir.maxTokens;
  if (ir.temperature !== undefined) body.temperature = ir.temperature;
  if (ir.topP !== undefined) body.top_p = ir.topP;
  if (ir.tools && ir.tools.length > 0) {
    body.tools = ir.tools.map((t) => ({ type: 'function', name: t.name, ...(t.description ? { description: t.description } : {}), parameters: t.parameters, strict: false }));
    const tc = ir.toolChoice;
    if (tc) body.tool_choice = tc.type === 'tool' ? { type: 'function', name: tc.name } : tc.type;
    if (ir.parallelToolCalls !== undefined) body.parallel_tool_calls = ir.parallelToolCalls;
  }
  const effort = ir.reasoning?.effort;
  const summary = ir.reasoning?.summary;
  if (effort || summary) body.reasoning = { ...(effort ? { effort } : {}), ...(summary ? { summary } : {}) };
  if (effort || summary || reasoningItems) wantEncryptedReasoning(body);
  if (ir.stream) body.stream = true;
  return body;
}

// ---------------------------------------------------------------------------------------------
// Responses both ways

export function responsesUsageToIr(u: any): IrUsage {
  if (!u || typeof u !== 'object') return {};
  const out: IrUsage = {};
  if (typeof u.input_tokens === 'number') out.inputTokens = u.input_tokens;
  if (typeof u.output_tokens === 'number') out.outputTokens = u.output_tokens;
  const cached = u.input_tokens_details?.cached_tokens;
  if (typeof cached === 'number' && cached > 0) out.cacheReadTokens = cached;
  const reasoning = u.output_tokens_details?.reasoning_tokens;
  if (typeof reasoning === 'number' && reasoning > 0) out.reasoningTokens = reasoning;
  return out;
}

export function irUsageToResponses(u: IrUsage): Record<string, unknown> {
  const input = u.inputTokens ?? 0;
  const output = u.outputTokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: u.cacheReadTokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: u.reasoningTokens ?? 0 },
    total_tokens: input + output,
  };
}

/** Why a response stopped, from its status and incomplete_details. */
export function responsesStop(status: unknown, incomplete: any, sawTool: boolean): IrStopReason {
  if (status === 'incomplete') return incomplete?.reason === 'content_filter' ? 'refusal' : 'max_tokens';
  return sawTool ? 'tool_use' : 'end_turn';
}

export function parseResponsesResponse(body: unknown): IrResponse | string {
  const b = body as any;
  if (!b || typeof b !== 'object' || !Array.isArray(b.output)) return 'The upstream answer is not a Responses response.';
  if (b.status === 'failed') return String(b.error?.message ?? 'The upstream response failed.');
  const content: IrPart[] = [];
  let sawTool = false;
  for (const it of b.output as Any[]) {
    if (it.type === 'message') {
      let text = '';
      for (const c of Array.isArray(it.content) ? it.content : []) {
        if (c.type === 'output_text') text += c.text ?? '';
        else if (c.type === 'refusal') text += c.refusal ?? '';
      }
      if (text) content.push({ type: 'text', text });
    } else if (it.type === 'reasoning') {
      const full = (Array.isArray(it.content) ? it.content : []).map((c: Any) => c.text ?? '').join('');
      const summary = (Array.isArray(it.summary) ? it.summary : []).map((c: Any) => c.text ?? '').join('\n\n');
      content.push({ type: 'reasoning', text: full || summary, ...(it.encrypted_content ? { signature: it.encrypted_content } : {}), ...(it.id ? { id: it.id } : {}) });
    } else if (it.type === 'function_call') {
      sawTool = true;
      content.push({ type: 'tool_call', id: String(it.call_id ?? it.id), name: String(it.name ?? ''), arguments: it.arguments || '{}' });
    } else if (it.type === 'custom_tool_call') {
      sawTool = true;
      content.push({ type: 'tool_call', id: String(it.call_id ?? it.id), name: String(it.name ?? ''), arguments: JSON.stringify({ input: it.input ?? '' }) });
    }
  }
  return {
    id: typeof b.id === 'string' ? b.id : newId('resp_'),
    model: String(b.model ?? ''),
    content,
    stopReason: responsesStop(b.status, b.incomplete_details, sawTool),
    usage: responsesUsageToIr(b.usage),
  };
}

/** The response object (as created, in progress, or final) with the fields the SDK types require. */
export function responseObject(id: string, clientModel: string, createdAt: number, status: string, output: unknown[], usage: IrUsage | null, extra: Any = {}): Any {
  return {
    id,
    object: 'response',
    created_at: createdAt,
    status,
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    model: clientModel,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: false,
    temperature: null,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: null,
    truncation: 'disabled',
    usage: usage ? irUsageToResponses(usage) : null,
    metadata: {},
    ...extra,
  };
}

export function statusFor(reason: IrStopReason): { status: string; incomplete_details: Any | null } {
  if (reason === 'max_tokens') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (reason === 'refusal') return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

export function responsesId(id: string): string {
  return id.startsWith('resp_') ? id : 'resp_' + id;
}

export function buildResponsesResponse(r: IrResponse, clientModel: string): Record<string, unknown> {
  const id = responsesId(r.id);
  const stem = id.slice(5);
  const output: Any[] = [];
  for (const p of r.content) {
    const n = '_' + output.length;
    if (p.type === 'text') output.push({ id: 'msg_' + stem + n, type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: p.text, annotations: [], logprobs: [] }] });
    else if (p.type === 'reasoning' && !p.redacted)
      output.push({ id: p.id ?? 'rs_' + stem + n, type: 'reasoning', summary: p.text ? [{ type: 'summary_text', text: p.text }] : [], ...(p.signature ? { encrypted_content: p.signature } : {}) });
    else if (p.type === 'tool_call') output.push({ id: 'fc_' + stem + n, type: 'function_call', status: 'completed', call_id: p.id, name: p.name, arguments: p.arguments });
  }
  const { status, incomplete_details } = statusFor(r.stopReason);
  return responseObject(id, clientModel, Math.floor(Date.now() / 1000), status, output, r.usage, { incomplete_details });
}
