/**
 * What an upstream call to a route looks like: the wire protocol, the URL and the headers,
 * worked out once per route object and kept while the extension hands the same object back.
 *   OpenAI-style   POST {base}/chat/completions or {base}/responses   Authorization: Bearer
 *   Anthropic      POST {base without /v1}/v1/messages                x-api-key, anthropic-version
 *   Azure OpenAI   POST {base}/deployments/<id>/chat/completions?api-version=…   api-key
 *                  (a base ending in /v1 is Azure's v1 API: {base}/chat/completions)
 *   Gemini         POST {base}/models/<id>:generateContent (streams: :streamGenerateContent?alt=sse)   x-goog-api-key
 *   Bedrock        Claude: POST {runtime base}/model/<id>/invoke (streams: /invoke-with-response-stream)
 *                  any other model: POST {runtime base}/model/<id>/converse (streams: /converse-stream)
 *                  SigV4-signed or a Bedrock API key, per request (bedrockRequest.ts)
 */
import * as crypto from 'node:crypto';
import { bedrockApi, type BedrockApi } from '../providers/bedrockModels';
import { bedrockRuntimeEndpoint } from '../providers/connect/bedrockEndpoint';
import { trimSlash, withoutV1 } from '../providers/connect/target';
import { providerType } from '../providers/providerTypes';
import { routeProblem, type BedrockRouteAuth, type GatewayRoute } from './route';
import type { GatewayProtocol, UpstreamProtocol } from './translator';

export type PreparedRoute =
  | {
      readonly ok: true;
      readonly route: GatewayRoute;
      readonly protocol: UpstreamProtocol;
      /** scheme://host:port, for the dispatcher. */
      readonly origin: string;
      /** Path and query. */
      readonly path: string;
      /** Path and query of a streamed call, when it differs (Gemini). */
      readonly streamPath?: string;
      /** Content type, protocol defaults and the provider's custom headers, lower-cased. */
      readonly headers: Readonly<Record<string, string>>;
      /** The header the key goes in. */
      readonly keyHeader: 'authorization' | 'x-api-key' | 'api-key' | 'x-goog-api-key';
      /** Identifies the provider's network settings: same fingerprint, same dispatcher. */
      readonly fingerprint: string;
      /** Bedrock: requests are signed per call (bedrockRequest.ts); `host` is what the signature covers, `api` which runtime API the model takes. */
      readonly bedrock?: BedrockRouteAuth & { readonly host: string; readonly api: BedrockApi };
    }
  | { readonly ok: false; readonly status: 400 | 500; readonly message: string };

export const anthropicVersion = '2023-06-01';

const prepared = new WeakMap<GatewayRoute, PreparedRoute>();

function fingerprint(route: GatewayRoute): string {
  const n = route.network;
  const hash = (text: string | undefined) => (text === undefined ? '' : crypto.createHash('sha256').update(text).digest('base64url'));
  // A new proxy password needs a new dispatcher too; only its hash is kept.
  return [n.proxy ?? '', (n.noProxy ?? []).join(','), hash(n.caPem), hash(n.proxyPassword), n.allowInvalidCertificate ? '1' : '0', String(n.timeoutMs)].join('|');
}

function upstreamUrl(route: GatewayRoute, protocol: GatewayProtocol, base: string): string {
  if (route.providerType === 'azure-openai') {
    if (/\/v1$/.test(base)) return `${base}/chat/completions`;
    return `${base}/deployments/${encodeURIComponent(route.model.modelId)}/chat/completions?api-version=${encodeURIComponent(route.apiVersion ?? '')}`;
  }
  switch (protocol) {
    case 'anthropic-messages':
      return `${withoutV1(base)}/v1/messages`;
    case 'openai-responses':
      return `${base}/responses`;
    case 'gemini':
      return geminiModelUrl(base, route.model.modelId, 'generateContent');
    default:
      return `${base}/chat/completions`;
  }
}

/** Gemini bases carry their API version (…/v1beta); a bare host gets the one Gemini's SDK uses. */
function geminiModelUrl(base: string, modelId: string, method: string): string {
  const versioned = /\/v1(?:beta|alpha)?$/.test(base) ? base : `${base}/v1beta`;
  return `${versioned}/models/${encodeURIComponent(modelId.replace(/^models\//, ''))}:${method}`;
}

