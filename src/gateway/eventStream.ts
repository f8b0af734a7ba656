/**
 * AWS event-stream (application/vnd.amazon.eventstream) frames, decoded as the bytes arrive:
 *   total length (4) | headers length (4) | prelude CRC32 (4) | headers | payload | message CRC32 (4)
 * all big-endian; each header is name length (1), name, value type (1), value. Both CRCs are
 * checked and a frame's size is bounded, so a corrupt or hostile stream fails at once instead
 * of being buffered.
 */
import { crc32 } from './crc32';

/** The prelude and both CRCs. */
const overhead = 16;
/** Largest frame accepted; Bedrock's chunks are a few KB. */
export const maxFrameBytes = 16 * 1024 * 1024;

export type HeaderValue = string | number | bigint | boolean | Uint8Array | Date;

export interface EventStreamMessage {
  readonly headers: Readonly<Record<string, HeaderValue>>;
  readonly payload: Buffer;
}

/** The stream is not valid event-stream framing. */
export class EventStreamError extends Error {
  override readonly name = 'EventStreamError';
}

function readHeaders(b: Buffer, start: number, end: number): Record<string, HeaderValue> {
  const headers: Record<string, HeaderValue> = {};
  let i = start;
  const need = (n: number) => {
    if (i + n > end) throw new EventStreamError('A header runs past the headers section.');
  };
  while (i < end) {
    need(1);
    const nameLength = b[i++];
    need(nameLength + 1);
    const name = b.toString('utf8', i, i + nameLength);
    i += nameLength;
    const type = b[i++];
    let value: HeaderValue;
    switch (type) {
      case 0:
      case 1:
        value = type === 0;
        break;
      case 2:
        need(1);
        value = b.readInt8(i);
        i += 1;
        break;
      case 3:
        need(2);
        value = b.readInt16BE(i);
        i += 2;
        break;
      case 4:
        need(4);
        value = b.readInt32BE(i);
        i += 4;
        break;
      case 5:
        need(8);
        value = b.readBigInt64BE(i);
        i += 8;
        break;
      case 6:
      case 7: {
        need(2);
        const length = b.readUInt16BE(i);
        i += 2;
        need(length);
        value = type === 7 ? b.toString('utf8', i, i + length) : Uint8Array.prototype.slice.call(b, i, i + length);
        i += length;
        break;
      }
      case 8:
        need(8);
        value = new Date(Number(b.readBigInt64BE(i)));
        i += 8;
        break;
      case 9:
        need(16);
        value = Uint8Array.prototype.slice.call(b, i, i + 16);
        i += 16;
        break;
      default:
        throw new EventStreamError(`Unknown header value type ${type}.`);
    }
    headers[name] = value;
  }
  return headers;
}

/** Decodes frames from byte chunks split anywhere; holds at most one incomplete frame. */
export class EventStreamDecoder {
  private pending: Buffer[] = [];
  private size = 0;
  /** The frame being collected, once its prelude was read and checked. */
  private frameLength = 0;

  /** The messages the chunk completes; throws EventStreamError on bad framing. */
  write(chunk: Buffer): EventStreamMessage[] {
    const out: EventStreamMessage[] = [];
    this.pending.push(chunk);
    this.size += chunk.length;
    for (;;) {
      if (this.frameLength === 0) {
        if (this.size < 12) break;
        this.frameLength = this.prelude();
      }
      if (this.size < this.frameLength) break;
      const all = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.size);
      out.push(this.message(all.subarray(0, this.frameLength)));
      const rest = all.subarray(this.frameLength);
      this.pending = rest.length > 0 ? [rest] : [];
      this.size = rest.length;
      this.frameLength = 0;
    }
    return out;
  }

  /** Throws when the stream ended inside a frame. */
  end(): void {
    if (this.size > 0) throw new EventStreamError('The stream ended inside a frame.');
  }

  /** Reads and checks the prelude of the frame at the head; returns its total length. */
  private prelude(): number {
    const head = this.pending[0].length >= 12 ? this.pending[0] : Buffer.concat(this.pending, this.size);
    if (head !== this.pending[0]) this.pending = [head];
    const total = head.readUInt32BE(0);
    const headersLength = head.readUInt32BE(4);
    if (crc32(head, 0, 8) !== head.readUInt32BE(8)) throw new EventStreamError('A frame prelude fails its CRC.');
    if (total > maxFrameBytes) throw new EventStreamError(`A frame claims ${total} bytes, more than the ${maxFrameBytes} allowed.`);
    if (total < overhead || headersLength > total - overhead) throw new EventStreamError('A frame prelude has impossible lengths.');
    return total;
  }

  private message(frame: Buffer): EventStreamMessage {
    const end = frame.length - 4;
    if (crc32(frame, 0, end) !== frame.readUInt32BE(end)) throw new EventStreamError('A frame fails its message CRC.');
    const headersEnd = 12 + frame.readUInt32BE(4);
    return { headers: readHeaders(frame, 12, headersEnd), payload: frame.subarray(headersEnd, end) };
  }
}
