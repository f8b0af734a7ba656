/**
 * An incremental Server-Sent Events parser (the WHATWG event-stream rules): chunks may split
 * anywhere, lines end in LF, CRLF or CR (a CR at a chunk's end waits to see if LF follows),
 * `data:` lines join with LF, comments and unknown fields are skipped, and a blank line
 * dispatches the event. It scans with indexOf, never a regular expression, and allocates
 * only the strings it hands out. It also says where, in the text written so far, the last
 * blank line ended, so a pass-through can forward whole events only.
 */

/** Receives each event: its `event:` name ('' when absent) and its data. */
export type SseHandler = (event: string, data: string) => void;

export class SseParser {
  private rest = '';
  /** The last chunk ended in CR: an LF at the start of the next one belongs to it. */
  private pendingCr = false;
  private event = '';
  private data = '';
  private hasData = false;
  private started = false;
  /** Characters written so far, over all writes. */
  private written = 0;
  /** Where `rest` starts, counted like `written`. */
  private restAt = 0;
  /** Characters written up to the end of the last blank line: all before it is whole events. */
  boundary = 0;
  /** During a dispatch, where the event's text starts (the end of the blank line before it). */
  eventStart = 0;

  constructor(private readonly onEvent: SseHandler) {}

  write(chunk: string): void {
    if (chunk.length === 0) return;
    let text = chunk;
    let at = this.written;
    this.written += chunk.length;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (text.charCodeAt(0) === 10) {
        text = text.slice(1);
        // The LF completes a CR that ended a blank line: it belongs to that event.
        if (this.boundary === at) this.boundary++;
        at++;
      }
    }
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1);
        at++;
      }
    }
    if (this.rest) {
      text = this.rest + text;
      at = this.restAt;
      this.rest = '';
    }
    const len = text.length;
    let pos = 0;
    let lf = text.indexOf('\n');
    let cr = text.indexOf('\r');
    while (pos < len) {
      if (lf !== -1 && lf < pos) lf = text.indexOf('\n', pos);
      if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos);
      let end: number;
      let next: number;
      if (cr === -1 || (lf !== -1 && lf < cr)) {
        if (lf === -1) break;
        end = lf;
        next = lf + 1;
      } else {
        end = cr;
        if (cr + 1 < len) {
          next = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
        } else {
          next = len;
          this.pendingCr = true;
        }
      }
      if (pos === end) {
        this.eventStart = this.boundary;
        this.boundary = at + next;
      }
      this.line(text, pos, end);
      pos = next;
    }
    if (pos < len) {
      this.rest = pos === 0 ? text : text.slice(pos);
      this.restAt = at + pos;
    }
  }

  /** The stream ended: an event not yet closed by a blank line is dropped, as the spec says. */
  end(): void {
    this.rest = '';
    this.pendingCr = false;
    this.event = '';
    this.data = '';
    this.hasData = false;
  }

  private line(text: string, start: number, end: number): void {
    if (start === end) {
      if (this.hasData) {
        const event = this.event;
        const data = this.data;
        this.event = '';
        this.data = '';
        this.hasData = false;
        this.onEvent(event, data);
      } else {
        this.event = '';
      }
      return;
    }
    const first = text.charCodeAt(start);
    if (first === 58 /* : */) return; // comment
    // Fast paths for the two fields that matter.
    if (first === 100 /* d */ && text.startsWith('data', start)) {
      const after = start + 4;
      if (after === end || text.charCodeAt(after) === 58) {
        let v = after + 1;
        if (v < end && text.charCodeAt(v) === 32) v++;
        const value = v >= end ? '' : text.slice(v, end);
        if (this.hasData) this.data += '\n' + value;
        else {
          this.data = value;
          this.hasData = true;
        }
        return;
      }
    } else if (first === 101 /* e */ && text.startsWith('event', start)) {
      const after = start + 5;
      if (after === end || text.charCodeAt(after) === 58) {
        let v = after + 1;
        if (v < end && text.charCodeAt(v) === 32) v++;
        this.event = v >= end ? '' : text.slice(v, end);
        return;
      }
    }
    // id, retry and unknown fields are ignored.
  }
}

/** One SSE frame with an event name (Anthropic, Responses). */
export function frame(event: string, data: string): string {
  return 'event: ' + event + '\ndata: ' + data + '\n\n';
}