function prepare(route: GatewayRoute): PreparedRoute {
  const problem = routeProblem(route);
  if (problem) return { ok: false, status: 500, message: `Switchboard handed the gateway an invalid route (${problem}).` };
  const type = providerType(route.providerType);
  if (route.providerType === 'bedrock') return prepareBedrock(route);
  if (!route.baseUrl) return { ok: false, status: 400, message: `The provider of ${route.ref} has no base URL; set one in Switchboard.` };
  if (route.providerType === 'azure-openai' && !route.apiVersion && !/\/v1\/?$/.test(route.baseUrl)) {
    return { ok: false, status: 500, message: `Switchboard handed the gateway an Azure route without an api-version (${route.ref}).` };
  }
  const protocol = type.protocol as GatewayProtocol;
  const base = trimSlash(route.baseUrl);
  const url = new URL(upstreamUrl(route, protocol, base));
  const streamUrl = protocol === 'gemini' ? new URL(geminiModelUrl(base, route.model.modelId, 'streamGenerateContent') + '?alt=sse') : undefined;
  const headers: Record<string, string> = { accept: protocol === 'anthropic-messages' ? 'application/json' : 'application/json, text/event-stream' };
  if (protocol === 'anthropic-messages') headers['anthropic-version'] = anthropicVersion;
  for (const [name, value] of Object.entries(route.headers)) headers[name.toLowerCase()] = value;
  headers['content-type'] = 'application/json';
  return {
    ok: true,
    route,
    protocol,
    origin: url.origin,
    path: url.pathname + url.search,
    ...(streamUrl ? { streamPath: streamUrl.pathname + streamUrl.search } : {}),
    headers,
    keyHeader: route.providerType === 'azure-openai' ? 'api-key' : protocol === 'anthropic-messages' ? 'x-api-key' : protocol === 'gemini' ? 'x-goog-api-key' : 'authorization',
    fingerprint: fingerprint(route),
  };
}

/** Bedrock's runtime: Claude's Anthropic body to the model's invoke paths, any other model's Converse body to its converse paths. */
function prepareBedrock(route: GatewayRoute): PreparedRoute {
  if (!route.bedrock) return { ok: false, status: 500, message: `Switchboard handed the gateway a Bedrock route without its region and sign-in (${route.ref}).` };
  const base = trimSlash(route.baseUrl ?? bedrockRuntimeEndpoint({ region: route.bedrock.region }));
  const api = bedrockApi(route.model.modelId);
  const model = `${base}/model/${encodeURIComponent(route.model.modelId)}`;
  const url = new URL(`${model}/${api === 'invoke' ? 'invoke' : 'converse'}`);
  const streamUrl = new URL(`${model}/${api === 'invoke' ? 'invoke-with-response-stream' : 'converse-stream'}`);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(route.headers)) headers[name.toLowerCase()] = value;
  headers['content-type'] = 'application/json';
  headers.accept = 'application/json';
  return {
    ok: true,
    route,
    protocol: api === 'invoke' ? 'anthropic-messages' : 'bedrock-converse',
    origin: url.origin,
    path: url.pathname + url.search,
    streamPath: streamUrl.pathname + streamUrl.search,
    headers,
    keyHeader: 'authorization',
    fingerprint: fingerprint(route),
    bedrock: { ...route.bedrock, host: url.host, api },
  };
}

/** The upstream call for a route; cached per route object, so the extension may reuse objects freely. */
export function prepareRoute(route: GatewayRoute): PreparedRoute {
  let found = prepared.get(route);
  if (!found) prepared.set(route, (found = prepare(route)));
  return found;
}

/**
 * The headers of one upstream request: the route's, the key in its header (none when the
 * provider has no key), and `anthropic-beta` from an Anthropic client to an Anthropic upstream.
 * Nothing else of the client's is forwarded: its credential is the local token.
 */
export function requestHeaders(p: Extract<PreparedRoute, { ok: true }>, key: string | undefined, anthropicBeta: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { ...p.headers };
  if (key) headers[p.keyHeader] = p.keyHeader === 'authorization' ? `Bearer ${key}` : key;
  if (anthropicBeta !== undefined && p.protocol === 'anthropic-messages' && headers['anthropic-beta'] === undefined) headers['anthropic-beta'] = anthropicBeta;
  return headers;
}
