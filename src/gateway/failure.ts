/**
 * How a gateway request ends when it does not end well: why its controller was aborted, what
 * a network error means for the client, and the outcome the usage record is made from.
 */

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

export function abortKind(signal: AbortSignal): GatewayAbort['kind'] | undefined {
  return signal.aborted && signal.reason instanceof GatewayAbort ? signal.reason.kind : undefined;
}

export function networkFailure(error: unknown, origin: string, timeoutMs: number): { status: 502 | 504; message: string } {
  const code = (error as { code?: string }).code ?? (error as Error).name ?? 'error';
  if (/TIMEOUT/i.test(code)) return { status: 504, message: `The upstream ${origin} did not answer within ${timeoutMs / 1000} s (${code}).` };
  return { status: 502, message: `The gateway could not reach the upstream ${origin} (${code}).` };
}

