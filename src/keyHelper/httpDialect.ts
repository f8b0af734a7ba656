/**
 * The key request as curl sends it (the launcher's fast path, see launcher.ts): one
 * `GET /key/<provider>` with the token as a bearer, answered with the bare key and closed. The
 * same socket serves the JSON line of the Node helper; the first byte tells them apart. A
 * refusal's status says which (its body, the error code, is for people reading a trace); the
 * launcher captures curl's output and prints a key only on a 200.
 */
import type { KeyErrorCode, KeyReply } from './protocol';

/**
 * What the launcher's curl asks for: `http://<keyHost>/key/<provider>`, over the socket. A
 * loopback name, so a curl too old to know `unix-socket` sends the token nowhere else.
 */
export const keyHost = 'localhost';
export const keyPathPrefix = '/key/';

/** An HTTP request starts with its method's capital letter; a JSON one with "{". */
export const isHttpRequest = (firstByte: number): boolean => firstByte >= 0x41 && firstByte <= 0x5a;

/** The end of an HTTP request head. */
export const headEnd = '\r\n\r\n';

/**
 * The provider and token of a request head, unvalidated (the caller runs them through the
 * same schema as a JSON request); undefined when it is not `GET /key/<something> HTTP/1.x`.
 * A missing Authorization header gives an empty token, which is refused as unauthorized.
 */
export function readHttpRequest(head: string): { readonly provider: string; readonly token: string } | undefined {
  const [requestLine, ...headers] = head.split('\r\n');
  const target = /^GET (\S+) HTTP\/1\.[01]$/.exec(requestLine)?.[1];
  if (!target?.startsWith(keyPathPrefix)) return undefined;
  let token = '';
  for (const line of headers) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === 'authorization') token = /^Bearer (\S+)$/.exec(line.slice(colon + 1).trim())?.[1] ?? '';
  }
  return { provider: target.slice(keyPathPrefix.length), token };
}

const statusOf: Record<KeyErrorCode, string> = {
  'bad-request': '400 Bad Request',
  unauthorized: '401 Unauthorized',
  'no-key': '404 Not Found',
  'lookup-failed': '503 Service Unavailable',
};

function response(status: string, body: string): string {
  return `HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`;
}

/** The whole response: the key alone as the body (the launcher adds the newline), or the error's status. */
export function httpReply(reply: KeyReply): string {
  return reply.ok ? response('200 OK', reply.key) : response(statusOf[reply.error], reply.error);
}

/**
 * For a key a body cannot carry (it has a line break, so where it ends is unclear): a status
 * the launcher leaves to the Node helper, which refuses such a key in words.
 */
export const unservableKeyReply = response('500 Internal Server Error', 'unservable-key');
