/**
 * Gemini API (generateContent) requests ↔ IR. A Gemini body names neither its model nor whether
 * it streams (both are in the URL): the server adds `model` and `stream` to the parsed body
 * before translation (geminiCallFields in ../geminiPaths.ts), and the builder never writes them.
 * Responses, usage and errors live in geminiResponse.ts; streaming in geminiStream.ts.
 */
import * as z from 'zod';
import type { IrImageSource, IrMessage, IrPart, IrReasoningConfig, IrRequest, IrTool, IrToolChoice, IrToolResultPart } from './ir';
import { parseArguments, toolResultText } from './ir';
import { pushMessage } from './openaiChat';
import { jsonObject, optBool, optNum, optStr, parseWith, type Parsed } from './validate';

// ---------------------------------------------------------------------------------------------
// Request schema (loose: unknown fields and part kinds pass and are skipped)

const blob = z.looseObject({ mimeType: optStr, data: z.string() });
const fileData = z.looseObject({ fileUri: z.string(), mimeType: optStr });
const media = z.looseObject({ inlineData: blob.nullish(), fileData: fileData.nullish() });
const part = z.looseObject({
  text: optStr,
  thought: optBool,
  inlineData: blob.nullish(),
  fileData: fileData.nullish(),
  functionCall: z.looseObject({ id: optStr, name: z.string(), args: jsonObject.nullish() }).nullish(),
  functionResponse: z.looseObject({ id: optStr, name: z.string(), response: jsonObject.nullish(), parts: z.array(media).nullish() }).nullish(),
});
const content = z.looseObject({ role: optStr, parts: z.array(part).nullish() });
const declaration = z.looseObject({ name: z.string(), description: optStr, parameters: jsonObject.nullish(), parametersJsonSchema: z.unknown() });
const requestSchema = z.looseObject({
  model: optStr,
  stream: optBool,
  contents: z.array(content),
  systemInstruction: z.union([z.string(), content]).nullish(),
  tools: z.array(z.looseObject({ functionDeclarations: z.array(declaration).nullish() })).nullish(),
  toolConfig: z.looseObject({ functionCallingConfig: z.looseObject({ mode: optStr, allowedFunctionNames: z.array(z.string()).nullish() }).nullish() }).nullish(),
  generationConfig: z
    .looseObject({
      temperature: optNum,
      topP: optNum,
      topK: optNum,
      maxOutputTokens: optNum,
      stopSequences: z.array(z.string()).nullish(),
      presencePenalty: optNum,
      frequencyPenalty: optNum,
      responseMimeType: optStr,
      thinkingConfig: z.looseObject({ includeThoughts: optBool, thinkingBudget: optNum, thinkingLevel: optStr }).nullish(),
    })
    .nullish(),
});

type Any = { [k: string]: any };

/**
 * The REST API takes proto field names in snake_case too (curl examples use them). Known
 * field names are camel-cased; the values that are the client's own data (arguments, tool
 * results, schemas) are left exactly as they are.
 */
const snake = new Set([
  'system_instruction', 'generation_config', 'tool_config', 'function_calling_config', 'allowed_function_names', 'function_declarations',
  'inline_data', 'file_data', 'mime_type', 'file_uri', 'function_call', 'function_response', 'thought_signature', 'max_output_tokens',
  'top_p', 'top_k', 'stop_sequences', 'presence_penalty', 'frequency_penalty', 'response_mime_type', 'response_schema',
  'response_json_schema', 'thinking_config', 'thinking_budget', 'include_thoughts', 'thinking_level', 'parameters_json_schema',
]);
const opaque = new Set(['args', 'response', 'parameters', 'parametersJsonSchema', 'responseSchema', 'responseJsonSchema']);

