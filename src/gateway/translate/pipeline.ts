/**
 * Upstream SSE text → IR events (SseParser + a protocol's decoder), and the stream translator
 * that feeds those events to the client protocol's encoder.
 */
import type { StreamTranslator, TokenUsage } from '../translator';
import type { IrEvent, IrSink, IrUsage } from './ir';
import { mergeUsage } from './ir';
import { SseParser } from './sse';

/** Turns one upstream SSE event into IR events. */
export interface IrDecoder {
  event(name: string, data: string): void;
}

/** Turns IR events into the client's SSE text. */
export interface IrEncoder {
  push(e: IrEvent): string;
  /** A protocol-correct error event. */
  fail(message: string): string;
}

export const ENDED_EARLY = 'The upstream stream ended before the reply was complete.';

/**
 * Decodes an upstream SSE stream into IR events, chunk by chunk. It guarantees the events end
 * in exactly one `done` or `error`: end() supplies `done` when the upstream finished without
 * saying so, and an error when it stopped before finishing.
 */
export class UpstreamDecoder {
  private readonly parser: SseParser;
  private finished = false;
  private closed = false;
  private readonly sink: IrSink;

  constructor(makeDecoder: (sink: IrSink) => IrDecoder, sink: IrSink) {
    this.sink = (e) => {
      if (this.closed) return;
      if (e.type === 'finish') this.finished = true;
      else if (e.type === 'done' || e.type === 'error') this.closed = true;
      sink(e);
    };
    const decoder = makeDecoder(this.sink);
    this.parser = new SseParser((name, data) => decoder.event(name, data));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  write(chunk: string): void {
    if (!this.closed) this.parser.write(chunk);
  }

  end(): void {
    this.parser.end();
    if (this.closed) return;
    if (this.finished) this.sink({ type: 'done' });
    else this.sink({ type: 'error', message: ENDED_EARLY, status: 502 });
  }

  /** The upstream failed: close with an error unless the stream already ended. */
  fail(message: string): void {
    if (!this.closed) this.sink({ type: 'error', message, status: 502 });
  }
}

/** Upstream protocol A → client protocol B, through the IR. */
export class TranslatingStream implements StreamTranslator {
  private out = '';
  private readonly decoder: UpstreamDecoder;
  private readonly total: IrUsage = {};
  private sawUsage = false;
  private sawError = false;

  constructor(makeDecoder: (sink: IrSink) => IrDecoder, private readonly encoder: IrEncoder) {
    this.decoder = new UpstreamDecoder(makeDecoder, (e) => {
      if (e.type === 'error') this.sawError = true;
      if (e.type === 'usage') {
        mergeUsage(this.total, e.usage);
        this.sawUsage = true;
      }
      this.out += this.encoder.push(e);
    });
  }

  write(chunk: string): string {
    this.decoder.write(chunk);
    return this.take();
  }

  end(): string {
    this.decoder.end();
    return this.take();
  }

  fail(message: string): string {
    this.decoder.fail(message);
    return this.take();
  }

  failed(): boolean {
    return this.sawError;
  }

  usage(): TokenUsage | undefined {
    return this.sawUsage ? { inputTokens: this.total.inputTokens, outputTokens: this.total.outputTokens } : undefined;
  }

  private take(): string {
    const out = this.out;
    this.out = '';
    return out;
  }
}
