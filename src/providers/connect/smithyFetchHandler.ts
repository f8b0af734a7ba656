/**
 * A smithy HttpHandler over a provider's transport, so the AWS SDK's requests (Bedrock's lists,
 * and the credential chain's SSO, SSO-OIDC and STS calls) use the provider's proxy, no-proxy
 * list, CA file and timeout; the SDK's own handler uses node:http and would ignore them.
 */
import { ConnectError } from '../network/errors';
import type { Transport } from './transport';

export interface SmithyRequest {
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  method: string;
  body?: unknown;
}

function isJson(bytes: Uint8Array): boolean {
  try {
    JSON.parse(new TextDecoder().decode(bytes));
    return true;
  } catch {
    return false;
  }
}

/** scheme://host[:port] of a request, for its URL and for messages naming the host. */
export function originOf(request: SmithyRequest): string {
  return `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}`;
}

/** STS speaks the AWS query protocol, which answers in XML: that is an answer, not a web page. */
const isXml = (type: string) => /^(text|application)\/xml\b/i.test(type);

/** The handler; the SDK's answers are small, so bodies are buffered. */
export function fetchHandler(transport: Transport) {
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request: SmithyRequest, { abortSignal }: { abortSignal?: AbortSignal } = {}) {
      const query = new URLSearchParams();
      for (const [k, v] of Object.entries(request.query ?? {})) {
        if (v === null) query.append(k, '');
        else for (const item of Array.isArray(v) ? v : [v]) query.append(k, item);
      }
      const qs = query.toString();
      const url = `${originOf(request)}${request.path}${qs ? `?${qs}` : ''}`;
      const headers = { ...request.headers };
      delete headers.host;
      const body = request.body === undefined || request.body === null ? undefined : (request.body as string | Uint8Array);
      const response = await transport.fetch(url, { method: request.method, headers, ...(body !== undefined ? { body: body as never } : {}), ...(abortSignal ? { signal: abortSignal } : {}) });
      const buffer = new Uint8Array(await response.arrayBuffer());
      // A 2xx that is not JSON (a login portal, a web page) is said as such, not as an SDK parse error.
      const type = response.headers.get('content-type') ?? 'no content type';
      if (response.ok && buffer.length > 0 && !isXml(type) && !isJson(buffer)) {
        throw new ConnectError('not-json', `Not JSON (${type}).`, type.split(';')[0]);
      }
      const out: Record<string, string> = {};
      response.headers.forEach((value, name) => (out[name] = value));
      return { response: { statusCode: response.status, reason: response.statusText, headers: out, body: buffer } };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };
}
