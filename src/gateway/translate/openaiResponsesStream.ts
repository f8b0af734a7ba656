/**
 * Responses streaming: upstream events → IR events, and IR events → the sequence Codex and the
 * SDK's ResponseStream accept: response.created, response.in_progress, then per output item
 * response.output_item.added, its deltas (content_part / output_text, reasoning_summary_part /
 * reasoning_summary_text, function_call_arguments) and their .done events,
 * response.output_item.done, and finally response.completed (or .incomplete) with usage.
 * Every event carries a growing sequence_number.
 */
import type { IrEvent, IrSink, IrStopReason, IrUsage } from './ir';
import { mergeUsage, newId } from './ir';
import type { IrDecoder, IrEncoder } from './pipeline';
import { responseObject, responsesId, responsesStop, responsesUsageToIr, statusFor } from './openaiResponses';

// ---------------------------------------------------------------------------------------------
// Upstream SSE → IR

export class ResponsesDecoder implements IrDecoder {
  /** Per output_index: the item type, and whether its content arrived as deltas. */
  private readonly kinds: string[] = [];
  private readonly streamed: boolean[] = [];
  private sawTool = false;
  private started = false;

  constructor(private readonly sink: IrSink) {}

  event(_name: string, data: string): void {
    let e: any;
    try {
      e = JSON.parse(data);
    } catch {
      return;
    }
    if (!e || typeof e !== 'object') return;
    const sink = this.sink;
    const i: number = e.output_index;
    switch (e.type) {
      case 'response.output_text.delta':
      case 'response.refusal.delta':
        if (e.delta) {
          this.streamed[i] = true;
          sink({ type: 'text', delta: e.delta });
        }
        return;
      case 'response.function_call_arguments.delta':
        if (e.delta && this.kinds[i] === 'function_call') {
          this.streamed[i] = true;
          sink({ type: 'tool_args', delta: e.delta });
        }
        return;
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        if (e.delta) {
          this.streamed[i] = true;
          sink({ type: 'reasoning', delta: e.delta });
        }
        return;
      case 'response.custom_tool_call_input.delta':
        if (e.delta && this.kinds[i] === 'custom_tool_call') {
          const head = this.streamed[i] ? '' : '{"input":"';
          this.streamed[i] = true;
          sink({ type: 'tool_args', delta: head + JSON.stringify(e.delta).slice(1, -1) });
        }
        return;
      case 'response.reasoning_summary_part.added':
        if (e.summary_index > 0 && this.streamed[i]) sink({ type: 'reasoning', delta: '\n\n' });
        return;
      case 'response.output_item.added':
        this.added(i, e.item ?? {});
        return;
      case 'response.output_item.done':
        this.done(i, e.item ?? {});
        return;
      case 'response.created':
      case 'response.in_progress':
        this.start(e.response);
        return;
      case 'response.completed':
      case 'response.incomplete': {
        const r = e.response ?? {};
        this.start(r);
        sink({ type: 'usage', usage: responsesUsageToIr(r.usage) });
        sink({ type: 'finish', reason: responsesStop(r.status ?? (e.type === 'response.incomplete' ? 'incomplete' : 'completed'), r.incomplete_details, this.sawTool) });
        sink({ type: 'done' });
        return;
      }
      case 'response.failed': {
        const err = e.response?.error ?? {};
        sink({ type: 'error', message: String(err.message ?? 'The upstream response failed.') });
        return;
      }
      case 'error':
        sink({ type: 'error', message: String(e.message ?? e.error?.message ?? 'Upstream error') });
        return;
      default:
        return;
    }
  }

  private start(r: any): void {
    if (this.started || !r) return;
    this.started = true;
    this.sink({ type: 'start', id: String(r.id ?? newId('resp_')), model: String(r.model ?? '') });
  }

  private added(i: number, item: any): void {
    if (this.kinds[i] !== undefined) return;
    this.kinds[i] = item.type;
    if (item.type === 'function_call' || item.type === 'custom_tool_call') {
      this.sawTool = true;
      this.sink({ type: 'tool_start', id: String(item.call_id ?? item.id ?? newId('call_')), name: String(item.name ?? '') });
    }
  }

