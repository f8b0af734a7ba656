/** The failure classifier: what each error shape means and which fix it suggests. */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { classify, factsOf, failureKinds, type ClassifyContext } from '../../src/providers/network/classify';
import { ConnectError, HttpStatusError } from '../../src/providers/network/errors';

const ctx: ClassifyContext = { type: 'openai-compatible', typeLabel: 'OpenAI-compatible', url: 'https://llm.example.com/v1/models' };

/** undici's fetch wraps the socket error: TypeError('fetch failed') with a cause. */
function fetchFailed(cause: object): Error {
  return Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('socket'), cause) });
}

/** The SDKs wrap the fetch error again: APIConnectionError with a cause. */
function sdkWrapped(inner: Error): Error {
  class APIConnectionError extends Error {}
  return Object.assign(new APIConnectionError('Connection error.'), { cause: inner });
}

function apiError(status: number, body: unknown = { error: { message: 'x' } }): Error {
  class APIError extends Error {}
  return Object.assign(new APIError(`${status} status code`), { status, error: body, headers: {} });
}

describe('failure classifier', () => {
  const cases: [string, unknown, string, RegExp][] = [
    ['DNS', sdkWrapped(fetchFailed({ code: 'ENOTFOUND', hostname: 'llm.example.com' })), 'dns', /host name/],
    ['DNS (EAI_AGAIN)', fetchFailed({ code: 'EAI_AGAIN' }), 'dns', /host name/],
    ['connection refused', sdkWrapped(fetchFailed({ code: 'ECONNREFUSED', port: 443 })), 'refused', /port/],
    ['reset', fetchFailed({ code: 'ECONNRESET' }), 'reset', /https/],
    ['a port fetch blocks', sdkWrapped(Object.assign(new TypeError('fetch failed'), { cause: new Error('bad port') })), 'bad-port', /another port/],
    ['self-signed', sdkWrapped(fetchFailed({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })), 'tls-untrusted', /CA file/],
    ['self-signed in chain', fetchFailed({ code: 'SELF_SIGNED_CERT_IN_CHAIN' }), 'tls-untrusted', /CA file/],
    ['unknown issuer', fetchFailed({ code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' }), 'tls-untrusted', /CA file/],
    ['expired', fetchFailed({ code: 'CERT_HAS_EXPIRED' }), 'tls-expired', /clock/],
    ['wrong host name', fetchFailed({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' }), 'tls-hostname', /host name/],
    ['https to an http server', fetchFailed({ code: 'ERR_SSL_WRONG_VERSION_NUMBER' }), 'tls-other', /http versus https/],
    ['401', apiError(401), 'auth', /Set API Key/],
    ['Gemini bad key (400)', new HttpStatusError(400, '{"error":{"message":"API key not valid. Please pass a valid API key."}}', 'u'), 'auth', /key/],
    ['403', apiError(403), 'forbidden', /permissions/],
    ['404', apiError(404), 'not-found', /\/v1/],
    ['429', apiError(429), 'rate-limited', /quota/],
    ['503', new HttpStatusError(503, 'down', 'u'), 'server', /later/],
    ['418', apiError(418), 'rejected', /base URL/],
    ['connect timeout', fetchFailed({ code: 'UND_ERR_CONNECT_TIMEOUT' }), 'timeout', /timeout/],
    ['headers timeout', fetchFailed({ code: 'UND_ERR_HEADERS_TIMEOUT' }), 'timeout', /timeout/],
    ['SDK timeout', Object.assign(new Error('Request timed out.'), { name: 'APIConnectionTimeoutError' }), 'timeout', /timeout/],
    ['user abort', Object.assign(new Error('Request was aborted.'), { name: 'APIUserAbortError' }), 'cancelled', /^$/],
    ['not JSON', new ConnectError('not-json', 'Not JSON (text/html).', 'text/html'), 'not-json', /web page/],
    ['SyntaxError from a parser', sdkWrapped(new SyntaxError('Unexpected token < in JSON at position 0')), 'not-json', /web page/],
    ['redirect', new ConnectError('redirect', 'Redirected', 'https://login.example.com'), 'redirect', /base URL/],
    ['malformed list', new ConnectError('malformed', 'The models answer is not a model list.'), 'malformed', /provider type/],
    ['proxy tunnel 407', fetchFailed({ message: 'Proxy response (407) !== 200 when HTTP Tunneling', code: 'UND_ERR_ABORTED' }), 'proxy', /proxy/],
    ['proxy tunnel 403', fetchFailed({ message: 'Proxy response (403) !== 200 when HTTP Tunneling' }), 'proxy', /no-proxy/],
    ['AWS 403', Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }), 'forbidden', /permissions|bedrock/i],
    ['anything else', new Error('weird'), 'unknown', /log/],
  ];
  for (const [name, error, kind, hint] of cases) {
    it(`${name} → ${kind}`, () => {
      const c = classify(error, ctx);
      assert.equal(c.kind, kind, c.message);
      assert.match(c.hint, hint);
      assert.ok(c.message.length > 0);
    });
  }

  it('names the proxy when the refused port is the proxy’s', () => {
    const c = classify(fetchFailed({ code: 'ECONNREFUSED', port: 3128 }), { ...ctx, proxy: 'http://127.0.0.1:3128' });
    assert.equal(c.kind, 'proxy');
    assert.match(c.message, /127\.0\.0\.1:3128/);
  });

  it('a 407 says what credentials the proxy lacks: none configured, a user without a password, or refused ones', () => {
    const tunnel407 = fetchFailed({ message: 'Proxy response (407) !== 200 when HTTP Tunneling', code: 'UND_ERR_ABORTED' });
    const none = classify(tunnel407, { ...ctx, proxy: 'http://proxy.corp:3128' });
    assert.deepEqual([none.kind, none.status], ['proxy', 407]);
    assert.match(none.hint, /http:\/\/user@proxy\.corp:3128.*Set Proxy Password/);
    assert.match(classify(tunnel407, { ...ctx, proxy: 'http://ann@proxy.corp:3128' }).hint, /names the user ann but no password is set/);
    assert.match(classify(tunnel407, { ...ctx, proxy: 'http://ann@proxy.corp:3128', proxyPasswordSet: true }).message, /refused the credentials of ann/);
    assert.match(classify(apiError(407), ctx).hint, /Advanced → Network.*Set Proxy Password/, 'a 407 with no proxy configured: one on the way');
  });

  it('AWS credential errors are "auth" on Bedrock, a missing permission stays "forbidden"', () => {
    const bedrock = { ...ctx, type: 'bedrock' as const, typeLabel: 'Amazon Bedrock' };
    const aws = (name: string) => Object.assign(new Error('The security token included in the request is invalid.'), { name, $metadata: { httpStatusCode: 403 } });
    for (const name of ['UnrecognizedClientException', 'InvalidSignatureException', 'ExpiredTokenException']) assert.equal(classify(aws(name), bedrock).kind, 'auth', name);
    assert.equal(classify(aws('AccessDeniedException'), bedrock).kind, 'forbidden');
    assert.equal(classify(new HttpStatusError(403, 'InvalidSignatureException: {"message":"…"}', 'u'), bedrock).kind, 'auth', 'the InvokeModel path names the type in the body');
  });

  it('gives Azure, Gemini and Bedrock their own hints', () => {
    assert.match(classify(apiError(404), { ...ctx, type: 'azure-openai', typeLabel: 'Azure OpenAI' }).hint, /\/openai\/deployments\/<name>.*api-version/);
    assert.match(classify(apiError(404), { ...ctx, type: 'gemini', typeLabel: 'Gemini' }).hint, /v1beta/);
    assert.match(classify(apiError(401), { ...ctx, type: 'bedrock', typeLabel: 'Bedrock' }).hint, /AWS credentials/);
  });

  it('collects codes through causes and AggregateErrors without looping', () => {
    const loop: Record<string, unknown> = { code: 'A' };
    loop.cause = loop;
    const agg = Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], 'all failed'), { cause: loop });
    assert.deepEqual(factsOf(agg).codes.sort(), ['A', 'ECONNREFUSED']);
  });

  it('always answers a known kind, whatever is thrown', () => {
    fc.assert(
      fc.property(fc.anything(), (thrown) => {
        const c = classify(thrown, ctx);
        assert.ok((failureKinds as readonly string[]).includes(c.kind));
        assert.equal(typeof c.message, 'string');
      }),
    );
  });
});
