/**
 * Reads a request's JSON body, bounded: the content type must be JSON, the body (and, when
 * compressed, its decompressed size) at most `maxBytes`, and the text must parse. Every
 * failure is a status and a message for the client, never a throw.
 */
import { isAscii } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import * as zlib from 'node:zlib';

export const defaultMaxBodyBytes = 32 * 1024 * 1024;

export type BodyResult =
  /** `ascii`: the body had no byte past ASCII (jsonBytes.ts encodes what is built from it accordingly). */
  | { readonly ok: true; readonly value: unknown; readonly bytes: number; readonly ascii: boolean }
  | { readonly ok: false; readonly status: 400 | 413 | 415; readonly message: string; readonly closeConnection?: boolean };

const jsonType = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

const tooLarge = (maxBytes: number): BodyResult => ({
  ok: false,
  status: 413,
  message: `The request body is larger than the gateway's limit of ${Math.round(maxBytes / 1024 / 1024)} MB.`,
  closeConnection: true,
});

type Inflate = (buf: Buffer, options: zlib.ZlibOptions & zlib.BrotliOptions) => Buffer;

function inflaterFor(encoding: string): Inflate | undefined | 'unknown' {
  switch (encoding) {
    case '':
    case 'identity':
      return undefined;
    case 'gzip':
    case 'x-gzip':
      return zlib.gunzipSync;
    case 'deflate':
      return zlib.inflateSync;
    case 'br':
      return zlib.brotliDecompressSync;
    case 'zstd': {
      // Codex compresses request bodies with zstd; Node has it from 22.15.
      const zstd = (zlib as unknown as { zstdDecompressSync?: Inflate }).zstdDecompressSync;
      return zstd ?? 'unknown';
    }
    default:
      return 'unknown';
  }
}

function collect(req: IncomingMessage, maxBytes: number): Promise<Buffer | 'too-large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: Buffer | 'too-large' | 'aborted') => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // Stop reading; the 413 is sent with Connection: close so the rest is never read.
        req.pause();
        done('too-large');
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => done(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    const onError = () => done('aborted');
    const onClose = () => {
      if (!req.complete) done('aborted');
    };
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/** 'aborted' when the client went away before sending the whole body. */
export async function readJsonBody(req: IncomingMessage, maxBytes = defaultMaxBodyBytes): Promise<BodyResult | 'aborted'> {
  const type = req.headers['content-type'];
  if (type === undefined || !jsonType.test(type)) {
    return { ok: false, status: 415, message: `Send the request body as JSON (Content-Type: application/json), not ${type === undefined ? 'without a content type' : JSON.stringify(type.slice(0, 100))}.`, closeConnection: true };
  }
  const declared = Number(req.headers['content-length']);
  if (declared > maxBytes) return tooLarge(maxBytes);
  const encoding = (req.headers['content-encoding'] ?? '').trim().toLowerCase();
  const inflate = inflaterFor(encoding);
  if (inflate === 'unknown') return { ok: false, status: 415, message: `The gateway cannot read a request body with Content-Encoding ${JSON.stringify(encoding.slice(0, 40))}.`, closeConnection: true };
  const raw = await collect(req, maxBytes);
  if (raw === 'aborted') return 'aborted';
  if (raw === 'too-large') return tooLarge(maxBytes);
  let buf = raw;
  if (inflate) {
    try {
      buf = inflate(raw, { maxOutputLength: maxBytes });
    } catch (error) {
      if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return tooLarge(maxBytes);
      return { ok: false, status: 400, message: `The request body is not valid ${encoding} data.` };
    }
  }
  if (buf.length === 0) return { ok: false, status: 400, message: 'The request has no body; send a JSON object.' };
  let value: unknown;
  try {
    value = JSON.parse(buf.toString('utf8'));
  } catch (error) {
    return { ok: false, status: 400, message: `The request body is not valid JSON (${(error as Error).message.slice(0, 200)}).` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, status: 400, message: 'The request body must be a JSON object.' };
  return { ok: true, value, bytes: buf.length, ascii: isAscii(buf) };
}