  /** Whatever arrived only whole (no deltas) is passed on now, then the block ends. */
  private done(i: number, item: any): void {
    const sink = this.sink;
    if (this.kinds[i] === undefined) this.added(i, item);
    const streamed = this.streamed[i] === true;
    switch (item.type) {
      case 'message':
        if (!streamed)
          for (const c of Array.isArray(item.content) ? item.content : []) {
            const t = c.type === 'output_text' ? c.text : c.type === 'refusal' ? c.refusal : undefined;
            if (t) sink({ type: 'text', delta: t });
          }
        break;
      case 'reasoning': {
        if (!streamed) {
          const full = (Array.isArray(item.content) ? item.content : []).map((c: any) => c.text ?? '').join('');
          const text = full || (Array.isArray(item.summary) ? item.summary : []).map((c: any) => c.text ?? '').join('\n\n');
          if (text || !item.encrypted_content) sink({ type: 'reasoning', delta: text });
        }
        if (item.encrypted_content) sink({ type: 'reasoning_signature', signature: item.encrypted_content, id: item.id });
        break;
      }
      case 'function_call':
        if (!streamed && item.arguments) sink({ type: 'tool_args', delta: item.arguments });
        break;
      case 'custom_tool_call':
        sink({ type: 'tool_args', delta: streamed ? '"}' : '{"input":' + JSON.stringify(item.input ?? '') + '}' });
        break;
      default:
        return;
    }
    sink({ type: 'block_end' });
  }
}

// ---------------------------------------------------------------------------------------------
// IR → client SSE

type Item = { [k: string]: any };

export class ResponsesEncoder implements IrEncoder {
  private seq = 0;
  private id = '';
  private readonly createdAt = Math.floor(Date.now() / 1000);
  private readonly output: Item[] = [];
  private open: Item | undefined;
  private openKind: 'message' | 'reasoning' | 'function_call' | undefined;
  /** The open item's id and output_index, JSON-ready, for the hot delta frames. */
  private where = '';
  private buf = '';
  private readonly usage: IrUsage = {};
  private stopReason: IrStopReason = 'end_turn';
  private sawTool = false;
  private failed = false;
  /** Item ids derive from the response id: unique per response, the same on every run. */
  private stem = '';

  constructor(private readonly clientModel: string) {}

  private itemId(prefix: string): string {
    return prefix + this.stem + '_' + this.output.length;
  }

