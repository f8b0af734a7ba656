/**
 * One model call through the gateway: translate the client's body, send it upstream with the
 * key, and answer in the client's protocol (upstreamCall.ts reads the answer). Failures are
 * protocol-shaped errors: upstream 4xx/5xx keep their status, a timeout is 504, an
 * unreachable upstream 502; once a stream has started, a failure is its error event.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DispatcherCache } from './dispatchers';
import { wantsJsonArray } from './geminiPaths';
import { stoppingMessage, type ForwardOutcome, type RequestControl } from './failure';
import { sendError } from './respond';
import type { GatewayProtocol, Translator } from './translator';
import { UpstreamCall } from './upstreamCall';
import { requestHeaders, type PreparedRoute } from './upstream';

export interface ForwardDeps {
  readonly translator: Translator;
  readonly dispatchers: DispatcherCache;
  readonly key: (providerId: string) => Promise<string | undefined>;
}

type Ready = Extract<PreparedRoute, { ok: true }>;

export async function forward(deps: ForwardDeps, req: IncomingMessage, res: ServerResponse, control: RequestControl, client: GatewayProtocol, p: Ready, body: unknown): Promise<ForwardOutcome> {
  const { translator } = deps;
  const { route } = p;
  const translation = translator.translateRequest(client, p.protocol, body, route.model);
  if (!translation.ok) {
    sendError(res, translator, client, translation.status, translation.message);
    return { status: translation.status, stream: false, failure: 'request not translatable' };
  }
  const stream = translation.stream;
  let key: string | undefined;
  try {
    key = await deps.key(route.providerId);
  } catch {
    sendError(res, translator, client, 500, `Switchboard could not read the key of the provider of ${route.ref}.`);
    return { status: 500, stream, failure: 'key lookup failed' };
  }
  if (control.kind === 'client') return { status: 499, stream, failure: 'client went away' };
  if (control.kind === 'stop') {
    sendError(res, translator, client, 503, stoppingMessage);
    return { status: 503, stream, failure: 'stopped' };
  }
  const headers = requestHeaders(p, key, client === 'anthropic-messages' ? (req.headers['anthropic-beta'] as string | undefined) : undefined);
  const dispatcher = deps.dispatchers.get(route.providerId, p.fingerprint, route.network, p.origin);
  const call = new UpstreamCall({ translator, res, client, upstream: p.protocol, clientModel: translation.clientModel, ...(translation.streamContext ? { streamContext: translation.streamContext } : {}), stream, jsonArray: client === 'gemini' && wantsJsonArray(req.url), origin: p.origin, timeoutMs: route.network.timeoutMs });
  control.attach(call);
  dispatcher.dispatch({ origin: p.origin, path: (stream && p.streamPath) || p.path, method: 'POST', headers, body: JSON.stringify(translation.body) }, call);
  return call.outcome;
}
