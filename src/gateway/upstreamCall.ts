/**
 * One upstream call, driven through undici's dispatch handler API (no Readable streams in
 * between): the answer is collected whole (JSON, or an error body), or, for a stream,
 * translated chunk by chunk and written to the client at once. A client socket that is full
 * pauses the upstream until it drains. The call settles the moment its outcome is known (an
 * answer sent, a timeout, the client gone, a stop), whatever undici still has to clean up.
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import { GatewayAbort, networkFailure, stoppingMessage, timeoutMessage, type AbortKind, type ForwardOutcome } from './failure';
import { refusesKey } from '../providers/network/keyRefused';
import { JsonArrayStream } from './jsonArrayStream';
import { sendError, sendJson } from './respond';
import { UpstreamStreamError, Utf8StreamReader, type StreamReader } from './streamReader';
import type { GatewayProtocol, StreamContext, StreamTranslator, Translator, UpstreamProtocol } from './translator';

/** Largest upstream answer read whole (a non-streamed response) and largest error body kept. */
const maxResponseBytes = 64 * 1024 * 1024;
const maxErrorBytes = 1024 * 1024;

const sseHeaders = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' };
const jsonArrayHeaders = { ...sseHeaders, 'content-type': 'application/json; charset=utf-8' };

export interface CallContext {
  readonly translator: Translator;
  readonly res: ServerResponse;
  readonly client: GatewayProtocol;
  readonly upstream: UpstreamProtocol;
  readonly clientModel: string;
  /** From the request translation: what the client asked of the stream (a chat client's include_usage). */
  readonly streamContext?: StreamContext;
  readonly stream: boolean;
  /** A Gemini client that asked for the JSON-array form of its stream (no alt=sse): each event becomes an element. */
  readonly jsonArray?: boolean;
  readonly origin: string;
  readonly timeoutMs: number;
  /** How the streamed body becomes SSE text: UTF-8 unless the upstream frames it otherwise (Bedrock). */
  readonly reader?: () => StreamReader;
  /** Bedrock: a 403 whose AWS error type is a credentials one refuses the key too. */
  readonly bedrock?: boolean;
}

type Phase = 'waiting' | 'error-body' | 'json' | 'sse' | 'settled';

export class UpstreamCall implements Dispatcher.DispatchHandler {
  private phase: Phase = 'waiting';
  private paused = false;
  private controller: Dispatcher.DispatchController | undefined;
  private abortedWith: AbortKind | undefined;
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private status = 0;
  private headers: IncomingHttpHeaders = {};
  private st: StreamTranslator | undefined;
  private reader: StreamReader | undefined;
  private firstByteAt: number | undefined;
  private readonly timer: NodeJS.Timeout;
  private settle!: (outcome: ForwardOutcome) => void;
  readonly outcome: Promise<ForwardOutcome>;
  /** The upstream's error answer says it refused the key itself (see refusesKey). */
  keyRefused = false;

  constructor(private readonly x: CallContext) {
    this.outcome = new Promise((resolve) => (this.settle = resolve));
    // Our own timer for the answer's headers: undici's coarse timers may fire up to a second
    // late. Between body chunks, undici's bodyTimeout (the same timeout) applies.
    this.timer = setTimeout(() => this.abort('timeout'), x.timeoutMs);
  }

