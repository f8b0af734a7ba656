/**
 * One model call through the gateway: translate the client's body, send it upstream with the
 * key (or, for Bedrock, signed), and answer in the client's protocol (upstreamCall.ts reads
 * the answer). Failures are protocol-shaped errors: upstream 4xx/5xx keep their status, a
 * timeout is 504, an unreachable upstream 502; once a stream has started, a failure is its
 * error event. An answer that refuses the key is marked (keyRefused), never replayed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BedrockStreamReader } from './bedrockStream';
import { bedrockBody, bedrockHeaders, bedrockSignIn, isBedrock } from './bedrockRequest';
import type { DispatcherCache } from './dispatchers';
import { wantsJsonArray } from './geminiPaths';
import { stoppingMessage, type ForwardOutcome, type RequestControl } from './failure';
import { jsonBytes } from './jsonBytes';
import { sendError } from './respond';
import type { AwsCredentials } from './sigv4';
import type { GatewayProtocol, Translator } from './translator';
import { UpstreamCall } from './upstreamCall';
import { requestHeaders, type PreparedRoute } from './upstream';

export interface ForwardDeps {
  readonly translator: Translator;
  readonly dispatchers: DispatcherCache;
  /** The provider's key; rejects with a reason a user can act on (a failed key command) when there is one. */
  readonly key: (providerId: string) => Promise<string | undefined>;
  /** A Bedrock profile's credentials, from the extension host. */
  readonly awsCredentials?: (providerId: string) => Promise<AwsCredentials | undefined>;
}

type Ready = Extract<PreparedRoute, { ok: true }>;

interface Outgoing {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

type Prepared = { readonly ok: true; readonly out: Outgoing } | { readonly ok: false; readonly status: number; readonly message: string; readonly failure: string };

/** The request as it goes upstream: path, headers with the key or signature, and body. */
async function outgoing(deps: ForwardDeps, req: IncomingMessage, client: GatewayProtocol, p: Ready, body: Record<string, unknown>, stream: boolean, ascii: boolean): Promise<Prepared> {
  const path = (stream && p.streamPath) || p.path;
  // Only Anthropic clients send betas; they reach Anthropic upstreams and Claude on Bedrock.
  const anthropicBeta = client === 'anthropic-messages' ? (req.headers['anthropic-beta'] as string | undefined) : undefined;
  if (isBedrock(p)) {
    const found = await bedrockSignIn(p, deps);
    if (!found.ok) return found;
    const bytes = jsonBytes(bedrockBody(p, body, anthropicBeta), ascii);
    return { ok: true, out: { path, body: bytes, headers: bedrockHeaders(p, path, bytes, stream, found.signIn) } };
  }
  let key: string | undefined;
  try {
    key = await deps.key(p.route.providerId);
  } catch (error) {
    const why = error instanceof Error && error.message ? `: ${error.message}` : '.';
    return { ok: false, status: 500, message: `Switchboard could not read the key of the provider of ${p.route.ref}${why}`, failure: 'key lookup failed' };
  }
  const headers = requestHeaders(p, key, anthropicBeta);
  return { ok: true, out: { path, headers, body: jsonBytes(JSON.stringify(body), ascii) } };
}

/** `ascii`: the client's body had no byte past ASCII (see jsonBytes.ts). */
export async function forward(deps: ForwardDeps, req: IncomingMessage, res: ServerResponse, control: RequestControl, client: GatewayProtocol, p: Ready, body: unknown, ascii: boolean): Promise<ForwardOutcome> {
  const { translator } = deps;
  const { route } = p;
  const translation = translator.translateRequest(client, p.protocol, body, route.model);
  if (!translation.ok) {
    sendError(res, translator, client, translation.status, translation.message);
    return { status: translation.status, stream: false, failure: 'request not translatable' };
  }
  const stream = translation.stream;
  // Whether the request carries a key from `key()`, rather than a profile's AWS credentials.
  let keyed = false;
  const key = (providerId: string) => {
    keyed = true;
    return deps.key(providerId);
  };
  const prepared = await outgoing({ ...deps, key }, req, client, p, translation.body, stream, ascii);
  if (control.kind === 'client') return { status: 499, stream, failure: 'client went away' };
  if (control.kind === 'stop') {
    sendError(res, translator, client, 503, stoppingMessage);
    return { status: 503, stream, failure: 'stopped' };
  }
  if (!prepared.ok) {
    sendError(res, translator, client, prepared.status, prepared.message);
    return { status: prepared.status, stream, failure: prepared.failure };
  }
  const { out } = prepared;
  const dispatcher = deps.dispatchers.get(route.providerId, p.fingerprint, route.network, p.origin);
  const call = new UpstreamCall({
    translator,
    res,
    client,
    upstream: p.protocol,
    clientModel: translation.clientModel,
    ...(translation.streamContext ? { streamContext: translation.streamContext } : {}),
    stream,
    jsonArray: client === 'gemini' && wantsJsonArray(req.url),
    origin: p.origin,
    timeoutMs: route.network.timeoutMs,
    ...(isBedrock(p) ? { reader: () => new BedrockStreamReader(p.bedrock.api), bedrock: true } : {}),
  });
  control.attach(call);
  dispatcher.dispatch({ origin: p.origin, path: out.path, method: 'POST', headers: out.headers, body: out.body }, call);
  const outcome = await call.outcome;
  return keyed && call.keyRefused ? { ...outcome, keyRefused: true } : outcome;
}
