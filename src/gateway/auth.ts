/**
 * Who may talk to the gateway, as pure checks on request headers:
 *   - Host must be loopback with our port (a DNS-rebinding page's requests carry its own name);
 *   - no Origin header at all (browsers send one on cross-site requests; agents never do);
 *   - the local token, as x-api-key, Authorization: Bearer or x-goog-api-key (or, for Gemini
 *     paths, `?key=` as Google's API takes it), compared in constant time.
 */
import * as crypto from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export type Refusal = { readonly status: 401 | 403; readonly message: string };

/** A Host check for one port; the set is built once per port. */
export function hostCheck(port: number): (host: string | undefined) => boolean {
  const allowed = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  return (host) => host !== undefined && allowed.has(host.toLowerCase());
}

/** Every credential the request presents, in the three accepted headers. */
export function presentedTokens(headers: IncomingHttpHeaders): string[] {
  const found: string[] = [];
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey) found.push(apiKey);
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.length > 7 && auth.slice(0, 7).toLowerCase() === 'bearer ') found.push(auth.slice(7).trim());
  const goog = headers['x-goog-api-key'];
  if (typeof goog === 'string' && goog) found.push(goog);
  return found;
}

/**
 * The `key` query parameter, which Google's API accepts in place of x-goog-api-key. Only for
 * Gemini paths; the URL it came in is never logged whole nor forwarded.
 */
export function queryTokens(url: string | undefined): string[] {
  const q = url?.indexOf('?') ?? -1;
  if (q < 0) return [];
  const key = new URLSearchParams(url!.slice(q + 1)).get('key');
  return key ? [key] : [];
}

/**
 * Compares presented tokens with the current one in constant time for tokens of its length;
 * the length itself is no secret (a fixed-size random token). The expected bytes are kept
 * while the token stays the same string, so a rotation takes effect on the next request.
 */
export function tokenMatcher(): (presented: readonly string[], expected: string | undefined) => boolean {
  let lastToken: string | undefined;
  let lastBytes: Buffer = Buffer.alloc(0);
  return (presented, expected) => {
    if (!expected || presented.length === 0) return false;
    if (expected !== lastToken) {
      lastToken = expected;
      lastBytes = Buffer.from(expected, 'utf8');
    }
    let ok = false;
    for (const p of presented) {
      const bytes = Buffer.from(p, 'utf8');
      // A wrong length still costs a comparison, against the token itself.
      const same = bytes.length === lastBytes.length;
      if (crypto.timingSafeEqual(same ? bytes : lastBytes, lastBytes) && same) ok = true;
    }
    return ok;
  };
}

/** Host, then Origin: the checks that need no token. */
export function refuseByHeaders(headers: IncomingHttpHeaders, hostOk: (host: string | undefined) => boolean): Refusal | undefined {
  if (!hostOk(headers.host)) {
    return { status: 403, message: `The gateway answers only requests addressed to 127.0.0.1, localhost or [::1] with its port; Host was ${headers.host === undefined ? 'missing' : JSON.stringify(headers.host.slice(0, 100))}.` };
  }
  if (headers.origin !== undefined) return { status: 403, message: 'The gateway does not answer browser requests (the request has an Origin header).' };
  return undefined;
}

export const missingToken: Refusal = { status: 401, message: 'Send the Switchboard gateway token as x-api-key, Authorization: Bearer or x-goog-api-key.' };
export const wrongToken: Refusal = { status: 401, message: 'The Switchboard gateway token is not valid. Re-apply the agent config from Switchboard to get the current one.' };
