/**
 * One model call through the gateway: translate the client's body, send it upstream with the
 * key, and answer in the client's protocol. Streams are translated chunk by chunk as they
 * arrive and written at once; a full client socket pauses the upstream (backpressure).
 * Failures become protocol-shaped errors: upstream 4xx/5xx keep their status, a timeout is
 * 504, an unreachable upstream 502; once a stream has started, a failure is its error event.
 */
import { StringDecoder } from 'node:string_decoder';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import type { DispatcherCache } from './dispatchers';
import { wantsJsonArray } from './geminiPaths';
import { sendError, sendJson } from './respond';
import { requestHeaders, type PreparedRoute } from './upstream';
import type { GatewayProtocol, Translator } from './translator';

export interface ForwardDeps {
  readonly translator: Translator;
  readonly dispatchers: DispatcherCache;
  readonly key: (providerId: string) => Promise<string | undefined>;
}

/** Why a request's controller was aborted. */
export class GatewayAbort extends Error {
  constructor(readonly kind: 'client' | 'timeout' | 'stop') {
    super(`gateway request aborted: ${kind}`);
  }
}

export interface ForwardOutcome {
  /** What the client got; 499 when it went away first. */
  status: number;
  stream: boolean;
  inputTokens?: number;
  outputTokens?: number;
  /** performance.now() when the first bytes of the answer were written. */
  firstByteAt?: number;
  /** A short reason for the log: never a body, a key or a token. */
  failure?: string;
}

/** Largest upstream answer read whole (a non-streamed response, an error body). */
const maxResponseBytes = 64 * 1024 * 1024;
const maxErrorBytes = 1024 * 1024;

const sseHeaders = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' };

type Ready = Extract<PreparedRoute, { ok: true }>;

async function readText(body: Dispatcher.ResponseData['body'], limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)).toString('utf8');
}

