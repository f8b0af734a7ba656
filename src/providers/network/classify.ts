/**
 * Turns whatever a connection attempt threw into one of a few failure kinds, each with a
 * sentence saying what happened and a hint saying what to change. Pure: it reads errors by
 * shape (code, name, status, cause), so it knows undici's, Node's and the SDKs' errors
 * without importing any of them.
 */
import type { ProviderTypeId } from '../providerTypes';
import { ConnectError, HttpStatusError } from './errors';
import { refusesKey } from './keyRefused';

export const failureKinds = [
  'dns',
  'refused',
  'bad-port',
  'reset',
  'tls-untrusted',
  'tls-expired',
  'tls-hostname',
  'tls-other',
  'proxy',
  'auth',
  'forbidden',
  'not-found',
  'rate-limited',
  'server',
  'rejected',
  'timeout',
  'not-json',
  'malformed',
  'redirect',
  'ca-file',
  'unsupported',
  'cancelled',
  'unknown',
] as const;
export type FailureKind = (typeof failureKinds)[number];

export interface Classified {
  readonly kind: FailureKind;
  /** What happened, in one sentence. */
  readonly message: string;
  /** What to change; empty when there is nothing to suggest. */
  readonly hint: string;
  /** The HTTP status, when there was an answer. */
  readonly status?: number;
}

/** Everything an error chain says, gathered from the error and its causes. */
export interface FailureFacts {
  status?: number;
  codes: string[];
  names: string[];
  messages: string[];
  /** The body of an HTTP error answer, shortened. */
  body?: string;
  /** Ports named by socket errors (to tell the proxy from the provider). */
  ports: number[];
  detected?: ConnectError;
}

export interface ClassifyContext {
  readonly type: ProviderTypeId;
  readonly typeLabel: string;
  /** The URL the request went to. */
  readonly url: string;
  readonly proxy?: string;
  /** Whether a proxy password was set (and so sent, with the proxy URL's user name). */
  readonly proxyPasswordSet?: boolean;
}

const maxDepth = 8;

function bodyText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** Walks `cause` (and AggregateError's `errors`) to collect codes, names, statuses and ports. */
export function factsOf(error: unknown): FailureFacts {
  const facts: FailureFacts = { codes: [], names: [], messages: [], ports: [] };
  const seen = new Set<unknown>();
  const visit = (e: unknown, depth: number) => {
    if (depth > maxDepth || e === null || e === undefined || seen.has(e)) return;
    seen.add(e);
    if (typeof e !== 'object') {
      facts.messages.push(String(e));
      return;
    }
    const o = e as Record<string, unknown>;
    if (e instanceof ConnectError) facts.detected ??= e;
    else if (o.name === 'ConnectError' && typeof o.kind === 'string') facts.detected ??= e as ConnectError;
    if (typeof o.code === 'string') facts.codes.push(o.code);
    if (typeof o.name === 'string') facts.names.push(o.name);
    // SDK error classes do not always set `name`; their constructor's name says the same.
    const ctor = (e as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof ctor === 'string' && ctor !== o.name && ctor !== 'Object') facts.names.push(ctor);
    if (typeof o.message === 'string' && o.message) facts.messages.push(o.message);
    if (typeof o.port === 'number') facts.ports.push(o.port);
    // SDK errors carry `status`; AWS SDK errors `$metadata.httpStatusCode`.
    const meta = o.$metadata as { httpStatusCode?: unknown } | undefined;
    const status = typeof o.status === 'number' ? o.status : typeof meta?.httpStatusCode === 'number' ? meta.httpStatusCode : undefined;
    if (status !== undefined && status >= 100 && status <= 599) {
      facts.status ??= status;
      facts.body ??= e instanceof HttpStatusError ? bodyText(e.body) : bodyText(o.error ?? (meta ? o.message : undefined));
    }
    visit(o.cause, depth + 1);
    if (Array.isArray(o.errors)) for (const inner of o.errors) visit(inner, depth + 1);
  };
  visit(error, 0);
  return facts;
}

const untrusted = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE']);
const expired = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const timeouts = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ABORT_ERR_TIMEOUT']);
const timeoutNames = new Set(['TimeoutError', 'APIConnectionTimeoutError', 'ConnectTimeoutError', 'HeadersTimeoutError', 'BodyTimeoutError']);
const cancelNames = new Set(['AbortError', 'APIUserAbortError']);

function hostOf(url: string | undefined): string {
  if (!url) return 'the server';
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function portOf(url: string | undefined): number | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
  } catch {
    return undefined;
  }
}

const setCa = 'Set a CA file (Advanced → Network) holding the certificate of the server or of the proxy that intercepts TLS.';

function notFoundHint(ctx: ClassifyContext): string {
  switch (ctx.type) {
    case 'azure-openai':
      return 'Azure wants the base URL https://<resource>.openai.azure.com/openai (requests go to /openai/deployments/<name>), and an api-version the resource supports, such as 2024-10-21.';
    case 'gemini':
      return 'The Gemini base URL ends in /v1beta, as in https://generativelanguage.googleapis.com/v1beta.';
    case 'anthropic':
      return 'The Anthropic base URL is https://api.anthropic.com or ends in /v1; check the path.';
    case 'ollama':
      return 'Ollama answers at http://localhost:11434 (with /v1 for the OpenAI API); check the host, port and path.';
    default:
      return 'Most OpenAI-compatible servers expect the base URL to end in /v1 (for example http://127.0.0.1:8000/v1); check the path.';
  }
}

