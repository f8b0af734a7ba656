/**
 * One model call through the gateway: translate the client's body, send it upstream with the
 * key, and answer in the client's protocol. Streams are translated chunk by chunk as they
 * arrive and written at once; a full client socket pauses the upstream (backpressure).
 * Failures become protocol-shaped errors: upstream 4xx/5xx keep their status, a timeout is
 * 504, an unreachable upstream 502; once a stream has started, a failure is its error event.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import type { DispatcherCache } from './dispatchers';
import { sendError, sendJson } from './respond';
import { abortKind, GatewayAbort, networkFailure, type ForwardOutcome } from './failure';
import { pipeStream } from './stream';
import { requestHeaders, type PreparedRoute } from './upstream';
import type { GatewayProtocol, Translator } from './translator';

export interface ForwardDeps {
  readonly translator: Translator;
  readonly dispatchers: DispatcherCache;
  readonly key: (providerId: string) => Promise<string | undefined>;
}

/** Largest upstream answer read whole (a non-streamed response, an error body). */
const maxResponseBytes = 64 * 1024 * 1024;
const maxErrorBytes = 1024 * 1024;

type Ready = Extract<PreparedRoute, { ok: true }>;

/** The whole body as text; undefined (and the body dropped) when it exceeds `limit` bytes. */
function readText(body: Dispatcher.ResponseData['body'], limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      if (size > limit) return;
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      chunks.length = 0;
      body.destroy();
      resolve(undefined);
    });
    body.once('end', () => resolve(size > limit ? undefined : (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)).toString('utf8')));
    body.once('error', (error) => (size > limit ? resolve(undefined) : reject(error)));
  });
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
    up = await dispatcher.request({ origin: p.origin, path: p.path, method: 'POST', headers, body: JSON.stringify(translation.body), signal });
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
      let answer: ReturnType<Translator['translateResponse']>;
      try {
        answer = translator.translateResponse(p.protocol, client, parsed, translation.clientModel);
      } catch (error) {
        answer = { ok: false, status: 502, message: `The gateway could not translate the upstream's answer (${(error as Error)?.name ?? 'error'}).` };
      }
      if (!answer.ok) {
        sendError(res, translator, client, answer.status, answer.message);
        return { status: answer.status, stream, failure: 'answer not translatable' };
      }
      const firstByteAt = performance.now();
      sendJson(res, 200, answer.body);
      return { status: 200, stream, firstByteAt, inputTokens: answer.usage?.inputTokens, outputTokens: answer.usage?.outputTokens };
    }
    return await pipeStream(translator.createStreamTranslator(p.protocol, client, translation.clientModel), res, signal, upBody, p.origin, timeoutMs);
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
