/**
 * Gemini's streamGenerateContent without `alt=sse` answers one JSON array whose elements
 * arrive as they are made ("[" with the first, ",\r\n" between, "]" at the end, as Google's
 * API streams it). This wraps the client's SSE stream translator and re-frames each whole
 * `data:` event as an element, so that form streams too instead of waiting for the whole answer.
 */
import type { StreamTranslator } from './translator';

/** An SSE event ends with a blank line; upstream pass-through may use CRLF. */
const eventEnd = /\r?\n\r?\n/g;

export class JsonArrayStream implements StreamTranslator {
  private pending = '';
  private started = false;

  constructor(private readonly inner: StreamTranslator) {}

  write(chunk: string): string {
    return this.frame(this.inner.write(chunk));
  }

  end(): string {
    return this.frame(this.inner.end()) + this.close();
  }

  fail(message: string): string {
    return this.frame(this.inner.fail(message)) + this.close();
  }

  usage(): ReturnType<StreamTranslator['usage']> {
    return this.inner.usage();
  }

  failed(): boolean {
    return this.inner.failed?.() ?? false;
  }

  private frame(sse: string): string {
    if (!sse) return '';
    this.pending += sse;
    let out = '';
    let from = 0;
    eventEnd.lastIndex = 0;
    for (let m = eventEnd.exec(this.pending); m; m = eventEnd.exec(this.pending)) {
      const data = this.pending
        .slice(from, m.index)
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5))
        .join('\n');
      from = eventEnd.lastIndex;
      if (!data) continue;
      out += (this.started ? ',\r\n' : '[') + data;
      this.started = true;
    }
    this.pending = this.pending.slice(from);
    return out;
  }

  private close(): string {
    return this.started ? ']' : '[]';
  }
}