function authHint(ctx: ClassifyContext, forbidden: boolean): string {
  if (ctx.type === 'bedrock') return forbidden ? 'The AWS identity lacks bedrock:ListFoundationModels, or Bedrock is not enabled in this region.' : 'Check the AWS credentials: the access key pair, the Bedrock API key or the profile.';
  const where = ctx.type === 'azure-openai' ? 'the Azure resource key' : `the ${ctx.typeLabel} API key`;
  return forbidden
    ? `The key is valid but may not use this endpoint or model list; check ${where}'s permissions, project or region.`
    : `Check ${where}: run "Switchboard: Set API Key" to replace it. A key from another provider or an expired key gets this answer.`;
}

/** A 407: the proxy wants credentials, or refused the ones sent. */
function proxyAuthFailure(ctx: ClassifyContext): Classified {
  if (!ctx.proxy) return { kind: 'proxy', status: 407, message: 'A proxy on the way asks for credentials (HTTP 407 Proxy Authentication Required).', hint: 'Set that proxy in Advanced → Network with your user name in its URL (http://user@host:port), then run “Switchboard: Set Proxy Password”.' };
  const proxy = hostOf(ctx.proxy);
  let user = '';
  try {
    user = ctx.proxy ? decodeURIComponent(new URL(ctx.proxy).username) : '';
  } catch {
    /* an unparsable proxy URL has no user */
  }
  const setPassword = 'run “Switchboard: Set Proxy Password”';
  if (user && ctx.proxyPasswordSet) {
    return { kind: 'proxy', status: 407, message: `The proxy ${proxy} refused the credentials of ${user} (HTTP 407).`, hint: `Check the user name in the proxy URL, and ${setPassword} to replace the password.` };
  }
  const hint = user
    ? `The proxy URL names the user ${user} but no password is set: ${setPassword}.`
    : `Put your proxy user name in the proxy URL (http://user@${proxy}) and ${setPassword}; or add the host to the no-proxy list if it is reachable directly.`;
  return { kind: 'proxy', status: 407, message: `The proxy ${proxy} asks for credentials (HTTP 407 Proxy Authentication Required).`, hint };
}

function fromStatus(status: number, facts: FailureFacts, ctx: ClassifyContext): Classified {
  const host = hostOf(ctx.url);
  const body = facts.body ?? '';
  // AWS says "wrong credentials" with a 403 and the error type; that is a key problem, not a permission one.
  if (refusesKey({ status, body, ...(ctx.type === 'bedrock' ? { awsError: facts.names.join(' ') } : {}) })) {
    const what = status === 403 ? 'the AWS credentials' : 'the key';
    return { kind: 'auth', status, message: `${host} refused ${what} (HTTP ${status}).`, hint: authHint(ctx, false) };
  }
  if (status === 403) return { kind: 'forbidden', status, message: `${host} answered 403 Forbidden.`, hint: authHint(ctx, true) };
  if (status === 404) return { kind: 'not-found', status, message: `${host} has nothing at ${ctx.url} (HTTP 404).`, hint: notFoundHint(ctx) };
  if (status === 407) return proxyAuthFailure(ctx);
  if (status === 429) return { kind: 'rate-limited', status, message: `${host} is rate limiting requests (HTTP 429).`, hint: 'Wait a minute and try again; if it persists, check the quota and billing of the account.' };
  if (status >= 500) return { kind: 'server', status, message: `${host} had an error (HTTP ${status}).`, hint: 'The provider is having trouble; try again later, or check its status page.' };
  if (status >= 300 && status < 400) return { kind: 'redirect', status, message: `${host} answered with a redirect (HTTP ${status}).`, hint: 'Put the final URL in the base URL.' };
  return { kind: 'rejected', status, message: `${host} rejected the request (HTTP ${status})${body ? `: ${body}` : '.'}`, hint: 'Check the base URL and the provider type.' };
}

function fromDetected(e: ConnectError, ctx: ClassifyContext): Classified {
  const host = hostOf(ctx.url);
  switch (e.kind) {
    case 'redirect':
      return { kind: 'redirect', message: `${host} redirected to ${e.detail ?? 'another host'}; Switchboard does not follow redirects to other hosts.`, hint: 'If you trust the new address, put it in the base URL.' };
    case 'not-json':
      return { kind: 'not-json', message: `${host} answered, but not with JSON${e.detail ? ` (${e.detail})` : ''}.`, hint: 'The URL may point at a web page or a login portal rather than the API; check the base URL and its path.' };
    case 'malformed':
      return { kind: 'malformed', message: e.message, hint: 'The server does not speak this provider type’s API; check the provider type and the base URL.' };
    case 'ca-file':
      return { kind: 'ca-file', message: e.message, hint: 'Fix the CA file path in Advanced → Network, or clear it.' };
    case 'unsupported':
      return { kind: 'unsupported', message: e.message, hint: '' };
  }
}

