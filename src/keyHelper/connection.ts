/**
 * One key request on one connection: read a bounded request (a JSON line from the Node helper,
 * or an HTTP head from the launcher's curl: httpDialect.ts), validate it, check the token in
 * constant time, look the key up, answer in the request's dialect and close. Logs provider
 * ids and outcomes only, never a key or a token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type * as net from 'node:net';
import { headEnd, httpReply, isHttpRequest, readHttpRequest, unservableKeyReply } from './httpDialect';
import { encodeReply, keyRequestSchema, watchRequestSchema, type KeyReply } from './protocol';

export interface ConnectionContext {
  readonly token: string;
  readonly lookup: (providerId: string) => Promise<string | undefined>;
  readonly log: (line: string) => void;
  readonly limits: { readonly [K in 'maxRequestBytes' | 'requestTimeoutMs' | 'lookupTimeoutMs']: number };
}

/** Equal-length digests, so neither the content nor the length of the token leaks through timing. */
export function tokensMatch(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function handleConnection(socket: net.Socket, context: ConnectionContext): void {
  let received: Buffer = Buffer.alloc(0);
  let http: boolean | undefined;
  let done = false;

  const answer = (reply: KeyReply): void => {
    if (socket.destroyed) return;
    socket.end(http ? httpReply(reply) : encodeReply(reply));
  };
  const finish = (): boolean => {
    if (done) return false;
    done = true;
    clearTimeout(timer);
    socket.removeListener('data', onData);
    return true;
  };

  // Whatever a client does (e.g. keeps sending after a refusal), the connection ends by then.
  const cap = setTimeout(() => socket.destroy(), context.limits.requestTimeoutMs + context.limits.lookupTimeoutMs);
  socket.on('close', () => clearTimeout(cap));

  // A client that never finishes its line must not hold the connection open.
  const timer = setTimeout(() => {
    if (!finish()) return;
    context.log('key request dropped: no request line in time');
    socket.destroy();
  }, context.limits.requestTimeoutMs);

  const onData = (chunk: Buffer): void => {
    http ??= isHttpRequest(chunk[0]);
    // Requests are a few hundred bytes: joining the chunks costs nothing, and the cap below bounds it.
    received = received.length ? Buffer.concat([received, chunk]) : chunk;
    const end = received.indexOf(http ? headEnd : '\n');
    if ((end < 0 ? received.length : end) > context.limits.maxRequestBytes) {
      if (!finish()) return;
      context.log('key request rejected: too large');
      answer({ ok: false, error: 'bad-request' });
      return;
    }
    if (end >= 0 && finish()) void respond(received.subarray(0, end).toString('utf8'));
  };
  socket.on('data', onData);
  // A client may half-close instead of sending the newline; one that sent nothing is
  // another window probing whether this one is alive.
  socket.on('end', () => {
    if (!finish()) return;
    if (received.length === 0) socket.end();
    else void respond(received.toString('utf8'));
  });
  // Resets and the like: the client has gone, nothing to answer.
  socket.on('error', () => finish());

  async function respond(text: string): Promise<void> {
    let parsed: unknown;
    if (http) parsed = readHttpRequest(text);
    else {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    const watch = watchRequestSchema.safeParse(parsed);
    if (watch.success && tokensMatch(watch.data.token, context.token)) {
      // Held until this server stops (or that window goes): no answer, no time limit.
      clearTimeout(cap);
      context.log('another window stands by');
      return;
    }
    const request = keyRequestSchema.safeParse(parsed);
    if (!request.success) {
      context.log('key request rejected: malformed');
      return answer({ ok: false, error: 'bad-request' });
    }
    const { provider, token } = request.data;
    if (!tokensMatch(token, context.token)) {
      context.log(`key request for "${provider}" refused: wrong token`);
      return answer({ ok: false, error: 'unauthorized' });
    }
    let key: string | undefined;
    try {
      key = await withTimeout(context.lookup(provider), context.limits.lookupTimeoutMs);
    } catch (error) {
      context.log(`key request for "${provider}" failed: ${error instanceof TimeoutError ? 'key store did not answer in time' : 'key store error'}`);
      return answer({ ok: false, error: 'lookup-failed' });
    }
    if (!key) {
      context.log(`key request for "${provider}": no key`);
      return answer({ ok: false, error: 'no-key' });
    }
    // A body cannot say where a key with a line break ends; the Node helper refuses such keys too.
    if (http && /[\r\n]/.test(key)) {
      context.log(`key request for "${provider}": not served over HTTP (the key has a line break)`);
      if (!socket.destroyed) socket.end(unservableKeyReply);
      return;
    }
    context.log(`key request for "${provider}": served${http ? ' (curl)' : ''}`);
    answer({ ok: true, key });
  }
}

class TimeoutError extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
