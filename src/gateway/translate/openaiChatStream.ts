/**
 * Chat Completions streaming: upstream `chat.completion.chunk`s → IR events, and IR events →
 * chunks as the SDKs assemble them: a first delta with the role, content / reasoning_content
 * deltas, `delta.tool_calls[index]` (id, type and name first, then argument fragments), a chunk
 * with finish_reason, a usage chunk with empty choices when asked for, then `data: [DONE]`.
 */
import type { IrEvent, IrSink, IrStopReason, IrUsage } from './ir';
import { mergeUsage, newId } from './ir';
import { chatUsageToIr, fromChatStop, irUsageToChat, openaiErrorBody, toChatFinish } from './openaiChat';
import type { IrDecoder, IrEncoder } from './pipeline';

// ---------------------------------------------------------------------------------------------
// Upstream SSE → IR

export class ChatDecoder implements IrDecoder {
  private started = false;
  private toolKey: unknown = undefined;
  /** The upstream's id of the open tool call, when it gave one. */
  private toolId: string | undefined;
  private sawTool = false;
  /** A tool call whose name has not arrived yet: its start waits, its arguments queue. */
  private pending: { id: string; args: string } | undefined;

  constructor(private readonly sink: IrSink) {}

  event(_name: string, data: string): void {
    if (data.charCodeAt(0) === 91 /* [ */ && data.startsWith('[DONE]')) {
      this.flushPending();
      this.sink({ type: 'done' });
      return;
    }
    let c: any;
    try {
      c = JSON.parse(data);
    } catch {
      return;
    }
    if (!c || typeof c !== 'object') return;
    const sink = this.sink;
    if (c.error) {
      const err = typeof c.error === 'object' ? c.error : { message: String(c.error) };
      sink({ type: 'error', message: String(err.message ?? 'Upstream error'), status: typeof err.code === 'number' ? err.code : undefined });
      return;
    }
    if (!this.started) {
      this.started = true;
      sink({ type: 'start', id: typeof c.id === 'string' && c.id ? c.id : newId('chatcmpl-'), model: String(c.model ?? '') });
    }
    const choices = c.choices;
    if (Array.isArray(choices) && choices.length > 0) {
      const ch = choices[0];
      const d = ch?.delta;
      if (d) {
        const reasoning = d.reasoning_content ?? d.reasoning;
        if (typeof reasoning === 'string' && reasoning) sink({ type: 'reasoning', delta: reasoning });
        if (typeof d.content === 'string' && d.content) sink({ type: 'text', delta: d.content });
        if (typeof d.refusal === 'string' && d.refusal) sink({ type: 'text', delta: d.refusal });
        if (Array.isArray(d.tool_calls)) for (const tc of d.tool_calls) this.toolDelta(tc);
      }
      if (ch?.finish_reason) {
        this.flushPending();
        let reason: IrStopReason = fromChatStop(ch.finish_reason);
        if (reason === 'end_turn' && this.sawTool) reason = 'tool_use';
        sink({ type: 'finish', reason });
      }
    }
    if (c.usage && typeof c.usage === 'object') sink({ type: 'usage', usage: chatUsageToIr(c.usage) });
  }

  private toolDelta(tc: any): void {
    if (!tc || typeof tc !== 'object') return;
    const fn = tc.function ?? {};
    const key = tc.index ?? (tc.id || this.toolKey || 0);
    const upstreamId = typeof tc.id === 'string' && tc.id ? tc.id : undefined;
    // Ollama streams parallel calls all at index 0, each with its own id: a new id is a new call.
    if (key !== this.toolKey || (upstreamId !== undefined && this.toolId !== undefined && upstreamId !== this.toolId)) {
      this.flushPending();
      this.toolKey = key;
      this.toolId = upstreamId;
      this.sawTool = true;
      const id = upstreamId ?? newId('call_');
      if (fn.name) this.sink({ type: 'tool_start', id, name: String(fn.name) });
      else this.pending = { id, args: '' };
    } else if (this.pending && fn.name) {
      const { id, args } = this.pending;
      this.pending = undefined;
      this.sink({ type: 'tool_start', id, name: String(fn.name) });
      if (args) this.sink({ type: 'tool_args', delta: args });
    }
    const args = fn.arguments;
    if (typeof args === 'string' && args) {
      if (this.pending) this.pending.args += args;
      else this.sink({ type: 'tool_args', delta: args });
    }
  }

