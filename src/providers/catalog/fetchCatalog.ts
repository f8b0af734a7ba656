/**
 * Downloads the catalog with Node's fetch: bounded in time (AbortSignal timeout) and size
 * (the body is read in chunks and dropped past the cap), redirects followed by hand and only
 * on the same host. Every failure is a CatalogFetchError whose message names the cause in
 * words a user can act on. The fetch function is injectable for tests.
 */
import { catalogLimits } from './parseCatalog';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface FetchCatalogOptions {
  readonly fetch?: FetchLike;
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  readonly maxRedirects?: number;
  /** Cancels the download, e.g. when the extension is deactivated. */
  readonly signal?: AbortSignal;
  /** What is downloaded, for the messages ("the catalog", "the team file"). */
  readonly what?: string;
}

export interface FetchedCatalog {
  readonly text: string;
  readonly bytes: number;
  /** The URL the body came from after same-host redirects. */
  readonly finalUrl: string;
}

export class CatalogFetchError extends Error {
  override readonly name = 'CatalogFetchError';
}

export const defaultTimeoutMs = 15_000;

/** The cause of a failed fetch, from the error chain undici builds (TypeError → cause with a code). */
export function describeFetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof CatalogFetchError) return error.message;
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string; name?: string } } | undefined;
  if (e?.name === 'TimeoutError') return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  if (e?.name === 'AbortError') return 'the download was cancelled';
  const cause = e?.cause;
  const words: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'DNS lookup failed (offline?)',
    ECONNRESET: 'connection reset',
    ETIMEDOUT: 'connection timed out',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable (offline?)',
    UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
    UND_ERR_SOCKET: 'the connection closed mid-download',
  };
  if (cause?.code) return `${words[cause.code] ?? cause.code} (${cause.message ?? cause.code})`;
  if (cause?.message) return cause.message;
  return e?.message ?? String(error);
}

function checkUrl(raw: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CatalogFetchError(`"${raw.slice(0, 200)}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new CatalogFetchError(`the URL of ${what} must be http or https, not ${url.protocol.replace(':', '')}`);
  if (url.username || url.password) throw new CatalogFetchError(`the URL of ${what} may not hold credentials`);
  return url;
}

async function readCapped(response: Response, maxBytes: number, what: string): Promise<{ text: string; bytes: number }> {
  const declared = Number(response.headers.get('content-length'));
  const tooBig = () => new CatalogFetchError(`${what} is larger than the ${Math.round(maxBytes / 1024 / 1024)} MiB limit`);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooBig();
  }
  if (!response.body) return { text: '', bytes: 0 };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooBig();
    }
    chunks.push(value);
  }
  return { text: Buffer.concat(chunks, bytes).toString('utf8'), bytes };
}

export async function fetchCatalogText(rawUrl: string, options: FetchCatalogOptions = {}): Promise<FetchedCatalog> {
  const fetchFn: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const maxBytes = options.maxBytes ?? catalogLimits.maxBytes;
  const what = options.what ?? 'the catalog';
  const origin = checkUrl(rawUrl, what);
  const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])];
  const signal = signals.length === 1 ? signals[0] : AbortSignal.any(signals);
  let url = origin;
  try {
    for (let hop = 0; ; hop++) {
      const response = await fetchFn(url.href, { redirect: 'manual', signal, headers: { accept: 'application/json' } });
      if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        await response.body?.cancel().catch(() => undefined);
        const location = response.headers.get('location');
        if (!location) throw new CatalogFetchError(`HTTP ${response.status} redirect without a Location`);
        if (hop >= (options.maxRedirects ?? 5)) throw new CatalogFetchError('too many redirects');
        const next = checkUrl(new URL(location, url).href, what);
        if (next.host !== origin.host) throw new CatalogFetchError(`refused a redirect from ${origin.host} to another host (${next.host})`);
        if (origin.protocol === 'https:' && next.protocol !== 'https:') throw new CatalogFetchError('refused a redirect from https to http');
        url = next;
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw new CatalogFetchError(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
      }
      const { text, bytes } = await readCapped(response, maxBytes, what);
      return { text, bytes, finalUrl: url.href };
    }
  } catch (error) {
    if (error instanceof CatalogFetchError) throw error;
    throw new CatalogFetchError(describeFetchFailure(error, timeoutMs), { cause: error });
  }
}
