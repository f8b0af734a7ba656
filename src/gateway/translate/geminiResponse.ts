/**
 * Gemini GenerateContentResponse ↔ IR (whole answers), usage, finish reasons and error bodies.
 * Only the first candidate counts: the gateway never asks for more.
 */
import type { IrPart, IrResponse, IrStopReason, IrUsage } from './ir';
import { newId, parseArguments } from './ir';

type Any = { [k: string]: any };

export function fromGeminiFinish(reason: unknown): IrStopReason {
  switch (reason) {
    case 'MAX_TOKENS':
      return 'max_tokens';
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'IMAGE_SAFETY':
    case 'IMAGE_PROHIBITED_CONTENT':
    case 'LANGUAGE':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

export function toGeminiFinish(reason: IrStopReason): string {
  switch (reason) {
    case 'max_tokens':
      return 'MAX_TOKENS';
    case 'refusal':
      return 'SAFETY';
    default:
      return 'STOP';
  }
}

/** Gemini counts thoughts apart from candidates; the IR's output includes them, as OpenAI's does. */
export function geminiUsageToIr(u: unknown): IrUsage {
  if (!u || typeof u !== 'object') return {};
  const m = u as Any;
  const out: IrUsage = {};
  const thoughts = typeof m.thoughtsTokenCount === 'number' ? m.thoughtsTokenCount : 0;
  if (typeof m.promptTokenCount === 'number') out.inputTokens = m.promptTokenCount + (typeof m.toolUsePromptTokenCount === 'number' ? m.toolUsePromptTokenCount : 0);
  if (typeof m.candidatesTokenCount === 'number' || thoughts > 0) out.outputTokens = (typeof m.candidatesTokenCount === 'number' ? m.candidatesTokenCount : 0) + thoughts;
  if (typeof m.cachedContentTokenCount === 'number' && m.cachedContentTokenCount > 0) out.cacheReadTokens = m.cachedContentTokenCount;
  if (thoughts > 0) out.reasoningTokens = thoughts;
  return out;
}

export function irUsageToGemini(u: IrUsage): Record<string, number> {
  const prompt = u.inputTokens ?? 0;
  const output = u.outputTokens ?? 0;
  const thoughts = Math.min(u.reasoningTokens ?? 0, output);
  const out: Record<string, number> = { promptTokenCount: prompt, candidatesTokenCount: output - thoughts, totalTokenCount: prompt + output };
  if (thoughts > 0) out.thoughtsTokenCount = thoughts;
  if (u.cacheReadTokens) out.cachedContentTokenCount = u.cacheReadTokens;
  return out;
}

/** One Gemini part as IR (text, thought, call); undefined for what the IR has no place for. */
export function geminiPartToIr(p: Any, callId: () => string): IrPart | undefined {
  if (!p || typeof p !== 'object') return undefined;
  if (p.functionCall && typeof p.functionCall === 'object') {
    const fc = p.functionCall;
    return { type: 'tool_call', id: typeof fc.id === 'string' && fc.id ? fc.id : callId(), name: String(fc.name ?? ''), arguments: JSON.stringify(fc.args && typeof fc.args === 'object' ? fc.args : {}) };
  }
  if (typeof p.text === 'string') return p.thought ? { type: 'reasoning', text: p.text } : { type: 'text', text: p.text };
  return undefined;
}

/** Why a response has no candidate: Gemini blocks the prompt itself this way. */
function blockedPrompt(b: Any): boolean {
  return !Array.isArray(b.candidates) || b.candidates.length === 0 ? Boolean(b.promptFeedback?.blockReason) : false;
}

export function parseGeminiResponse(body: unknown): IrResponse | string {
  const b = body as Any;
  if (!b || typeof b !== 'object' || Array.isArray(b)) return 'The upstream answer is not a Gemini response.';
  const id = typeof b.responseId === 'string' && b.responseId ? b.responseId : newId('resp_');
  const model = String(b.modelVersion ?? '');
  const usage = geminiUsageToIr(b.usageMetadata);
  if (blockedPrompt(b)) return { id, model, content: [], stopReason: 'refusal', usage };
  const cand = Array.isArray(b.candidates) ? b.candidates[0] : undefined;
  if (!cand || typeof cand !== 'object') return 'The upstream answer is not a Gemini response (no candidates).';
  const content: IrPart[] = [];
  let n = 0;
  for (const p of Array.isArray(cand.content?.parts) ? cand.content.parts : []) {
    const part = geminiPartToIr(p, () => `call_${id}_${n++}`);
    if (!part) continue;
    const last = content[content.length - 1];
    // Gemini may split one text into several parts; the IR keeps one block per kind run.
    if (last && part.type !== 'tool_call' && last.type === part.type) content[content.length - 1] = { ...last, text: (last as { text: string }).text + (part as { text: string }).text } as IrPart;
    else content.push(part);
  }
  let stopReason = fromGeminiFinish(cand.finishReason);
  if (stopReason === 'end_turn' && content.some((p) => p.type === 'tool_call')) stopReason = 'tool_use';
  return { id, model, content, stopReason, usage };
}

export function buildGeminiResponse(r: IrResponse, clientModel: string): Record<string, unknown> {
  const parts: Any[] = [];
  for (const p of r.content) {
    if (p.type === 'text') parts.push({ text: p.text });
    else if (p.type === 'reasoning' && !p.redacted && p.text) parts.push({ text: p.text, thought: true });
    else if (p.type === 'tool_call') parts.push({ functionCall: { id: p.id, name: p.name, args: parseArguments(p.arguments) } });
  }
  return {
    candidates: [{ content: { role: 'model', parts }, finishReason: toGeminiFinish(r.stopReason), index: 0 }],
    usageMetadata: irUsageToGemini(r.usage),
    modelVersion: clientModel,
    responseId: r.id,
  };
}

const statusNames: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'INVALID_ARGUMENT',
  409: 'ABORTED',
  413: 'INVALID_ARGUMENT',
  415: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

export function geminiErrorBody(status: number, message: string): Record<string, unknown> {
  return { error: { code: status, message, status: statusNames[status] ?? (status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION') } };
}
