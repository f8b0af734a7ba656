/**
 * Pipes an upstream SSE body to the client through a stream translator: each chunk is
 * translated and written as soon as it arrives, nothing held back. When the client's socket
 * is full the upstream body is paused until it drains, so a slow client holds at most a
 * socket buffer of ours. A failure after the headers went out is the protocol's error event.
 */
import type { ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import { abortKind, networkFailure, type ForwardOutcome } from './failure';
import type { StreamTranslator } from './translator';

const sseHeaders = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' };

export function pipeStream(st: StreamTranslator, res: ServerResponse, signal: AbortSignal, upBody: Dispatcher.ResponseData['body'], origin: string, timeoutMs: number): Promise<ForwardOutcome> {
  res.writeHead(200, sseHeaders);
  upBody.setEncoding('utf8');
  let firstByteAt: number | undefined;
  return new Promise((resolve) => {
    let settled = false;
    const tokens = () => {
      const usage = st.usage();
      return { inputTokens: usage?.inputTokens, outputTokens: usage?.outputTokens };
    };
    const settle = (outcome: ForwardOutcome) => {
      if (settled) return;
      settled = true;
      // The error listener stays: an abort after this point still errors the body.
      upBody.off('data', onData).off('end', onEnd);
      res.off('close', onClose).off('drain', onDrain);
      resolve(outcome);
    };
    /** Ends the client's stream with an error event; the record counts it as the failure it was. */
    const fail = (status: number, message: string, failure: string) => {
      upBody.destroy();
      if (!res.destroyed) res.end(st.fail(message));
      settle({ status, stream: true, firstByteAt, ...tokens(), failure });
    };
    const onData = (chunk: string) => {
      let out: string;
      try {
        out = st.write(chunk);
      } catch (error) {
        fail(502, `The gateway could not read the upstream's stream (${(error as Error)?.name ?? 'error'}).`, 'upstream stream unreadable');
        return;
      }
      if (out.length === 0) return;
      firstByteAt ??= performance.now();
      if (!res.write(out)) {
        upBody.pause();
        res.once('drain', onDrain);
      }
    };
    const onDrain = () => upBody.resume();
    const onEnd = () => {
      let tail: string;
      try {
        tail = st.end();
      } catch (error) {
        fail(502, `The gateway could not read the upstream's stream (${(error as Error)?.name ?? 'error'}).`, 'upstream stream unreadable');
        return;
      }
      res.end(tail);
      settle({ status: 200, stream: true, firstByteAt, ...tokens() });
    };
    const onError = (error: unknown) => {
      if (settled) return;
      const kind = abortKind(signal);
      if (kind === 'client' || res.destroyed) {
        settle({ status: 499, stream: true, firstByteAt, ...tokens(), failure: 'client went away' });
        return;
      }
      if (kind === 'stop') fail(503, 'The Switchboard gateway is stopping.', 'stopped mid-stream');
      else {
        const f = networkFailure(error, origin, timeoutMs);
        fail(f.status, f.message, 'upstream stream cut');
      }
    };
    const onClose = () => {
      if (res.writableFinished) return;
      upBody.destroy();
      settle({ status: 499, stream: true, firstByteAt, ...tokens(), failure: 'client went away' });
    };
    upBody.on('data', onData).once('end', onEnd).on('error', onError);
    res.once('close', onClose);
  });
}