  /** Cuts the call: the client went away, the headers did not come in time, or the gateway stops. */
  abort(kind: AbortKind): void {
    if (this.phase === 'settled' || this.abortedWith) return;
    this.abortedWith = kind;
    if (kind === 'client') this.finish({ status: 499, failure: 'client went away' });
    else if (kind === 'stop') this.fail(503, stoppingMessage, 'stopped');
    else this.fail(504, timeoutMessage(this.x.origin, this.x.timeoutMs), 'upstream timeout');
    this.controller?.abort(new GatewayAbort(kind));
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.abortedWith) controller.abort(new GatewayAbort(this.abortedWith));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    if (this.phase !== 'waiting') return;
    clearTimeout(this.timer);
    this.status = statusCode;
    this.headers = headers;
    if (statusCode < 200 || statusCode >= 300) this.phase = 'error-body';
    else if (!this.x.stream) this.phase = 'json';
    else {
      this.phase = 'sse';
      const st = this.x.translator.createStreamTranslator(this.x.upstream, this.x.client, this.x.clientModel, this.x.streamContext);
      this.st = this.x.jsonArray ? new JsonArrayStream(st) : st;
      this.reader = this.x.reader?.() ?? new Utf8StreamReader();
      this.x.res.writeHead(200, this.x.jsonArray ? jsonArrayHeaders : sseHeaders);
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.phase === 'sse') {
      let out: string;
      try {
        out = this.st!.write(this.reader!.write(chunk));
      } catch (error) {
        // Settle first: abort() reports back through onResponseError at once.
        this.failStream(error);
        controller.abort(error as Error);
        return;
      }
      if (out.length === 0) return;
      this.firstByteAt ??= performance.now();
      // One drain listener per pause: undici may still hand over chunks it had before pausing.
      if (!this.x.res.write(out) && !this.paused) {
        this.paused = true;
        controller.pause();
        this.x.res.once('drain', () => {
          this.paused = false;
          controller.resume();
        });
      }
      return;
    }
    if (this.phase !== 'json' && this.phase !== 'error-body') return;
    this.size += chunk.length;
    const limit = this.phase === 'json' ? maxResponseBytes : maxErrorBytes;
    if (this.size <= limit) this.chunks.push(chunk);
    else if (this.phase === 'json') {
      this.fail(502, `The upstream's answer is larger than ${maxResponseBytes / 1024 / 1024} MB.`, 'upstream answer too large');
      controller.abort(new Error('answer too large'));
    }
  }

  onResponseEnd(): void {
    if (this.phase === 'sse') return this.endStream();
    if (this.phase !== 'json' && this.phase !== 'error-body') return;
    const text = (this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks)).toString('utf8');
    this.chunks.length = 0;
    const { translator, client } = this.x;
    if (this.phase === 'error-body') {
      const e = translator.upstreamError(this.x.upstream, this.status, text);
      // AWS names the error in a header (ThrottlingException:http://internal…); its body has only the message.
      const awsType = this.headers['x-amzn-errortype'];
      this.keyRefused = refusesKey({ status: this.status, body: text, ...(this.x.bedrock ? { awsError: typeof awsType === 'string' ? awsType : '' } : {}) });
      const message = typeof awsType === 'string' && awsType ? `${awsType.split(':')[0]}: ${e.message}` : e.message;
      const retryAfter = this.headers['retry-after'];
      if (!this.x.res.headersSent) sendError(this.x.res, translator, client, e.status, message, typeof retryAfter === 'string' ? { 'retry-after': retryAfter } : undefined);
      return this.finish({ status: e.status, failure: `upstream ${this.status}` });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return this.fail(502, `The upstream answered with something that is not JSON (${String(this.headers['content-type'] ?? 'no content type')}).`, 'upstream answer not JSON');
    }
    let answer: ReturnType<Translator['translateResponse']>;
    try {
      answer = translator.translateResponse(this.x.upstream, client, parsed, this.x.clientModel);
    } catch (error) {
      answer = { ok: false, status: 502, message: `The gateway could not translate the upstream's answer (${(error as Error)?.name ?? 'error'}).` };
    }
    if (!answer.ok) return this.fail(answer.status, answer.message, 'answer not translatable');
    this.firstByteAt = performance.now();
    sendJson(this.x.res, 200, answer.body);
    this.finish({ status: 200, inputTokens: answer.usage?.inputTokens, outputTokens: answer.usage?.outputTokens });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    clearTimeout(this.timer);
    if (this.phase === 'settled') return;
    const kind = error instanceof GatewayAbort ? error.kind : undefined;
    if (kind) return this.abort(kind);
    const f = networkFailure(error, this.x.origin, this.x.timeoutMs);
    this.fail(f.status, f.message, this.phase === 'waiting' ? `upstream unreachable (${(error as { code?: string }).code ?? error.name})` : 'upstream answer cut');
  }

  private endStream(): void {
    let tail: string;
    try {
      tail = this.st!.write(this.reader!.end()) + this.st!.end();
    } catch (error) {
      return this.failStream(error);
    }
    this.x.res.end(tail);
    // The client saw 200, then an error event when the upstream stopped short: recorded as what it was.
    this.finish(this.st!.failed?.() ? { status: 502, failure: 'upstream stream incomplete' } : { status: 200 });
  }

  /** A stream that cannot go on: the upstream's own exception, else one it sent unreadably. */
  private failStream(error: unknown): void {
    if (error instanceof UpstreamStreamError) return this.fail(error.status, error.message, error.failure);
    this.fail(502, `The gateway could not read the upstream's stream (${(error as Error)?.name ?? 'error'}).`, 'upstream stream unreadable');
  }

  /** An error for the client: a response when none started, else the stream's error event. */
  private fail(status: number, message: string, failure: string): void {
    if (this.phase === 'settled') return;
    const { res } = this.x;
    if (this.phase === 'sse') {
      if (!res.destroyed) res.end(this.st!.fail(message));
    } else if (!res.headersSent) sendError(res, this.x.translator, this.x.client, status, message);
    else res.destroy();
    // A stream cut midway is recorded as the failure it was, though the client saw 200 first.
    this.finish({ status, failure });
  }

  private finish(o: Omit<ForwardOutcome, 'stream'>): void {
    if (this.phase === 'settled') return;
    const usage = this.st?.usage();
    this.phase = 'settled';
    clearTimeout(this.timer);
    this.settle({ stream: this.x.stream, firstByteAt: this.firstByteAt, inputTokens: usage?.inputTokens, outputTokens: usage?.outputTokens, ...o });
  }
}
