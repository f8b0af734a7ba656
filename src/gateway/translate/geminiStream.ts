/**
 * Gemini streaming (streamGenerateContent?alt=sse): every event is `data: <GenerateContentResponse>`
 * with no event names and no end marker; the chunk with a finishReason ends the reply. Text and
 * thoughts stream as deltas, but a functionCall always arrives whole, so the encoder buffers a
 * tool's arguments until its block ends. The last chunk carries finishReason and usageMetadata.
 */
import type { IrEvent, IrSink, IrStopReason, IrUsage } from './ir';
import { mergeUsage, newId, parseArguments } from './ir';
import { fromGeminiFinish, geminiErrorBody, geminiPartToIr, geminiUsageToIr, irUsageToGemini, toGeminiFinish } from './geminiResponse';
import type { IrDecoder, IrEncoder } from './pipeline';

type Any = { [k: string]: any };

function parse(data: string): any {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Upstream SSE → IR

export class GeminiDecoder implements IrDecoder {
  private started = false;
  private id = '';
  private open: 'text' | 'reasoning' | undefined;
  private sawTool = false;
  private finished = false;
  private calls = 0;

  constructor(private readonly sink: IrSink) {}

  event(_name: string, data: string): void {
    const c = parse(data);
    // A proxy may wrap chunks in an array, as the non-SSE stream does.
    for (const one of Array.isArray(c) ? c : [c]) if (one && typeof one === 'object') this.chunk(one);
  }

  private chunk(c: Any): void {
    const sink = this.sink;
    if (c.error) {
      const err = typeof c.error === 'object' ? c.error : { message: String(c.error) };
      sink({ type: 'error', message: String(err.message ?? 'Upstream error'), status: typeof err.code === 'number' ? err.code : undefined });
      return;
    }
    if (!this.started) {
      this.started = true;
      this.id = typeof c.responseId === 'string' && c.responseId ? c.responseId : newId('resp_');
      sink({ type: 'start', id: this.id, model: String(c.modelVersion ?? '') });
    }
    const cand = Array.isArray(c.candidates) ? c.candidates[0] : undefined;
    for (const p of Array.isArray(cand?.content?.parts) ? cand.content.parts : []) {
      const part = geminiPartToIr(p, () => `call_${this.id}_${this.calls}`);
      if (!part) continue;
      if (part.type === 'tool_call') {
        this.close();
        this.calls++;
        this.sawTool = true;
        sink({ type: 'tool_start', id: part.id, name: part.name });
        sink({ type: 'tool_args', delta: part.arguments });
        sink({ type: 'block_end' });
      } else if (part.type === 'text' || part.type === 'reasoning') {
        if (!part.text) continue;
        if (this.open !== part.type) this.close();
        this.open = part.type;
        sink({ type: part.type, delta: part.text });
      }
    }
    if (c.usageMetadata) sink({ type: 'usage', usage: geminiUsageToIr(c.usageMetadata) });
    const blocked = !cand && c.promptFeedback?.blockReason;
    if (!this.finished && (cand?.finishReason || blocked)) {
      this.finished = true;
      this.close();
      let reason: IrStopReason = blocked ? 'refusal' : fromGeminiFinish(cand.finishReason);
      if (reason === 'end_turn' && this.sawTool) reason = 'tool_use';
      sink({ type: 'finish', reason });
    }
  }

  private close(): void {
    if (this.open === undefined) return;
    this.open = undefined;
    this.sink({ type: 'block_end' });
  }
}

// ---------------------------------------------------------------------------------------------
// IR → client SSE

export class GeminiEncoder implements IrEncoder {
  private id = '';
  private tool: { id: string; name: string; args: string } | undefined;
  private readonly usage: IrUsage = {};
  private reason: IrStopReason = 'end_turn';
  private sawTool = false;
  private ended = false;
  private readonly model: string;

  constructor(clientModel: string) {
    this.model = JSON.stringify(clientModel);
  }

  push(e: IrEvent): string {
    switch (e.type) {
      case 'start':
        if (!this.id) this.id = e.id;
        return '';
      case 'text':
        return this.flushTool() + (e.delta ? this.chunk('{"text":' + JSON.stringify(e.delta) + '}') : '');
      case 'reasoning':
        return this.flushTool() + (e.delta ? this.chunk('{"text":' + JSON.stringify(e.delta) + ',"thought":true}') : '');
      case 'tool_start': {
        const out = this.flushTool();
        this.tool = { id: e.id, name: e.name, args: '' };
        this.sawTool = true;
        return out;
      }
      case 'tool_args':
        if (this.tool) this.tool.args += e.delta;
        return '';
      case 'block_end':
        return this.flushTool();
      case 'usage':
        mergeUsage(this.usage, e.usage);
        return '';
      case 'finish':
        this.reason = e.reason;
        return this.flushTool();
      case 'done': {
        if (this.ended) return '';
        this.ended = true;
        const out = this.flushTool();
        const reason = toGeminiFinish(this.reason === 'end_turn' && this.sawTool ? 'tool_use' : this.reason);
        return (
          out +
          'data: {"candidates":[{"content":{"parts":[],"role":"model"},"finishReason":"' +
          reason +
          '","index":0}],"usageMetadata":' +
          JSON.stringify(irUsageToGemini(this.usage)) +
          this.tail()
        );
      }
      case 'error':
        return this.flushTool() + this.fail(e.message, e.status);
      default:
        return ''; // signatures and redacted reasoning belong to other formats
    }
  }

  fail(message: string, status = 500): string {
    this.ended = true;
    return 'data: ' + JSON.stringify(geminiErrorBody(status, message)) + '\n\n';
  }

  /** Gemini sends a function call complete, never in pieces. */
  private flushTool(): string {
    const t = this.tool;
    if (!t) return '';
    this.tool = undefined;
    return this.chunk('{"functionCall":{"id":' + JSON.stringify(t.id) + ',"name":' + JSON.stringify(t.name) + ',"args":' + JSON.stringify(parseArguments(t.args)) + '}}');
  }

  private chunk(part: string): string {
    return 'data: {"candidates":[{"content":{"parts":[' + part + '],"role":"model"},"index":0}]' + this.tail();
  }

  private tail(): string {
    if (!this.id) this.id = newId('resp_');
    return ',"modelVersion":' + this.model + ',"responseId":' + JSON.stringify(this.id) + '}\n\n';
  }
}
