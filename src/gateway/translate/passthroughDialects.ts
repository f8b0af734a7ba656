/**
 * What a same-protocol pass-through must know of each protocol's stream, as data: which
 * events carry usage or end the reply, the error event a client of that protocol expects, and
 * whether the reply's model name is put back to the client's. The stream itself (passthrough.ts)
 * is the same for all four.
 */
import type { GatewayProtocol } from '../translator';
import { anthropicUsageToIr } from './anthropic';
import { AnthropicEncoder } from './anthropicStream';
import { geminiUsageToIr } from './geminiResponse';
import { GeminiEncoder } from './geminiStream';
import type { IrUsage } from './ir';
import { chatUsageToIr } from './openaiChat';
import { ChatEncoder } from './openaiChatStream';
import { responsesUsageToIr } from './openaiResponses';
import { ResponsesEncoder } from './openaiResponsesStream';

/** What one event says. Most say nothing, and cost no allocation. */
export interface EventReading {
  readonly usage?: IrUsage;
  /** The reply is over (its last event, or an error event). */
  readonly ends?: boolean;
  /** A Chat chunk that carries only usage: left out for a client that did not ask for it. */
  readonly usageOnly?: boolean;
}

export interface PassthroughDialect {
  /** Reads one whole event; cheap string tests first, JSON.parse only for the few that matter. */
  read(name: string, data: string): EventReading;
  /** The error event that ends a client's stream cut short (it follows whole events only). */
  error(clientModel: string, message: string): string;
  /** The first `"model":"…"` is the reply's model and is changed back to the client's (Gemini's modelVersion is left as the upstream says). */
  readonly renamesModel: boolean;
}

const NOTHING: EventReading = {};
const ENDS: EventReading = { ends: true };

function parse(data: string): any {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

/** An ending event counts only whole: a cut that leaves `{"type":"message_st` ends nothing. */
const endsIfJson = (data: string): EventReading => (parse(data) === undefined ? NOTHING : ENDS);

const anthropic: PassthroughDialect = {
  read(name, data) {
    if (name === 'message_start' || name === 'message_delta' || (!name && data.includes('"usage"'))) {
      const e = parse(data);
      const u = e?.type === 'message_start' ? e.message?.usage : e?.usage;
      if (!u) return NOTHING;
      const usage = anthropicUsageToIr(u);
      if (e.type === 'message_delta' && typeof u.input_tokens !== 'number') delete usage.inputTokens;
      return { usage };
    }
    return name === 'message_stop' || name === 'error' ? endsIfJson(data) : NOTHING;
  },
  error: (model, message) => new AnthropicEncoder(model).fail(message, 502),
  renamesModel: true,
};

const chat: PassthroughDialect = {
  read(_name, data) {
    if (data.startsWith('[DONE]')) return ENDS;
    if (data.includes('"usage"')) {
      const c = parse(data);
      if (!c?.usage || typeof c.usage !== 'object') return NOTHING;
      return { usage: chatUsageToIr(c.usage), usageOnly: Array.isArray(c.choices) && c.choices.length === 0 };
    }
    return data.startsWith('{"error"') ? endsIfJson(data) : NOTHING;
  },
  error: (model, message) => new ChatEncoder(model).fail(message, 502),
  renamesModel: true,
};

/** For upstreams that leave out `event:` lines: the type is the first key in practice. */
function isFinalResponsesEvent(data: string): boolean {
  return data.startsWith('{"type":"response.completed"') || data.startsWith('{"type":"response.incomplete"') || data.startsWith('{"type":"response.failed"') || data.startsWith('{"type":"error"');
}

const responses: PassthroughDialect = {
  read(name, data) {
    if (!(name === 'response.completed' || name === 'response.incomplete' || name === 'response.failed' || name === 'error' || (!name && isFinalResponsesEvent(data)))) return NOTHING;
    const e = parse(data);
    if (!e || typeof e !== 'object') return NOTHING;
    const ends = e.type !== undefined;
    if (e.response?.usage) return { usage: responsesUsageToIr(e.response.usage), ends };
    return ends ? ENDS : NOTHING;
  },
  error: (model, message) => new ResponsesEncoder(model).fail(message),
  renamesModel: true,
};

/** Gemini: no event names and no end marker; the chunk with a finishReason (or an error, or a blocked prompt) ends the reply. */
const gemini: PassthroughDialect = {
  read(_name, data) {
    const hasUsage = data.includes('"usageMetadata"');
    if (!hasUsage && !data.includes('"finishReason"') && !data.includes('"error"') && !data.includes('"blockReason"')) return NOTHING;
    const c = parse(data);
    if (!c || typeof c !== 'object') return NOTHING;
    const ends = Boolean(c.error || c.candidates?.[0]?.finishReason || (!c.candidates && c.promptFeedback?.blockReason));
    if (c.usageMetadata) return { usage: geminiUsageToIr(c.usageMetadata), ends };
    return ends ? ENDS : NOTHING;
  },
  error: (model, message) => new GeminiEncoder(model).fail(message, 502),
  renamesModel: false,
};

export const passthroughDialects: Record<GatewayProtocol, PassthroughDialect> = {
  'anthropic-messages': anthropic,
  'openai-chat': chat,
  'openai-responses': responses,
  gemini,
};
