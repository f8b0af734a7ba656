/**
 * A Bedrock Converse answer → IR: the whole response, and the stop reasons and usage that
 * the stream decoder (converseStream.ts) shares. Converse gives no message id, so one is made.
 */
import * as z from 'zod';
import type { IrPart, IrResponse, IrStopReason, IrUsage } from './ir';
import { newId } from './ir';

type Any = { [k: string]: any };

export function fromConverseStop(reason: unknown): IrStopReason {
  switch (reason) {
    case 'tool_use':
      return 'tool_use';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'max_tokens';
    case 'stop_sequence':
      return 'stop_sequence';
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

/** Converse's inputTokens leaves out the cached part, as Anthropic's does; the IR's counts all the model read. */
export function converseUsageToIr(u: unknown): IrUsage {
  if (!u || typeof u !== 'object') return {};
  const m = u as Any;
  const out: IrUsage = {};
  const read = typeof m.cacheReadInputTokens === 'number' ? m.cacheReadInputTokens : 0;
  const write = typeof m.cacheWriteInputTokens === 'number' ? m.cacheWriteInputTokens : 0;
  if (typeof m.inputTokens === 'number') out.inputTokens = m.inputTokens + read + write;
  if (typeof m.outputTokens === 'number') out.outputTokens = m.outputTokens;
  if (read) out.cacheReadTokens = read;
  if (write) out.cacheWriteTokens = write;
  return out;
}

/** One content block as IR; undefined for what the IR has no place for (citations, guard content). */
export function converseBlockToIr(b: Any): IrPart | undefined {
  if (!b || typeof b !== 'object') return undefined;
  if (typeof b.text === 'string') return { type: 'text', text: b.text };
  if (b.toolUse && typeof b.toolUse === 'object') {
    const t = b.toolUse;
    const input = t.input && typeof t.input === 'object' && !Array.isArray(t.input) ? t.input : {};
    return { type: 'tool_call', id: String(t.toolUseId ?? newId('tooluse_')), name: String(t.name ?? ''), arguments: JSON.stringify(input) };
  }
  const r = b.reasoningContent;
  if (r && typeof r === 'object') {
    if (typeof r.redactedContent === 'string') return { type: 'reasoning', text: '', signature: r.redactedContent, redacted: true };
    const t = r.reasoningText;
    if (t && typeof t.text === 'string') return { type: 'reasoning', text: t.text, ...(typeof t.signature === 'string' && t.signature ? { signature: t.signature } : {}) };
  }
  return undefined;
}

const converseResponse = z.looseObject({
  output: z.looseObject({ message: z.looseObject({ content: z.array(z.unknown()) }) }),
  stopReason: z.string().optional(),
  usage: z.unknown().optional(),
});

export function parseConverseResponse(body: unknown): IrResponse | string {
  const parsed = converseResponse.safeParse(body);
  if (!parsed.success) return 'The upstream answer is not a Bedrock Converse response.';
  const b = parsed.data;
  const content: IrPart[] = [];
  for (const raw of b.output.message.content) {
    const part = converseBlockToIr(raw as Any);
    if (part) content.push(part);
  }
  let stopReason = fromConverseStop(b.stopReason);
  if (stopReason === 'end_turn' && content.some((p) => p.type === 'tool_call')) stopReason = 'tool_use';
  return { id: newId('msg_'), model: '', content, stopReason, usage: converseUsageToIr(b.usage) };
}
