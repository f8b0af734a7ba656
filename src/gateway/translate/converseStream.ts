/**
 * Bedrock ConverseStream events → IR events. The gateway's stream reader (bedrockStream.ts)
 * hands each event-stream frame over as one SSE event named by its `:event-type`, its JSON
 * payload as data: messageStart, contentBlockStart (a tool use's id and name),
 * contentBlockDelta (text, a tool's input as a JSON fragment, reasoning text or signature),
 * contentBlockStop, messageStop (the stop reason), then metadata (usage). Text blocks have no
 * start event: their first delta opens them. Exceptions never get here (the reader throws).
 */
import type { IrSink } from './ir';
import { newId } from './ir';
import { converseUsageToIr, fromConverseStop } from './converseResponse';
import type { IrDecoder } from './pipeline';

type Any = { [k: string]: any };

function parse(data: string): Any | undefined {
  try {
    const v: unknown = JSON.parse(data);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Any) : undefined;
  } catch {
    return undefined;
  }
}

export class ConverseDecoder implements IrDecoder {
  private started = false;
  private open: 'text' | 'reasoning' | 'tool' | undefined;
  private sawTool = false;
  private finished = false;

  constructor(private readonly sink: IrSink) {}

  event(name: string, data: string): void {
    const e = parse(data);
    if (!e) return;
    switch (name) {
      case 'messageStart':
        this.start();
        return;
      case 'contentBlockStart': {
        const tool = e.start?.toolUse;
        if (!tool || typeof tool !== 'object') return;
        this.start();
        this.close();
        this.open = 'tool';
        this.sawTool = true;
        this.sink({ type: 'tool_start', id: String(tool.toolUseId ?? newId('tooluse_')), name: String(tool.name ?? '') });
        return;
      }
      case 'contentBlockDelta':
        return this.delta(e.delta);
      case 'contentBlockStop':
        this.close();
        return;
      case 'messageStop': {
        if (this.finished) return;
        this.start();
        this.close();
        this.finished = true;
        const reason = fromConverseStop(e.stopReason);
        this.sink({ type: 'finish', reason: reason === 'end_turn' && this.sawTool ? 'tool_use' : reason });
        return;
      }
      case 'metadata':
        if (e.usage) this.sink({ type: 'usage', usage: converseUsageToIr(e.usage) });
        return;
      default:
        return; // events added later mean nothing to the IR yet
    }
  }

  private delta(d: Any | undefined): void {
    if (!d || typeof d !== 'object') return;
    this.start();
    if (typeof d.text === 'string') {
      if (d.text) this.to('text', d.text);
      return;
    }
    if (d.toolUse && typeof d.toolUse.input === 'string') {
      if (this.open === 'tool' && d.toolUse.input) this.sink({ type: 'tool_args', delta: d.toolUse.input });
      return;
    }
    const r = d.reasoningContent;
    if (!r || typeof r !== 'object') return;
    if (typeof r.text === 'string' && r.text) this.to('reasoning', r.text);
    else if (typeof r.signature === 'string' && r.signature) {
      if (this.open !== 'reasoning') this.to('reasoning', '');
      this.sink({ type: 'reasoning_signature', signature: r.signature });
    } else if (typeof r.redactedContent === 'string') {
      this.close();
      this.sink({ type: 'redacted_reasoning', data: r.redactedContent });
    }
  }

  /** A text or reasoning delta: a change of kind closes the block before. */
  private to(kind: 'text' | 'reasoning', delta: string): void {
    if (this.open !== kind) {
      this.close();
      this.open = kind;
    }
    if (delta) this.sink({ type: kind, delta });
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.sink({ type: 'start', id: newId('msg_'), model: '' });
  }

  private close(): void {
    if (this.open === undefined) return;
    this.open = undefined;
    this.sink({ type: 'block_end' });
  }
}