/** Resolves when the socket can take more, or is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done).off('close', done);
      resolve();
    };
    res.on('drain', done).on('close', done);
  });
}

function abortKind(signal: AbortSignal): GatewayAbort['kind'] | undefined {
  return signal.aborted && signal.reason instanceof GatewayAbort ? signal.reason.kind : undefined;
}

function networkFailure(error: unknown, origin: string, timeoutMs: number): { status: 502 | 504; message: string } {
  const code = (error as { code?: string }).code ?? (error as Error).name ?? 'error';
  if (/TIMEOUT/i.test(code)) return { status: 504, message: `The upstream ${origin} did not answer within ${timeoutMs / 1000} s (${code}).` };
  return { status: 502, message: `The gateway could not reach the upstream ${origin} (${code}).` };
}

function timeoutMessage(origin: string, timeoutMs: number): string {
  return `The upstream ${origin} did not answer within ${timeoutMs / 1000} s.`;
}

export async function forward(deps: ForwardDeps, req: IncomingMessage, res: ServerResponse, controller: AbortController, client: GatewayProtocol, p: Ready, body: unknown): Promise<ForwardOutcome> {
  const { translator } = deps;
  const { route } = p;
  const translation = translator.translateRequest(client, p.protocol, body, route.model);
  if (!translation.ok) {
    sendError(res, translator, client, translation.status, translation.message);
    return { status: translation.status, stream: false, failure: 'request not translatable' };
  }
  const stream = translation.stream;
  let key: string | undefined;
  try {
    key = await deps.key(route.providerId);
  } catch {
    sendError(res, translator, client, 500, `Switchboard could not read the key of the provider of ${route.ref}.`);
    return { status: 500, stream, failure: 'key lookup failed' };
  }
  const signal = controller.signal;
  if (signal.aborted) return { status: abortKind(signal) === 'client' ? 499 : 503, stream, failure: abortKind(signal) };
  const headers = requestHeaders(p, key, client === 'anthropic-messages' ? (req.headers['anthropic-beta'] as string | undefined) : undefined);
  const dispatcher = deps.dispatchers.get(route.providerId, p.fingerprint, route.network, p.origin);
  const timeoutMs = route.network.timeoutMs;
  // Our own timer for the answer's headers: undici's coarse timers may fire up to a second late.
  const timer = setTimeout(() => controller.abort(new GatewayAbort('timeout')), timeoutMs);
  let up: Dispatcher.ResponseData;
  try {
    up = await dispatcher.request({ origin: p.origin, path: (stream && p.streamPath) || p.path, method: 'POST', headers, body: JSON.stringify(translation.body), signal });
  } catch (error) {
    const kind = abortKind(signal);
    if (kind === 'client') return { status: 499, stream, failure: 'client went away' };
    const failure = kind === 'timeout' ? { status: 504 as const, message: timeoutMessage(p.origin, timeoutMs) } : kind === 'stop' ? { status: 503 as const, message: 'The Switchboard gateway is stopping.' } : networkFailure(error, p.origin, timeoutMs);
    sendError(res, translator, client, failure.status, failure.message);
    return { status: failure.status, stream, failure: kind ?? `upstream unreachable (${(error as { code?: string }).code ?? 'error'})` };
  } finally {
    clearTimeout(timer);
  }

  const upBody = up.body;
  try {
    if (up.statusCode < 200 || up.statusCode >= 300) {
      const text = (await readText(upBody, maxErrorBytes)) ?? '';
      const e = translator.upstreamError(p.protocol, up.statusCode, text);
      const retryAfter = up.headers['retry-after'];
      sendError(res, translator, client, e.status, e.message, typeof retryAfter === 'string' ? { 'retry-after': retryAfter } : undefined);
      return { status: e.status, stream, failure: `upstream ${up.statusCode}` };
    }
    if (!stream) {
      const text = await readText(upBody, maxResponseBytes);
      let parsed: unknown;
      try {
        parsed = text === undefined ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (parsed === undefined) {
        const message = text === undefined ? `The upstream's answer is larger than ${maxResponseBytes / 1024 / 1024} MB.` : `The upstream answered with something that is not JSON (${String(up.headers['content-type'] ?? 'no content type')}).`;
        sendError(res, translator, client, 502, message);
        return { status: 502, stream, failure: 'upstream answer not JSON' };
      }
      const answer = translator.translateResponse(p.protocol, client, parsed, translation.clientModel);
      if (!answer.ok) {
        sendError(res, translator, client, answer.status, answer.message);
        return { status: answer.status, stream, failure: 'answer not translatable' };
      }
      const firstByteAt = performance.now();
      sendJson(res, 200, client === 'gemini' && wantsJsonArray(req.url) ? [answer.body] : answer.body);
      return { status: 200, stream, firstByteAt, inputTokens: answer.usage?.inputTokens, outputTokens: answer.usage?.outputTokens };
    }
    return await pipeStream(deps, res, signal, client, p, translation.clientModel, upBody, timeoutMs);
  } catch (error) {
    // Reading a non-streamed answer failed: timeout, the client or a stop, or the socket.
    upBody.destroy();
    const kind = abortKind(signal);
    if (kind === 'client') return { status: 499, stream, failure: 'client went away' };
    const failure = kind === 'stop' ? { status: 503 as const, message: 'The Switchboard gateway is stopping.' } : networkFailure(error, p.origin, timeoutMs);
    sendError(res, translator, client, failure.status, failure.message);
    return { status: failure.status, stream, failure: kind ?? 'upstream answer cut' };
  }
}

async function pipeStream(deps: ForwardDeps, res: ServerResponse, signal: AbortSignal, client: GatewayProtocol, p: Ready, clientModel: string, upBody: Dispatcher.ResponseData['body'], timeoutMs: number): Promise<ForwardOutcome> {
  const st = deps.translator.createStreamTranslator(p.protocol, client, clientModel);
  res.writeHead(200, sseHeaders);
  let firstByteAt: number | undefined;
  // undici's body may yield Buffers even after setEncoding: decode here, keeping split characters whole.
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of upBody as AsyncIterable<Buffer | string>) {
      const out = st.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
      if (out.length === 0) continue;
      firstByteAt ??= performance.now();
      if (!res.write(out)) await drained(res);
      if (res.destroyed) throw new GatewayAbort('client');
    }
    res.end(st.end());
    const usage = st.usage();
    return { status: 200, stream: true, firstByteAt, inputTokens: usage?.inputTokens, outputTokens: usage?.outputTokens };
  } catch (error) {
    upBody.destroy();
    const kind = abortKind(signal) ?? (error instanceof GatewayAbort ? error.kind : undefined);
    const usage = st.usage();
    const tokens = { inputTokens: usage?.inputTokens, outputTokens: usage?.outputTokens };
    if (kind === 'client' || res.destroyed) return { status: 499, stream: true, firstByteAt, ...tokens, failure: 'client went away' };
    const failure = kind === 'stop' ? { status: 503, message: 'The Switchboard gateway is stopping.' } : networkFailure(error, p.origin, timeoutMs);
    res.end(st.fail(failure.message));
    // The client saw 200 and then an error event; the record counts it as the failure it was.
    return { status: failure.status, stream: true, firstByteAt, ...tokens, failure: kind === 'stop' ? 'stopped mid-stream' : 'upstream stream cut' };
  }
}
