/**
 * Client and upstream speak the same protocol: the stream goes through as it came, in whole
 * events, unparsed but for the few events that carry usage or end the reply (the protocol's
 * dialect says which), with the client's model name put back in place of the upstream's.
 *
 * Only events whose blank line has arrived are forwarded; the event still arriving is held (at
 * most one, so the stream stays incremental). When the upstream fails, that part event is
 * dropped, never completed: its rest never came, so whatever the gateway made of it would be
 * a guess, and a half line glued to the error event would corrupt both. A client reading the
 * upstream directly would drop it too (SSE discards an event its blank line never ended). The
 * client thus sees every whole event, then the error event on a fresh line.
 */
import type { GatewayProtocol, TokenUsage, StreamTranslator } from '../translator';
import type { IrUsage } from './ir';
import { mergeUsage } from './ir';
import { type PassthroughDialect, passthroughDialects } from './passthroughDialects';
import { ENDED_EARLY } from './pipeline';
import { SseParser } from './sse';

export class PassthroughStream implements StreamTranslator {
  private readonly dialect: PassthroughDialect;
  private readonly parser = new SseParser((name, data) => this.event(name, data));
  private readonly total: IrUsage = {};
  private sawUsage = false;
  private complete = false;
  private errored = false;
  /** Upstream text not yet forwarded: the part of the event still arriving. */
  private held = '';
  /** Where `held` starts in the upstream's text (the parser counts the same way). */
  private heldAt = 0;
  /** [from, to) pairs in the upstream's text: whole events left out (usage-only Chat chunks). */
  private readonly drops: number[] = [];
  /** The client's stream so far ends in a CR, whose LF (of a CRLF) may never come. */
  private endsInCr = false;
  /** The upstream's line end, from the first event forwarded: used to finish its last event. */
  private eol: string | undefined;
  /** The upstream's `"model":"…"` as it appears in the stream ('' when there is nothing to rename). */
  private needle: string | undefined;
  private replacement = '';

  constructor(
    protocol: GatewayProtocol,
    private readonly clientModel: string,
    /** A Chat client that did not ask for the usage chunk (the gateway asks for it to count tokens). */
    private readonly stripUsage = false,
  ) {
    this.dialect = passthroughDialects[protocol];
    if (!this.dialect.renamesModel) this.needle = '';
  }

  /** The client's stream ended in an error event. */
  failed(): boolean {
    return this.errored;
  }

  write(chunk: string): string {
    if (chunk.length === 0 || this.errored) return ''; // nothing after the error event
    this.held += chunk;
    this.parser.write(chunk);
    return this.forward(this.parser.boundary);
  }

  end(): string {
    let out = '';
    if (!this.complete && !this.errored && this.held) {
      // The upstream ended properly but its last event lacks its line ends: if that event ends
      // the reply, it goes on with them added (SSE parsers would drop it, @google/genai rejects
      // it); if not, it is dropped like any part event and the error follows. Anything after a
      // finished reply that lacks its line ends is dropped too.
      const close = this.closing();
      this.held += close;
      this.parser.write(close);
      if (this.complete) out = this.forward(this.parser.boundary);
    }
    this.parser.end();
    if (this.complete || this.errored) return out + this.lineFeed();
    return out + this.fail(ENDED_EARLY);
  }

  fail(message: string): string {
    if (this.complete || this.errored) return this.lineFeed();
    this.errored = true;
    this.held = ''; // the part event: see the top of the file
    return this.lineFeed() + this.dialect.error(this.clientModel, message);
  }

  usage(): TokenUsage | undefined {
    return this.sawUsage ? { inputTokens: this.total.inputTokens, outputTokens: this.total.outputTokens } : undefined;
  }

  /**
   * An LF after a CR the client last got: SSE reads it as the rest of a CRLF (nothing new), and
   * it completes the blank line for parsers that only split on CRLF, such as @google/genai's.
   */
  private lineFeed(): string {
    if (!this.endsInCr) return '';
    this.endsInCr = false;
    return '\n';
  }

  /** The line ends the held part event lacks: its line's, then the blank line's. */
  private closing(): string {
    const held = this.held;
    const last = held.charCodeAt(held.length - 1);
    const eol = this.eol ?? (held.includes('\r') ? '\r\n' : '\n');
    if (last === 13) return '\n' + eol; // its CR's LF, then the blank line
    return last === 10 ? eol : eol + eol;
  }

  /** Forwards the held text up to `upTo` (the end of a blank line), less any dropped event. */
  private forward(upTo: number): string {
    if (upTo <= this.heldAt) return '';
    let out = '';
    let from = this.heldAt;
    for (let i = 0; i < this.drops.length; i += 2) {
      out += this.held.slice(from - this.heldAt, this.drops[i] - this.heldAt);
      from = this.drops[i + 1];
    }
    this.drops.length = 0;
    out += this.held.slice(from - this.heldAt, upTo - this.heldAt);
    this.held = this.held.slice(upTo - this.heldAt);
    this.heldAt = upTo;
    if (out.length === 0) return '';
    this.endsInCr = out.charCodeAt(out.length - 1) === 13;
    this.eol ??= out.includes('\r\n') ? '\r\n' : out.includes('\n') ? '\n' : undefined;
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

  private event(name: string, data: string): void {
    const r = this.dialect.read(name, data);
    if (r.usage) {
      mergeUsage(this.total, r.usage);
      this.sawUsage = true;
    }
    if (r.ends) this.complete = true;
    if (r.usageOnly && this.stripUsage) this.drops.push(this.parser.eventStart, this.parser.boundary);
  }
}