function camelize(value: unknown, depth = 0): unknown {
  if (depth > 12 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => camelize(v, depth + 1));
  const out: Any = {};
  for (const [k, v] of Object.entries(value)) {
    const key = snake.has(k) ? k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) : k;
    out[key] = opaque.has(key) ? v : camelize(v, depth + 1);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Client request → IR

/** Gemini CLI prefixes call ids with `<name>__`; without it the id is the one the upstream gave. */
function bareId(id: string | null | undefined, name: string): string | undefined {
  if (!id) return undefined;
  return id.startsWith(name + '__') && id.length > name.length + 2 ? id.slice(name.length + 2) : id;
}

function mediaSource(p: Any): { source: IrImageSource; mediaType: string } | undefined {
  if (p.inlineData) {
    const mediaType = p.inlineData.mimeType || 'application/octet-stream';
    return { source: { kind: 'base64', mediaType, data: p.inlineData.data }, mediaType };
  }
  if (p.fileData) return { source: { kind: 'url', url: p.fileData.fileUri }, mediaType: p.fileData.mimeType || '' };
  return undefined;
}

function mediaPart(p: Any): IrPart | undefined {
  const m = mediaSource(p);
  if (!m) return undefined;
  return m.mediaType.startsWith('image/') || (!m.mediaType && m.source.kind === 'url') ? { type: 'image', source: m.source } : { type: 'file', source: m.source };
}

/** A functionResponse's result: `output` / `error` text as Gemini CLI sends it, else the JSON. */
function resultOf(fr: Any): Pick<IrToolResultPart, 'content' | 'isError'> {
  const r: Any = fr.response ?? {};
  const keys = Object.keys(r);
  let text: string;
  let isError = false;
  if (keys.length === 1 && typeof r.output === 'string') text = r.output;
  else if (keys.length === 1 && typeof r.error === 'string') {
    text = r.error;
    isError = true;
  } else text = keys.length === 0 ? '' : JSON.stringify(r);
  const images: IrPart[] = [];
  for (const m of (fr.parts ?? []) as Any[]) {
    const p = mediaPart(m);
    if (p?.type === 'image') images.push(p);
  }
  const content = images.length ? [...(text ? [{ type: 'text' as const, text }] : []), ...(images as Extract<IrPart, { type: 'image' }>[])] : text;
  return isError ? { content, isError } : { content };
}

/**
 * Tool call ids: calls without one get an id from their position (stable across the requests
 * of a conversation, as history only grows); a functionResponse takes its call's id by id,
 * else by name, else by order among the last model turn's unanswered calls. A response that
 * answers no call becomes text, as no upstream takes a result without its call.
 */
class CallLedger {
  private pending: { id: string; name: string }[] = [];

  call(fc: Any, contentIndex: number, partIndex: number): string {
    const id = bareId(fc.id, fc.name) ?? `call_g${contentIndex}_${partIndex}`;
    this.pending.push({ id, name: fc.name });
    return id;
  }

  newModelTurn(): void {
    this.pending = [];
  }

  answer(fr: Any): string | undefined {
    const id = bareId(fr.id, fr.name);
    let i = id === undefined ? -1 : this.pending.findIndex((p) => p.id === id);
    if (i < 0) i = this.pending.findIndex((p) => p.name === fr.name);
    if (i < 0 && this.pending.length > 0) i = 0;
    if (i < 0) return undefined;
    return this.pending.splice(i, 1)[0].id;
  }
}

function textOfContent(c: unknown): string {
  if (typeof c === 'string') return c;
  const parts = (c as Any | null | undefined)?.parts;
  if (!Array.isArray(parts)) return '';
  return parts
    .filter((p: Any) => typeof p.text === 'string' && !p.thought)
    .map((p: Any) => p.text)
    .join('\n');
}

/** Gemini's OpenAPI-style `parameters` (type "OBJECT", nullable) as JSON Schema. */
export function jsonSchemaOf(s: unknown, depth = 0): unknown {
  if (depth > 32 || s === null || typeof s !== 'object') return s;
  if (Array.isArray(s)) return s.map((v) => jsonSchemaOf(v, depth + 1));
  const src = s as Any;
  const out: Any = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === 'nullable' || k === 'propertyOrdering') continue;
    if (k === 'type') {
      if (typeof v === 'string' && v !== 'TYPE_UNSPECIFIED') out.type = v.toLowerCase();
    } else if (k === 'properties' && v && typeof v === 'object') {
      out.properties = Object.fromEntries(Object.entries(v).map(([name, p]) => [name, jsonSchemaOf(p, depth + 1)]));
    } else if (k === 'items' || k === 'anyOf' || k === 'oneOf' || k === 'allOf') out[k] = jsonSchemaOf(v, depth + 1);
    else if (/^(min|max)(Items|Length|Properties)$/.test(k) && typeof v === 'string' && /^\d+$/.test(v)) out[k] = Number(v);
    else out[k] = v;
  }
  if (src.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

function toolsOf(r: Any): IrTool[] {
  const tools: IrTool[] = [];
  for (const t of (r.tools ?? []) as Any[]) {
    // googleSearch, codeExecution, urlContext … are Google's own tools: nothing to translate.
    for (const d of (t.functionDeclarations ?? []) as Any[]) {
      const schema = d.parametersJsonSchema && typeof d.parametersJsonSchema === 'object' ? d.parametersJsonSchema : d.parameters ? jsonSchemaOf(d.parameters) : { type: 'object', properties: {} };
      tools.push({ name: d.name, description: d.description ?? undefined, parameters: schema as Record<string, unknown> });
    }
  }
  return tools;
}

function toolChoiceOf(r: Any): IrToolChoice | undefined {
  const cfg = r.toolConfig?.functionCallingConfig;
  switch (cfg?.mode) {
    case 'AUTO':
      return { type: 'auto' };
    case 'NONE':
      return { type: 'none' };
    case 'ANY':
    case 'VALIDATED': {
      const names: string[] = cfg.allowedFunctionNames ?? [];
      return names.length === 1 ? { type: 'tool', name: names[0] } : { type: 'required' };
    }
    default:
      return undefined;
  }
}

/**
 * A budget means Anthropic-style thinking, a level an effort; includeThoughts alone asks for
 * nothing. Anthropic wants the budget at least 1024 and below max_tokens.
 */
function reasoningOf(th: Any | null | undefined, maxTokens: number | undefined): IrReasoningConfig | undefined {
  if (!th) return undefined;
  const level = typeof th.thinkingLevel === 'string' ? th.thinkingLevel.toLowerCase() : undefined;
  if (level && level !== 'thinking_level_unspecified') return { effort: level };
  const budget = th.thinkingBudget;
  if (typeof budget !== 'number') return undefined;
  if (budget === 0) return { thinking: { type: 'disabled' } };
  if (budget < 0) return { thinking: { type: 'adaptive' } };
  let budgetTokens = Math.max(1024, Math.round(budget));
  if (maxTokens !== undefined && budgetTokens >= maxTokens) budgetTokens = maxTokens - 1;
  return budgetTokens >= 1024 ? { thinking: { type: 'enabled', budgetTokens } } : { thinking: { type: 'disabled' } };
}

/** JSON mode has no IR field: the instruction goes into the system prompt, which every upstream reads. */
function jsonModeInstruction(cfg: Any | null | undefined): string | undefined {
  if (!cfg) return undefined;
  const schema = cfg.responseJsonSchema ?? cfg.responseSchema;
  if (cfg.responseMimeType !== 'application/json' && !schema) return undefined;
  const shape = schema ? ` matching this JSON schema: ${JSON.stringify(cfg.responseJsonSchema ?? jsonSchemaOf(schema))}` : '';
  return `Answer with a single JSON value${shape}. Write only the JSON, with no code fence and no other text.`;
}

export function parseGeminiRequest(body: unknown): Parsed<IrRequest> {
  const parsed = parseWith(requestSchema, camelize(body));
  if (!parsed.ok) return parsed;
  const r = parsed.value as Any;
  const system: string[] = [];
  const sys = textOfContent(r.systemInstruction);
  if (sys) system.push(sys);
  const json = jsonModeInstruction(r.generationConfig);
  if (json) system.push(json);

  const messages: IrMessage[] = [];
  const ledger = new CallLedger();
  (r.contents as Any[]).forEach((c, ci) => {
    const role = c.role === 'model' ? 'assistant' : 'user';
    if (role === 'assistant') ledger.newModelTurn();
    const parts: IrPart[] = [];
    const results: IrPart[] = [];
    ((c.parts ?? []) as Any[]).forEach((p, pi) => {
      if (p.functionCall) {
        if (role === 'assistant') parts.push({ type: 'tool_call', id: ledger.call(p.functionCall, ci, pi), name: p.functionCall.name, arguments: JSON.stringify(p.functionCall.args ?? {}) });
        return;
      }
      if (p.functionResponse) {
        const fr = p.functionResponse;
        const id = ledger.answer(fr);
        const result = resultOf(fr);
        if (id !== undefined) results.push({ type: 'tool_result', id, ...result });
        else parts.push({ type: 'text', text: `Result of ${fr.name}: ${toolResultText(result.content)}` });
        return;
      }
      if (typeof p.text === 'string') {
        if (p.thought) {
          if (role === 'assistant' && p.text) parts.push({ type: 'reasoning', text: p.text });
        } else if (p.text) parts.push({ type: 'text', text: p.text });
        return;
      }
      const m = mediaPart(p);
      if (m) parts.push(m);
    });
    // Results lead their turn, as every other format wants them right after the calls.
    pushMessage(messages, role, [...results, ...parts]);
  });

  const tools = toolsOf(r);
  const g: Any = r.generationConfig ?? {};
  return {
    ok: true,
    value: {
      model: r.model ?? '',
      system,
      messages,
      tools: tools.length > 0 ? tools : undefined,
      toolChoice: toolChoiceOf(r),
      stream: r.stream === true,
      maxTokens: g.maxOutputTokens ?? undefined,
      temperature: g.temperature ?? undefined,
      topP: g.topP ?? undefined,
      topK: g.topK ?? undefined,
      presencePenalty: g.presencePenalty ?? undefined,
      frequencyPenalty: g.frequencyPenalty ?? undefined,
      stop: g.stopSequences?.length ? g.stopSequences : undefined,
      reasoning: reasoningOf(g.thinkingConfig, g.maxOutputTokens ?? undefined),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// IR → upstream request

/** Documented by Google for function calls a Gemini model did not make (history from another model). */
export const SKIP_SIGNATURE = 'skip_thought_signature_validator';

const extensionTypes: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', pdf: 'application/pdf' };

function mediaToGemini(source: IrImageSource, fallbackType: string): Any {
  if (source.kind === 'base64') return { inlineData: { mimeType: source.mediaType, data: source.data } };
  if (source.url.startsWith('data:')) {
    const comma = source.url.indexOf(',');
    const meta = source.url.slice(5, comma);
    return { inlineData: { mimeType: meta.replace(/;base64$/, '') || fallbackType, data: source.url.slice(comma + 1) } };
  }
  const ext = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(source.url)?.[1]?.toLowerCase();
  return { fileData: { fileUri: source.url, mimeType: (ext && extensionTypes[ext]) || fallbackType } };
}

function partsToGemini(m: IrMessage, names: Map<string, string>): Any[] {
  const out: Any[] = [];
  let signed = false;
  for (const p of m.content) {
    switch (p.type) {
      case 'text':
        if (p.text) out.push({ text: p.text });
        break;
      case 'image':
        out.push(mediaToGemini(p.source, 'image/jpeg'));
        break;
      case 'file':
        out.push(mediaToGemini(p.source, 'application/pdf'));
        break;
      case 'tool_call': {
        if (m.role !== 'assistant') break;
        names.set(p.id, p.name);
        const call: Any = { functionCall: { id: p.id, name: p.name, args: parseArguments(p.arguments) } };
        // Gemini 3 wants the first call of a turn signed; a call it did not sign gets the bypass.
        if (!signed) call.thoughtSignature = SKIP_SIGNATURE;
        signed = true;
        out.push(call);
        break;
      }
      case 'tool_result': {
        const text = toolResultText(p.content);
        const response = p.isError ? { error: text || 'Error' } : { output: text };
        out.push({ functionResponse: { id: p.id, name: names.get(p.id) ?? 'tool', response } });
        if (typeof p.content !== 'string') for (const c of p.content) if (c.type === 'image') out.push(mediaToGemini(c.source, 'image/jpeg'));
        break;
      }
      case 'reasoning':
        break; // another model's reasoning (or unsigned text) means nothing to Gemini
    }
  }
  return out;
}

const levels = new Set(['minimal', 'low', 'medium', 'high']);

function thinkingConfigOf(reasoning: IrReasoningConfig | undefined): Any | undefined {
  if (!reasoning) return undefined;
  const effort = reasoning.effort;
  if (effort === 'none') return { thinkingBudget: 0 };
  if (effort) return { thinkingLevel: levels.has(effort) ? effort.toUpperCase() : 'HIGH', includeThoughts: true };
  const th = reasoning.thinking;
  if (th?.type === 'enabled') return { thinkingBudget: th.budgetTokens, includeThoughts: true };
  if (th?.type === 'adaptive') return { thinkingBudget: -1, includeThoughts: true };
  if (th?.type === 'disabled') return { thinkingBudget: 0 };
  return undefined;
}

export function buildGeminiRequest(ir: IrRequest): Record<string, unknown> {
  const names = new Map<string, string>();
  const contents: Any[] = [];
  for (const m of ir.messages) {
    const parts = partsToGemini(m, names);
    if (parts.length === 0) continue;
    const role = m.role === 'assistant' ? 'model' : 'user';
    const last = contents[contents.length - 1];
    if (last && last.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  }
  const body: Record<string, unknown> = { contents };
  if (ir.system.length > 0) body.systemInstruction = { parts: [{ text: ir.system.join('\n\n') }] };
  if (ir.tools && ir.tools.length > 0) {
    body.tools = [{ functionDeclarations: ir.tools.map((t) => ({ name: t.name, ...(t.description ? { description: t.description } : {}), parametersJsonSchema: t.parameters })) }];
    const tc = ir.toolChoice;
    if (tc) {
      const mode = tc.type === 'none' ? 'NONE' : tc.type === 'auto' ? 'AUTO' : 'ANY';
      body.toolConfig = { functionCallingConfig: { mode, ...(tc.type === 'tool' ? { allowedFunctionNames: [tc.name] } : {}) } };
    }
  }
  const g: Any = {};
  if (ir.maxTokens !== undefined) g.maxOutputTokens = ir.maxTokens;
  if (ir.temperature !== undefined) g.temperature = ir.temperature;
  if (ir.topP !== undefined) g.topP = ir.topP;
  if (ir.topK !== undefined) g.topK = ir.topK;
  if (ir.presencePenalty !== undefined) g.presencePenalty = ir.presencePenalty;
  if (ir.frequencyPenalty !== undefined) g.frequencyPenalty = ir.frequencyPenalty;
  if (ir.stop && ir.stop.length > 0) g.stopSequences = ir.stop.slice(0, 5);
  const thinking = thinkingConfigOf(ir.reasoning);
  if (thinking) g.thinkingConfig = thinking;
  if (Object.keys(g).length > 0) body.generationConfig = g;
  return body;
}