  private flushPending(): void {
    if (!this.pending) return;
    const { id, args } = this.pending;
    this.pending = undefined;
    this.sink({ type: 'tool_start', id, name: '' });
    if (args) this.sink({ type: 'tool_args', delta: args });
  }
}

// ---------------------------------------------------------------------------------------------
// IR → client SSE

export class ChatEncoder implements IrEncoder {
  private head = '';
  private readonly created = Math.floor(Date.now() / 1000);
  private id = '';
  private toolIndex = -1;
  private sawTool = false;
  private finished = false;
  private readonly usage: IrUsage = {};
  private sawUsage = false;
  private readonly model: string;

  constructor(clientModel: string, private readonly includeUsage = true) {
    this.model = JSON.stringify(clientModel);
  }

  push(e: IrEvent): string {
    switch (e.type) {
      case 'text':
        return e.delta ? this.ensureStarted() + this.chunk('{"content":' + JSON.stringify(e.delta) + '}') : this.ensureStarted();
      case 'tool_args':
        if (this.toolIndex < 0 || !e.delta) return '';
        return this.chunk('{"tool_calls":[{"index":' + this.toolIndex + ',"function":{"arguments":' + JSON.stringify(e.delta) + '}}]}');
      case 'reasoning':
        return e.delta ? this.ensureStarted() + this.chunk('{"reasoning_content":' + JSON.stringify(e.delta) + '}') : this.ensureStarted();
      case 'tool_start':
        this.toolIndex++;
        this.sawTool = true;
        return (
          this.ensureStarted() +
          this.chunk('{"tool_calls":[{"index":' + this.toolIndex + ',"id":' + JSON.stringify(e.id) + ',"type":"function","function":{"name":' + JSON.stringify(e.name) + ',"arguments":""}}]}')
        );
      case 'start':
        return this.ensureStarted(e.id);
      case 'usage':
        mergeUsage(this.usage, e.usage);
        this.sawUsage = true;
        return '';
      case 'finish':
        return this.finish(e.reason);
      case 'done': {
        let out = this.ensureStarted() + this.finish('end_turn');
        if (this.includeUsage && this.sawUsage) {
          out += 'data: {"id":' + this.id + ',"object":"chat.completion.chunk","created":' + this.created + ',"model":' + this.model + ',"choices":[],"usage":' + JSON.stringify(irUsageToChat(this.usage)) + '}\n\n';
        }
        return out + 'data: [DONE]\n\n';
      }
      case 'error':
        return this.fail(e.message, e.status);
      default:
        return '';
    }
  }

  fail(message: string, status = 500): string {
    return 'data: ' + JSON.stringify(openaiErrorBody(status, message)) + '\n\n';
  }

  private finish(reason: IrStopReason): string {
    if (this.finished) return '';
    this.finished = true;
    const r = reason === 'end_turn' && this.sawTool ? 'tool_calls' : toChatFinish(reason);
    return this.ensureStarted() + this.head + '{},"logprobs":null,"finish_reason":"' + r + '"}]}\n\n';
  }

  private ensureStarted(id?: string): string {
    if (this.head) return '';
    this.id = JSON.stringify(id ?? newId('chatcmpl-'));
    this.head = 'data: {"id":' + this.id + ',"object":"chat.completion.chunk","created":' + this.created + ',"model":' + this.model + ',"choices":[{"index":0,"delta":';
    return this.chunk('{"role":"assistant","content":""}');
  }

  private chunk(delta: string): string {
    return this.head + delta + ',"logprobs":null,"finish_reason":null}]}\n\n';
  }
}