  push(e: IrEvent): string {
    switch (e.type) {
      case 'text': {
        const head = this.openKind === 'message' ? '' : this.openMessage();
        if (!e.delta) return head;
        this.buf += e.delta;
        return head + this.frame('response.output_text.delta', this.where + ',"content_index":0,"delta":' + JSON.stringify(e.delta) + ',"logprobs":[]');
      }
      case 'tool_args':
        if (this.openKind !== 'function_call' || !e.delta) return '';
        this.buf += e.delta;
        return this.frame('response.function_call_arguments.delta', this.where + ',"delta":' + JSON.stringify(e.delta));
      case 'reasoning': {
        const head = this.openKind === 'reasoning' ? '' : this.openReasoning();
        if (!e.delta) return head;
        this.buf += e.delta;
        return head + this.frame('response.reasoning_summary_text.delta', this.where + ',"summary_index":0,"delta":' + JSON.stringify(e.delta));
      }
      case 'reasoning_signature': {
        const head = this.openKind === 'reasoning' ? '' : this.openReasoning();
        const item = this.open as Item;
        item.encrypted_content = (item.encrypted_content ?? '') + e.signature;
        return head;
      }
      case 'redacted_reasoning':
        return this.close();
      case 'tool_start': {
        this.sawTool = true;
        const head = this.ensureStarted() + this.close();
        const item: Item = { id: this.itemId('fc_'), type: 'function_call', status: 'in_progress', arguments: '', call_id: e.id, name: e.name };
        return head + this.add(item, 'function_call');
      }
      case 'block_end':
        return this.close();
      case 'start':
        return this.ensureStarted(e.id);
      case 'usage':
        mergeUsage(this.usage, e.usage);
        return '';
      case 'finish':
        this.stopReason = e.reason;
        return this.close();
      case 'done': {
        const head = this.ensureStarted() + this.close();
        const reason = this.stopReason === 'end_turn' && this.sawTool ? 'tool_use' : this.stopReason;
        const { status, incomplete_details } = statusFor(reason);
        const response = responseObject(this.id, this.clientModel, this.createdAt, status, this.output, this.usage, { incomplete_details });
        return head + this.frameObj(status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
      }
      case 'error':
        return this.fail(e.message, e.errorType);
    }
  }

  fail(message: string, code?: string): string {
    if (this.failed) return '';
    this.failed = true;
    const head = this.ensureStarted();
    const response = responseObject(this.id, this.clientModel, this.createdAt, 'failed', this.output, null, { error: { code: code ?? 'server_error', message } });
    return head + this.frameObj('response.failed', { response });
  }

  private ensureStarted(id?: string): string {
    if (this.id) return '';
    this.id = responsesId(id ?? newId('resp_'));
    this.stem = this.id.slice(5);
    const response = responseObject(this.id, this.clientModel, this.createdAt, 'in_progress', [], null);
    return this.frameObj('response.created', { response }) + this.frameObj('response.in_progress', { response });
  }

  private add(item: Item, kind: 'message' | 'reasoning' | 'function_call'): string {
    const index = this.output.length;
    this.output.push(item);
    this.open = item;
    this.openKind = kind;
    this.buf = '';
    this.where = '"item_id":' + JSON.stringify(item.id) + ',"output_index":' + index;
    return this.frameObj('response.output_item.added', { output_index: index, item: { ...item, ...(kind === 'message' ? { content: [] } : {}), ...(kind === 'reasoning' ? { summary: [] } : {}) } });
  }

  private openMessage(): string {
    const head = this.ensureStarted() + this.close();
    const item: Item = { id: this.itemId('msg_'), type: 'message', status: 'in_progress', role: 'assistant', content: [] };
    return head + this.add(item, 'message') + this.frame('response.content_part.added', this.where + ',"content_index":0,"part":{"type":"output_text","text":"","annotations":[],"logprobs":[]}');
  }

  private openReasoning(): string {
    const head = this.ensureStarted() + this.close();
    const item: Item = { id: this.itemId('rs_'), type: 'reasoning', summary: [] };
    return head + this.add(item, 'reasoning') + this.frame('response.reasoning_summary_part.added', this.where + ',"summary_index":0,"part":{"type":"summary_text","text":""}');
  }

  private close(): string {
    const item = this.open;
    if (!item) return '';
    const index = this.output.length - 1;
    const text = this.buf;
    const where = this.where;
    let out = '';
    switch (this.openKind) {
      case 'message': {
        const part = { type: 'output_text', text, annotations: [], logprobs: [] };
        out += this.frame('response.output_text.done', where + ',"content_index":0,"text":' + JSON.stringify(text) + ',"logprobs":[]');
        out += this.frameObj('response.content_part.done', { item_id: item.id, output_index: index, content_index: 0, part });
        item.content = [part];
        item.status = 'completed';
        break;
      }
      case 'reasoning': {
        const part = { type: 'summary_text', text };
        out += this.frame('response.reasoning_summary_text.done', where + ',"summary_index":0,"text":' + JSON.stringify(text));
        out += this.frameObj('response.reasoning_summary_part.done', { item_id: item.id, output_index: index, summary_index: 0, part });
        item.summary = [part];
        break;
      }
      case 'function_call':
        item.arguments = text;
        item.status = 'completed';
        out += this.frame('response.function_call_arguments.done', where + ',"name":' + JSON.stringify(item.name) + ',"arguments":' + JSON.stringify(text));
        break;
    }
    this.open = undefined;
    this.openKind = undefined;
    this.buf = '';
    return out + this.frameObj('response.output_item.done', { output_index: index, item });
  }

  private frame(type: string, fields: string): string {
    return 'event: ' + type + '\ndata: {"type":"' + type + '","sequence_number":' + this.seq++ + ',' + fields + '}\n\n';
  }

  private frameObj(type: string, fields: Item): string {
    return 'event: ' + type + '\ndata: ' + JSON.stringify({ type, sequence_number: this.seq++, ...fields }) + '\n\n';
  }
}
