/**
 * Client and upstream speak the same protocol: the body is copied shallowly with the model
 * swapped and the settings applied, and the stream goes through in whole lines, unparsed but
 * for the few events that carry usage, with the client's model name put back in place of the
 * upstream's. Only a chat client that did not ask for the usage chunk has it taken out again
 * (the gateway asks for it to count tokens).
 */
import type { GatewayProtocol, ModelSettings, RequestTranslation, StreamContext, StreamTranslator, TokenUsage } from '../translator';
import { dropThinkingIfUnsigned } from './anthropic';
import { AnthropicEncoder } from './anthropicStream';
import type { IrUsage } from './ir';
import { mergeUsage } from './ir';
import { anthropicUsageToIr } from './anthropic';
import { chatUsageToIr } from './openaiChat';
import { ChatEncoder } from './openaiChatStream';
import { responsesUsageToIr } from './openaiResponses';
import { ResponsesEncoder } from './openaiResponsesStream';
import { ENDED_EARLY } from './pipeline';
import { applySettings } from './settings';
import { SseParser } from './sse';

const required: Record<GatewayProtocol, string> = {
  'anthropic-messages': 'messages',
  'openai-chat': 'messages',
  'openai-responses': 'input',
  gemini: 'contents',
};

export function passthroughRequest(protocol: GatewayProtocol, body: unknown, settings: ModelSettings): RequestTranslation {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, status: 400, message: 'The request body must be a JSON object.' };
  const src = body as Record<string, unknown>;
  if (typeof src.model !== 'string') return { ok: false, status: 400, message: 'model: Invalid input: expected string' };
  const list = src[required[protocol]];
  if (protocol !== 'openai-responses' ? !Array.isArray(list) : list !== undefined && typeof list !== 'string' && !Array.isArray(list)) {
    return { ok: false, status: 400, message: `${required[protocol]}: Invalid input: expected ${protocol === 'openai-responses' ? 'string or array' : 'array'}` };
  }
  const out = applySettings(protocol, { ...src }, settings);
  const stream = out.stream === true;
  let streamContext: StreamContext | undefined;
  if (protocol === 'openai-chat' && stream) {
    const options = (src.stream_options && typeof src.stream_options === 'object' ? src.stream_options : {}) as Record<string, unknown>;
    streamContext = { includeUsage: options.include_usage === true };
    if (options.include_usage !== true) out.stream_options = { ...options, include_usage: true };
  }
  if (protocol === 'anthropic-messages' && Array.isArray(out.messages)) dropThinkingIfUnsigned(out);
  return { ok: true, body: out, stream, clientModel: src.model, ...(streamContext ? { streamContext } : {}) };
}

export class PassthroughStream implements StreamTranslator {
  private readonly parser: SseParser;
  private readonly total: IrUsage = {};
  private sawUsage = false;
  private complete = false;
  private errored = false;

  /** The client's stream ended in an error event. */
  failed(): boolean {
    return this.errored;
  }
  /** Rebuilt output, when usage-only chat chunks must be dropped; else the chunk goes as is. */
  private rebuilt: string | undefined;
  /** The part of the last chunk after its last line end. */
  private held = '';
  /** The upstream's `"model":"…"` as it appears in the stream ('' when there is nothing to rename). */
  private needle: string | undefined;
  private replacement = '';

  constructor(
    private readonly protocol: GatewayProtocol,
    private readonly clientModel: string,
    private readonly stripUsage = false,
  ) {
    this.parser = new SseParser((name, data) => this.event(name, data));
  }

  write(chunk: string): string {
    if (this.stripUsage) {
      this.rebuilt = '';
      this.parser.write(chunk);
      const out = this.rebuilt;
      this.rebuilt = '';
      return this.renamed(out);
    }
    this.parser.write(chunk);
    // Whole lines only, so an error event can always follow cleanly and the model name is whole.
    const end = Math.max(chunk.lastIndexOf('\n'), chunk.lastIndexOf('\r'));
    if (end === -1) {
      this.held += chunk;
      return '';
    }
    const out = this.held + chunk.slice(0, end + 1);
    this.held = chunk.slice(end + 1);
    return this.renamed(out);
  }

