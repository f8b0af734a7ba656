/** Failures Switchboard itself detects on a provider's answer, before any SDK sees it. */

export type DetectedKind = 'redirect' | 'not-json' | 'malformed' | 'ca-file' | 'unsupported';

export class ConnectError extends Error {
  override readonly name = 'ConnectError';
  constructor(
    readonly kind: DetectedKind,
    message: string,
    /** The redirect's target, a snippet of the body, or the file path. */
    readonly detail?: string,
  ) {
    super(message);
  }
}

/** A non-2xx answer to a request made without an SDK. */
export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';
  constructor(
    readonly status: number,
    readonly body: string,
    readonly url: string,
  ) {
    super(`HTTP ${status} from ${url}`);
  }
}