/** The failure kind, message and hint for an error thrown while talking to a provider. */
export function classify(error: unknown, ctx: ClassifyContext): Classified {
  const facts = factsOf(error);
  if (facts.detected) return fromDetected(facts.detected, ctx);
  const host = hostOf(ctx.url);
  const codes = new Set(facts.codes);
  const has = (set: Set<string>) => facts.codes.some((c) => set.has(c));
  const text = facts.messages.join(' | ');
  const proxyPort = portOf(ctx.proxy);
  const aboutProxy = ctx.proxy !== undefined && proxyPort !== undefined && facts.ports.includes(proxyPort) && portOf(ctx.url) !== proxyPort;

  const tunnel = /Proxy response \((\d+)\)/.exec(text);
  if (tunnel) {
    const status = Number(tunnel[1]);
    return status === 407
      ? fromStatus(407, facts, ctx)
      : { kind: 'proxy', status, message: `The proxy ${hostOf(ctx.proxy)} would not open a tunnel to ${host} (HTTP ${status}).`, hint: 'Check the proxy URL, or add the host to the no-proxy list if it is reachable directly.' };
  }
  if (facts.names.some((n) => cancelNames.has(n)) && !facts.names.some((n) => timeoutNames.has(n))) return { kind: 'cancelled', message: 'Cancelled.', hint: '' };
  if (has(timeouts) || facts.names.some((n) => timeoutNames.has(n)) || /timed? ?out/i.test(text)) {
    return { kind: 'timeout', message: `${host} did not answer in time.`, hint: 'Check that the server is up and reachable (a proxy may be needed), or raise the timeout in Advanced → Network.' };
  }
  if (codes.has('ENOTFOUND') || codes.has('EAI_AGAIN') || codes.has('EAI_NONAME')) {
    const what = aboutProxy ? `the proxy ${hostOf(ctx.proxy)}` : host;
    return { kind: 'dns', message: `Could not find ${what}: the name does not resolve.`, hint: aboutProxy ? 'Check the proxy URL.' : 'Check the host name in the base URL; behind a corporate network, a proxy may be needed (Advanced → Network).' };
  }
  if (codes.has('ECONNREFUSED')) {
    if (aboutProxy) return { kind: 'proxy', message: `The proxy ${hostOf(ctx.proxy)} refused the connection.`, hint: 'Check the proxy URL and that the proxy is running.' };
    return { kind: 'refused', message: `Nothing is listening at ${host}: the connection was refused.`, hint: 'Start the server, or check the host and port in the base URL.' };
  }
  // WHATWG fetch refuses the ports browsers block (1, 9, 6000, 6665–6669, …) before connecting.
  if (facts.messages.includes('bad port')) {
    return { kind: 'bad-port', message: `Requests to port ${portOf(ctx.url) ?? '?'} are blocked: it is on the list of ports fetch refuses (as browsers do).`, hint: 'Run the server on another port, such as 8000, and change the port in the base URL.' };
  }
  if (codes.has('ECONNRESET') || codes.has('EPIPE') || codes.has('UND_ERR_SOCKET') || codes.has('UND_ERR_CLOSED')) {
    return { kind: 'reset', message: `${host} closed the connection before answering.`, hint: 'If the URL is https, check that the server speaks https (and http for http URLs); a proxy or firewall may also cut the connection.' };
  }
  if (has(untrusted)) {
    return { kind: 'tls-untrusted', message: `${host} presented a certificate that is not trusted (${facts.codes.find((c) => untrusted.has(c))}), such as a self-signed one.`, hint: `${setCa} Only for testing: allow an invalid certificate.` };
  }
  if (has(expired)) return { kind: 'tls-expired', message: `The certificate of ${host} has expired or is not valid yet.`, hint: 'Check the clock of this machine; otherwise the server must renew its certificate.' };
  if (codes.has('ERR_TLS_CERT_ALTNAME_INVALID')) return { kind: 'tls-hostname', message: `The certificate of ${host} is for another host name.`, hint: 'Use the host name the certificate names in the base URL.' };
  if (facts.codes.some((c) => c.startsWith('ERR_SSL') || c === 'EPROTO' || c.startsWith('ERR_TLS'))) {
    return { kind: 'tls-other', message: `The TLS handshake with ${host} failed (${facts.codes.find((c) => c.startsWith('ERR_') || c === 'EPROTO')}).`, hint: 'Check http versus https in the base URL.' };
  }
  if (facts.status !== undefined) return fromStatus(facts.status, facts, ctx);
  if (facts.names.includes('SyntaxError') || /Unexpected token|not valid JSON|JSON at position/i.test(text)) {
    return { kind: 'not-json', message: `${host} answered, but not with JSON.`, hint: 'The URL may point at a web page rather than the API; check the base URL and its path.' };
  }
  return { kind: 'unknown', message: `Could not reach ${host}: ${facts.messages[0] ?? 'unknown error'}.`, hint: 'See the Switchboard log for details.' };
}