  /**
   * The client's model name in place of the upstream's. The first `"model":"…"` of every
   * protocol's stream is the reply's model (message_start, the first chunk, response.created);
   * after that it is one plain string replacement per chunk.
   */
  private renamed(out: string): string {
    if (this.needle === undefined) {
      const at = out.indexOf('"model":');
      if (at === -1) return out;
      let v = at + 8;
      while (out.charCodeAt(v) === 32) v++;
      const close = out.charCodeAt(v) === 34 ? out.indexOf('"', v + 1) : -1;
      if (close === -1) {
        this.needle = '';
        return out;
      }
      this.needle = out.slice(at, close + 1);
      this.replacement = '"model":' + JSON.stringify(this.clientModel);
      if (this.needle === this.replacement) this.needle = '';
    }
    return this.needle ? out.replaceAll(this.needle, this.replacement) : out;
  }

  end(): string {
    const out = this.complete || this.errored ? this.takeHeld() : this.fail(ENDED_EARLY);
    this.parser.end();
    return out;
  }

  fail(message: string): string {
    if (this.complete || this.errored) return '';
    this.errored = true;
    // Close an event whose lines already went out, and drop a half line, before the error.
    const close = !this.stripUsage && this.parser.midEvent ? '\n' : '';
    this.held = '';
    switch (this.protocol) {
      case 'anthropic-messages':
        return close + new AnthropicEncoder(this.clientModel).fail(message, 502);
      case 'openai-chat':
        return close + new ChatEncoder(this.clientModel).fail(message, 502);
      default:
        return close + new ResponsesEncoder(this.clientModel).fail(message);
    }
  }

  /** Whatever followed the last line end of a finished stream (normally nothing). */
  private takeHeld(): string {
    const held = this.held;
    this.held = '';
    return held;
  }

  usage(): TokenUsage | undefined {
    return this.sawUsage ? { inputTokens: this.total.inputTokens, outputTokens: this.total.outputTokens } : undefined;
  }

  private add(usage: IrUsage): void {
    mergeUsage(this.total, usage);
    this.sawUsage = true;
  }

  private event(name: string, data: string): void {
    switch (this.protocol) {
      case 'anthropic-messages':
        if (name === 'message_start' || name === 'message_delta' || (!name && data.includes('"usage"'))) {
          const e = parse(data);
          const u = e?.type === 'message_start' ? e.message?.usage : e?.usage;
          if (u) {
            const usage = anthropicUsageToIr(u);
            if (e.type === 'message_delta' && typeof u.input_tokens !== 'number') delete usage.inputTokens;
            this.add(usage);
          }
        } else if (name === 'message_stop' || name === 'error') this.complete = true;
        return;
      case 'openai-chat': {
        if (data.charCodeAt(0) === 91 && data.startsWith('[DONE]')) this.complete = true;
        else if (data.includes('"usage"')) {
          const c = parse(data);
          if (c?.usage && typeof c.usage === 'object') {
            this.add(chatUsageToIr(c.usage));
            if (this.stripUsage && Array.isArray(c.choices) && c.choices.length === 0) return;
          }
        } else if (data.startsWith('{"error"')) this.complete = true;
        if (this.rebuilt !== undefined) this.rebuilt += 'data: ' + data + '\n\n';
        return;
      }
      default:
        if (name === 'response.completed' || name === 'response.incomplete' || name === 'response.failed' || name === 'error' || (!name && isFinalResponsesEvent(data))) {
          const e = parse(data);
          if (e?.response?.usage) this.add(responsesUsageToIr(e.response.usage));
          if (e && e.type !== undefined) this.complete = true;
        }
        return;
    }
  }
}

/** For upstreams that leave out `event:` lines: the type is the first key in practice. */
function isFinalResponsesEvent(data: string): boolean {
  return data.startsWith('{"type":"response.completed"') || data.startsWith('{"type":"response.incomplete"') || data.startsWith('{"type":"response.failed"') || data.startsWith('{"type":"error"');
}

function parse(data: string): any {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}
