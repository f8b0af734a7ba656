/**
 * Writes AWS event-stream frames (application/vnd.amazon.eventstream) for the Bedrock double
 * and the decoder tests, independently of the gateway's decoder: a bit-by-bit CRC-32 and
 * string headers (type 7), as Bedrock sends them.
 *   total length (4) | headers length (4) | prelude CRC (4) | headers | payload | message CRC (4)
 */

/** CRC-32 (IEEE, reflected 0xEDB88320), one bit at a time: slow and obviously right. */
export function crc32Bitwise(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

export function encodeHeaders(headers: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const n = Buffer.from(name, 'utf8');
    const v = Buffer.from(value, 'utf8');
    const head = Buffer.alloc(1 + n.length + 1 + 2);
    head.writeUInt8(n.length, 0);
    n.copy(head, 1);
    head.writeUInt8(7, 1 + n.length);
    head.writeUInt16BE(v.length, 2 + n.length);
    parts.push(head, v);
  }
  return Buffer.concat(parts);
}

/** One frame; `headerBytes` overrides the encoded headers (other value types). */
export function encodeFrame(headers: Record<string, string>, payload: Buffer | string, headerBytes?: Buffer): Buffer {
  const h = headerBytes ?? encodeHeaders(headers);
  const p = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const total = 16 + h.length + p.length;
  const frame = Buffer.alloc(total);
  frame.writeUInt32BE(total, 0);
  frame.writeUInt32BE(h.length, 4);
  frame.writeUInt32BE(crc32Bitwise(frame.subarray(0, 8)), 8);
  h.copy(frame, 12);
  p.copy(frame, 12 + h.length);
  frame.writeUInt32BE(crc32Bitwise(frame.subarray(0, total - 4)), total - 4);
  return frame;
}

/** A Bedrock `chunk` event carrying one Anthropic streaming event, with the padding field Bedrock adds. */
export function chunkFrame(event: unknown): Buffer {
  const bytes = Buffer.from(JSON.stringify(event), 'utf8').toString('base64');
  return encodeFrame({ ':event-type': 'chunk', ':content-type': 'application/json', ':message-type': 'event' }, JSON.stringify({ bytes, p: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ'.slice(0, 1 + (bytes.length % 30)) }));
}

/** A Bedrock exception message (throttlingException, modelStreamErrorException…). */
export function exceptionFrame(type: string, message: string): Buffer {
  return encodeFrame({ ':exception-type': type, ':content-type': 'application/json', ':message-type': 'exception' }, JSON.stringify({ message }));
}

/** A ConverseStream event (messageStart, contentBlockDelta…), its JSON with the padding field Bedrock adds. */
export function converseFrame(type: string, event: Record<string, unknown>): Buffer {
  const body = JSON.stringify(event);
  return encodeFrame({ ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' }, JSON.stringify({ ...event, p: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ'.slice(0, 1 + (body.length % 30)) }));
}
