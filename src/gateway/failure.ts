/**
 * How a gateway request ends when it does not end well: who cut it (the client, the timeout,
 * a stop), what a network error means for the client, and the outcome its usage record is
 * made from.
 */

export type AbortKind = 'client' | 'timeout' | 'stop';

/** The reason given to undici when the gateway cuts an upstream call. */
export class GatewayAbort extends Error {
  constructor(readonly kind: AbortKind) {
    super(`gateway request aborted: ${kind}`);
  }
}

/**
 * Cuts one request from outside (the client hung up, the gateway stops). Cheaper than an
 * AbortController per request; the upstream call registers itself once it is under way.
 */
export class RequestControl {
  kind: AbortKind | undefined;
  private target: { abort(kind: AbortKind): void } | undefined;

  abort(kind: AbortKind): void {
    if (this.kind) return;
    this.kind = kind;
    this.target?.abort(kind);
  }

  attach(target: { abort(kind: AbortKind): void }): void {
    this.target = target;
    if (this.kind) target.abort(this.kind);
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
  /** The upstream refused the key that `key()` gave for this request (a 401; see refusesKey). */
  keyRefused?: boolean;
}

export const stoppingMessage = 'The Switchboard gateway is stopping.';

export function timeoutMessage(origin: string, timeoutMs: number): string {
  return `The upstream ${origin} did not answer within ${timeoutMs / 1000} s.`;
}

export function networkFailure(error: unknown, origin: string, timeoutMs: number): { status: 502 | 504; message: string } {
  const code = (error as { code?: string }).code ?? (error as Error).name ?? 'error';
  if (/TIMEOUT/i.test(code)) return { status: 504, message: `The upstream ${origin} did not answer within ${timeoutMs / 1000} s (${code}).` };
  return { status: 502, message: `The gateway could not reach the upstream ${origin} (${code}).` };
}
