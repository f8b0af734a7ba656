/**
 * Gemini API (generateContent) client requests → IR. A Gemini body names neither its model nor
 * whether it streams (both are in the URL): the server adds `model` and `stream` to the parsed
 * body before translation (geminiCallFields in ../geminiPaths.ts). Requests the other way are
 * built in geminiBuild.ts, responses and errors in geminiResponse.ts, streams in geminiStream.ts.
 */
import type { IrImageSource, IrMessage, IrPart, IrReasoningConfig, IrRequest, IrTool, IrToolChoice, IrToolResultPart } from './ir';
import { toolResultText } from './ir';
import { pushMessage } from './openaiChat';
import { camelize, jsonSchemaOf, requestSchema } from './geminiSchema';
import { parseWith, type Parsed } from './validate';

type Any = { [k: string]: any };

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
