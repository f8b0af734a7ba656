/**
 * The few HTTP exchanges OAuth needs: form-encoded POSTs that answer JSON, and a GET for
 * discovery. `fetch` is injected so callers can route through their own dispatcher (proxy,
 * CA) and tests can point at a loopback server; responses are validated by the callers.
 */
import * as z from 'zod';
import { SwitchboardError } from '../errors';

/** The slice of the global `fetch` the OAuth code uses. */
export type FetchLike = (url: string, init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<{
  readonly status: number;
  readonly ok: boolean;
  text(): Promise<string>;
}>;

/** What every OAuth exchange is handed. */
export interface OAuthContext {
  readonly fetch: FetchLike;
  /** Aborts the request in flight (the user cancelled). */
  readonly signal?: AbortSignal;
}

/** RFC 6749 §5.2 error body. */
const errorBodySchema = z.object({ error: z.string().min(1), error_description: z.string().optional() }).loose();

/** An error the authorization server answered with: `code` is its `error` field. */
export class OAuthError extends SwitchboardError {
  constructor(
    readonly code: string,
    readonly description: string | undefined,
    readonly status: number,
  ) {
    super(description ? `${code}: ${description}` : code);
  }
}

export interface JsonResponse {
  readonly status: number;
  readonly body: unknown;
}

const maxBody = 1024 * 1024;

async function readJson(response: Awaited<ReturnType<FetchLike>>, url: string): Promise<JsonResponse> {
  const text = await response.text();
  if (text.length > maxBody) throw new SwitchboardError(`${hostOf(url)} answered with more than 1 MiB.`);
  if (text.trim() === '') return { status: response.status, body: undefined };
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    throw new SwitchboardError(`${hostOf(url)} answered HTTP ${response.status} with something that is not JSON.`);
  }
}

export async function getJson(ctx: OAuthContext, url: string): Promise<JsonResponse> {
  const response = await ctx.fetch(url, { method: 'GET', headers: { accept: 'application/json' }, signal: ctx.signal });
  return readJson(response, url);
}

/** POSTs `application/x-www-form-urlencoded` params (RFC 6749 §4.1.3 and friends). */
export async function postForm(ctx: OAuthContext, url: string, params: Record<string, string | undefined>): Promise<JsonResponse> {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) form.set(name, value);
  const response = await ctx.fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form.toString(),
    signal: ctx.signal,
  });
  return readJson(response, url);
}

/** The server's OAuth error, when the body is one; undefined for a success or an unrelated body. */
export function oauthErrorOf(response: JsonResponse): OAuthError | undefined {
  if (response.status >= 200 && response.status < 300) return undefined;
  const parsed = errorBodySchema.safeParse(response.body);
  return parsed.success ? new OAuthError(parsed.data.error, parsed.data.error_description, response.status) : undefined;
}

/** Throws the OAuth error, or a plain HTTP error, for a non-2xx answer. */
export function throwUnlessOk(response: JsonResponse, url: string): void {
  if (response.status >= 200 && response.status < 300) return;
  throw oauthErrorOf(response) ?? new SwitchboardError(`${hostOf(url)} answered HTTP ${response.status}.`);
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** OAuth endpoints must be https, except on loopback (local test servers, RFC 8252 §8.3). */
export function isAllowedEndpoint(url: string): boolean {
  try {
    const u = new URL(url);
    if (u.protocol === 'https:') return true;
    return u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '[::1]' || /^127\./.test(u.hostname));
  } catch {
    return false;
  }
}
