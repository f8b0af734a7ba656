/**
 * Anthropic Messages streaming: upstream events → IR events, and IR events → the event
 * sequence Claude Code and the SDK expect: message_start, then per block content_block_start /
 * content_block_delta… / content_block_stop, then message_delta (stop_reason + usage) and
 * message_stop. Frames are written as strings with only the variable parts JSON-encoded.
 */
import type { IrEvent, IrSink, IrStopReason, IrUsage } from './ir';
import { mergeUsage, newId } from './ir';
import { anthropicErrorType, anthropicUsageToIr, fromAnthropicStop, irUsageToAnthropic } from './anthropic';
import type { IrEncoder, IrDecoder } from './pipeline';

// ---------------------------------------------------------------------------------------------
// Upstream SSE → IR

export class AnthropicDecoder implements IrDecoder {
  /** Indexes of blocks we pass on (server tool blocks and the like are skipped whole). */
  private readonly kinds: string[] = [];

  constructor(private readonly sink: IrSink) {}

  event(name: string, data: string): void {
    if (name === 'ping') return;
    let e: any;
    try {
      e = JSON.parse(data);
    } catch {
      return;
    }
    if (!e || typeof e !== 'object') return;
    const sink = this.sink;
    switch (e.type) {
      case 'content_block_delta': {
        const d = e.delta;
        if (!d) return;
        const kind = this.kinds[e.index];
        if (d.type === 'text_delta') {
          if (kind === 'text' && d.text) sink({ type: 'text', delta: d.text });
        } else if (d.type === 'input_json_delta') {
          if (kind === 'tool_use' && d.partial_json) sink({ type: 'tool_args', delta: d.partial_json });
        } else if (d.type === 'thinking_delta') {
          if (kind === 'thinking' && d.thinking) sink({ type: 'reasoning', delta: d.thinking });
        } else if (d.type === 'signature_delta') {
          if (kind === 'thinking' && d.signature) sink({ type: 'reasoning_signature', signature: d.signature });
        }
        return;
      }
      case 'content_block_start': {
        const b = e.content_block ?? {};
        this.kinds[e.index] = b.type;
        if (b.type === 'text') {
          if (b.text) sink({ type: 'text', delta: b.text });
        } else if (b.type === 'tool_use') {
          sink({ type: 'tool_start', id: String(b.id ?? newId('toolu_')), name: String(b.name ?? '') });
          if (b.input && typeof b.input === 'object' && Object.keys(b.input).length > 0) sink({ type: 'tool_args', delta: JSON.stringify(b.input) });
        } else if (b.type === 'thinking') {
          if (b.thinking) sink({ type: 'reasoning', delta: b.thinking });
          else sink({ type: 'reasoning', delta: '' });
          if (b.signature) sink({ type: 'reasoning_signature', signature: b.signature });
        } else if (b.type === 'redacted_thinking') {
          sink({ type: 'redacted_reasoning', data: String(b.data ?? '') });
        }
        return;
      }
      case 'content_block_stop': {
        const kind = this.kinds[e.index];
        if (kind === 'text' || kind === 'tool_use' || kind === 'thinking') sink({ type: 'block_end' });
        return;
      }
      case 'message_start': {
        const m = e.message ?? {};
        sink({ type: 'start', id: String(m.id ?? newId('msg_')), model: String(m.model ?? '') });
        const usage = anthropicUsageToIr(m.usage);
        if (usage.inputTokens !== undefined || usage.outputTokens !== undefined) sink({ type: 'usage', usage });
        return;
      }
      case 'message_delta': {
        const usage = anthropicUsageToIr(e.usage);
        // message_delta may leave input_tokens out; it then keeps message_start's count.
        if (e.usage && typeof e.usage.input_tokens !== 'number') delete usage.inputTokens;
        sink({ type: 'usage', usage });
        if (e.delta?.stop_reason) sink({ type: 'finish', reason: fromAnthropicStop(e.delta.stop_reason), stopSequence: e.delta.stop_sequence ?? undefined });
        return;
      }
      case 'message_stop':
        sink({ type: 'done' });
        return;
      case 'error': {
        const err = e.error ?? {};
        sink({ type: 'error', message: String(err.message ?? 'Upstream error'), errorType: err.type });
        return;
      }
      default:
        return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// IR → client SSE

const START_TEXT = '{"type":"content_block_start","index":';
const STOP = 'event: content_block_stop\ndata: {"type":"content_block_stop","index":';

export class AnthropicEncoder implements IrEncoder {
  private started = false;
  private index = -1;
  private open: 'text' | 'thinking' | 'tool' | 'redacted' | undefined;
  /** The open thinking block's signature so far: clients keep only the last signature_delta, so it goes in one. */
  private signature = '';
  private readonly usage: IrUsage = {};
  private stopReason: IrStopReason = 'end_turn';
  private stopSequence: string | undefined;
  private sawTool = false;
  private readonly model: string;

  constructor(clientModel: string) {
    this.model = JSON.stringify(clientModel);
  }

  push(e: IrEvent): string {
    switch (e.type) {
      case 'text':
        if (!e.delta) return this.ensureStarted();
        return (
          (this.open === 'text' ? '' : this.openBlock('text', '{"type":"text","text":""}')) +
          'event: content_block_delta\ndata: {"type":"content_block_delta","index":' +
          this.index +
          ',"delta":{"type":"text_delta","text":' +
          JSON.stringify(e.delta) +
          '}}\n\n'
        );
      case 'tool_args':
        if (this.open !== 'tool' || !e.delta) return '';
        return (
          'event: content_block_delta\ndata: {"type":"content_block_delta","index":' +
          this.index +
          ',"delta":{"type":"input_json_delta","partial_json":' +
          JSON.stringify(e.delta) +
          '}}\n\n'
        );
      case 'reasoning': {
        const head = this.open === 'thinking' ? '' : this.openBlock('thinking', '{"type":"thinking","thinking":"","signature":""}');
        if (!e.delta) return head;
        return head + 'event: content_block_delta\ndata: {"type":"content_block_delta","index":' + this.index + ',"delta":{"type":"thinking_delta","thinking":' + JSON.stringify(e.delta) + '}}\n\n';
      }
      case 'reasoning_signature': {
        const head = this.open === 'thinking' ? '' : this.openBlock('thinking', '{"type":"thinking","thinking":"","signature":""}');
        this.signature += e.signature;
        return head;
      }
      case 'redacted_reasoning':
        return this.openBlock('redacted', '{"type":"redacted_thinking","data":' + JSON.stringify(e.data) + '}') + this.closeBlock();
      case 'tool_start':
        this.sawTool = true;
        return this.openBlock('tool', '{"type":"tool_use","id":' + JSON.stringify(e.id) + ',"name":' + JSON.stringify(e.name) + ',"input":{}}');
      case 'block_end':
        return this.closeBlock();
      case 'start':
        return this.ensureStarted(e.id);
      case 'usage':
        mergeUsage(this.usage, e.usage);
        return '';
      case 'finish':
        this.stopReason = e.reason;
        this.stopSequence = e.stopSequence;
        return this.closeBlock();
      case 'done': {
        const head = this.ensureStarted() + this.closeBlock();
        // A tool call the upstream ended with "stop" (some chat servers do) is still a tool turn.
        const reason = this.stopReason === 'end_turn' && this.sawTool ? 'tool_use' : this.stopReason;
        const u = irUsageToAnthropic(this.usage);
        return (
          head +
          'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"' +
          reason +
          '","stop_sequence":' +
          (this.stopSequence === undefined ? 'null' : JSON.stringify(this.stopSequence)) +
          '},"usage":{"input_tokens":' +
          u.input_tokens +
          ',"output_tokens":' +
          u.output_tokens +
          ',"cache_creation_input_tokens":' +
          u.cache_creation_input_tokens +
          ',"cache_read_input_tokens":' +
          u.cache_read_input_tokens +
          '}}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n'
        );
      }
      case 'error':
        return this.fail(e.message, e.status, e.errorType);
    }
  }

  fail(message: string, status = 500, errorType?: string): string {
    const type = errorType ?? anthropicErrorType(status);
    return 'event: error\ndata: {"type":"error","error":{"type":' + JSON.stringify(type) + ',"message":' + JSON.stringify(message) + '}}\n\n';
  }

  private ensureStarted(id?: string): string {
    if (this.started) return '';
    this.started = true;
    const msgId = id ? (id.startsWith('msg_') ? id : 'msg_' + id) : newId('msg_');
    return (
      'event: message_start\ndata: {"type":"message_start","message":{"id":' +
      JSON.stringify(msgId) +
      ',"type":"message","role":"assistant","model":' +
      this.model +
      ',"content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":' +
      irUsageToAnthropic(this.usage).input_tokens +
      ',"output_tokens":0}}}\n\n'
    );
  }

  private openBlock(kind: 'text' | 'thinking' | 'tool' | 'redacted', block: string): string {
    const head = this.ensureStarted() + this.closeBlock();
    this.index++;
    this.open = kind;
    return head + 'event: content_block_start\ndata: ' + START_TEXT + this.index + ',"content_block":' + block + '}\n\n';
  }

  private closeBlock(): string {
    if (this.open === undefined) return '';
    this.open = undefined;
    const signature = this.signature;
    this.signature = '';
    return (signature ? 'event: content_block_delta\ndata: {"type":"content_block_delta","index":' + this.index + ',"delta":{"type":"signature_delta","signature":' + JSON.stringify(signature) + '}}\n\n' : '') + STOP + this.index + '}\n\n';
  }
}
