/**
 * IR → a Gemini generateContent body, for Gemini upstreams. It never writes `model` or
 * `stream`: the upstream URL carries both (upstream.ts).
 */
import type { IrImageSource, IrMessage, IrReasoningConfig, IrRequest } from './ir';
import { parseArguments, toolResultText } from './ir';

type Any = { [k: string]: any };

/**
 * Documented by Google (ai.google.dev/gemini-api/docs/thought-signatures) for function calls a
 * Gemini model did not make (history from another model). The codecs carry no Gemini
 * signature through other protocols, so every translated history gets this one.
 */
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
