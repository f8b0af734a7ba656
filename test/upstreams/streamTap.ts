/**
 * Records the body a streamed reply sends (RecordedRequest.sent) and, when the reply asks for a
 * cut, stops it after that many bytes, wherever they fall: by hanging up, so the client sees the
 * connection drop mid-answer (mid-line, even mid-character), or by ending the answer properly
 * but short (its last line may then lack its line end).
 */
import type * as http from 'node:http';
import type { RecordedRequest, StreamCut } from './types';

type Write = (chunk: Buffer) => boolean;
type End = (chunk?: Buffer) => http.ServerResponse;

export function tapStream(res: http.ServerResponse, record: RecordedRequest, cut: StreamCut | undefined): void {
  const write: Write = res.write.bind(res) as Write;
  const end: End = res.end.bind(res) as End;
  const parts: Buffer[] = [];
  let size = 0;
  let stopped = false;
  /** The part of a chunk that goes out, recorded. The doubles write strings in UTF-8 or buffers. */
  const take = (chunk: unknown): Buffer | undefined => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return undefined;
    let buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    if (cut && size + buf.length > cut.atByte) buf = buf.subarray(0, Math.max(0, cut.atByte - size));
    size += buf.length;
    parts.push(buf);
    record.sent = Buffer.concat(parts).toString('utf8');
    return buf;
  };
  const stop = (): void => {
    stopped = true;
    if (cut!.how === 'end') end();
    // end(), not destroy(): the socket flushes what was written, then sends FIN; the chunked body never ends.
    else res.socket?.end();
  };
  res.write = ((chunk: unknown) => {
    if (stopped) return true;
    const buf = take(chunk);
    const ok = buf && buf.length > 0 ? write(buf) : true;
    if (cut && size >= cut.atByte) stop();
    return ok;
  }) as typeof res.write;
  res.end = ((chunk?: unknown) => {
    if (stopped) return res;
    const buf = take(chunk);
    if (cut && size >= cut.atByte) {
      if (buf && buf.length > 0) write(buf);
      stop();
      return res;
    }
    stopped = true;
    return buf && buf.length > 0 ? end(buf) : end();
  }) as typeof res.end;
}
