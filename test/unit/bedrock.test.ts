/**
 * Amazon Bedrock against its loopback double (test/upstreams/bedrock.ts), through the code
 * Refresh Models and Test Connection run: the lazily imported @aws-sdk/client-bedrock signing
 * with SigV4, the provider's transport, every page of inference profiles, the product's
 * filter (on-demand text and embedding models), the catalog's metadata, the classified
 * failures, and an InvokeModel embeddings call signed by the SDK's signer.
 */
import * as assert from 'node:assert/strict';
import { metadataLookupOf } from '../../src/providers/catalog/catalogModel';
import { runListModels, runTestConnection, runTestEmbedding, type ConnectRequest } from '../../src/providers/connect/operations';
import type { ProviderTarget } from '../../src/providers/connect/target';
import { modelFromListing } from '../../src/providers/modelList/listedModels';
import { providerType } from '../../src/providers/providerTypes';
import { sampleInferenceProfiles } from '../upstreams/bedrock';
import { embeddingDimensions, fakeVector } from '../upstreams/embeddings';
import { startUpstream, type Upstream, type UpstreamOptions } from '../upstreams/server';
import { parseSigV4 } from '../upstreams/sigv4';
import { smallIndex } from './catalogFixtures';

const region = 'eu-central-1';
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const apiKey = 'ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl';

function target(baseUrl: string, extra: Partial<ProviderTarget> = {}): ProviderTarget {
  return { type: 'bedrock', typeLabel: providerType('bedrock').label, baseUrl, region, aws: { method: 'accessKey', accessKeyId: credentials.accessKeyId }, secret: credentials.secretAccessKey, headers: {}, ...extra };
}

const req = (t: ProviderTarget): ConnectRequest => ({ target: t, network: { timeoutMs: 5000 } });

describe('Amazon Bedrock over the wire', function () {
  this.timeout(20_000);
  let up: Upstream;
  const start = async (options: Partial<UpstreamOptions> = {}, bedrock: Partial<NonNullable<UpstreamOptions['bedrock']>> = {}) =>
    (up = await startUpstream({ protocols: [], ...options, bedrock: { region, credentials, apiKey, ...bedrock } }));
  afterEach(async () => up?.close());

  it('lists on-demand text and embedding models, then every page of inference profiles, all SigV4-signed', async () => {
    await start({}, { maxPageSize: 2 });
    const out = await runListModels(req(target(up.url)));
    if (!out.ok) assert.fail(`${out.failure.kind}: ${out.failure.message}`);
    assert.deepEqual(
      out.models.map((m) => [m.id, m.kind]),
      [
        ['amazon.nova-lite-v1:0', 'chat'],
        ['amazon.titan-embed-text-v2:0', 'embedding'],
        ['anthropic.claude-3-haiku-20240307-v1:0', 'chat'],
        ['apac.amazon.nova-lite-v1:0', 'chat'],
        ['cohere.embed-english-v3', 'embedding'],
        ['eu.anthropic.claude-sonnet-4-5-20250929-v1:0', 'chat'],
        ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'chat'],
        ['us.amazon.nova-lite-v1:0', 'chat'],
        ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'chat'],
      ],
      'no image model, no provisioned-only model, no profile-only model without its profile',
    );
    assert.equal(out.models.find((m) => m.id === 'amazon.nova-lite-v1:0')?.displayName, 'Nova Lite');
    assert.equal(out.models.find((m) => m.id === 'us.amazon.nova-lite-v1:0')?.displayName, 'US Nova Lite');

    const profilePages = up.requests.filter((r) => r.path === '/inference-profiles');
    assert.equal(profilePages.length, Math.ceil(sampleInferenceProfiles.length / 2), 'one request per page');
    assert.deepEqual(profilePages.map((r) => r.query.maxResults), ['1000', '1000', '1000']);
    assert.equal(profilePages[0].query.nextToken, undefined);
    assert.ok(profilePages.slice(1).every((r) => r.query.nextToken), 'later pages send the token');
    assert.equal(up.requests.filter((r) => r.path === '/foundation-models').length, 1);
    for (const r of up.requests) {
      assert.equal(r.status, 200, `${r.method} ${r.url} was accepted`);
      const auth = parseSigV4(r.headers.authorization as string);
      assert.ok(auth, 'AWS4-HMAC-SHA256 Authorization');
      assert.deepEqual([auth.accessKeyId, auth.region, auth.service], [credentials.accessKeyId, region, 'bedrock']);
      assert.ok(auth.signedHeaders.includes('host') && auth.signedHeaders.includes('x-amz-date'));
    }
  });

  it('Refresh Models fills what Bedrock does not say from the catalog, and gives the rest defaults', async () => {
    await start();
    const out = await runListModels(req(target(up.url)));
    assert.ok(out.ok);
    const lookup = metadataLookupOf(smallIndex());
    const byId = (id: string) => modelFromListing('bedrock', out.models.find((m) => m.id === id)!, lookup);
    const claude = byId('us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    assert.deepEqual([claude?.contextLimit, claude?.maxOutputTokens, claude?.displayName, claude?.kind], [200_000, 64_000, 'US Claude Sonnet 4.5', 'chat'], 'the profile finds the model it routes to in the amazon-bedrock section');
    const titan = byId('amazon.titan-embed-text-v2:0');
    assert.equal(titan?.kind, 'embedding');
    assert.equal(titan?.displayName, 'Titan Text Embeddings V2');
  });

  it('Test Connection lists the models', async () => {
    await start();
    const out = await runTestConnection(req(target(up.url)));
    assert.ok(out.ok, JSON.stringify(out));
    assert.equal(out.via, 'list');
    assert.equal(out.models, 9);
    assert.equal(out.url, up.url);
  });

  it('a Bedrock API key goes as a bearer token', async () => {
    await start();
    const out = await runListModels(req(target(up.url, { aws: { method: 'apiKey' }, secret: apiKey })));
    assert.ok(out.ok, JSON.stringify(out));
    assert.equal(out.models.length, 9);
    assert.ok(up.requests.every((r) => r.headers.authorization === `Bearer ${apiKey}`));
  });

  it('a wrong access key id, a wrong secret and a wrong API key are credential failures, not permission ones', async () => {
    await start();
    const wrongId = await runTestConnection(req(target(up.url, { aws: { method: 'accessKey', accessKeyId: 'AKIAWRONGWRONGWRONG1' } })));
    assert.ok(!wrongId.ok);
    assert.deepEqual([wrongId.failure.kind, wrongId.failure.status], ['auth', 403]);
    assert.match(wrongId.failure.message, /refused the AWS credentials \(HTTP 403\)/);
    assert.match(wrongId.failure.hint, /Check the AWS credentials/);
    const refusal = up.requests.find((r) => r.path === '/foundation-models')!;
    assert.equal(refusal.status, 403);

    const wrongSecret = await runTestConnection(req(target(up.url, { secret: 'not-the-secret' })));
    assert.ok(!wrongSecret.ok);
    assert.equal(wrongSecret.failure.kind, 'auth');

    const wrongKey = await runTestConnection(req(target(up.url, { aws: { method: 'apiKey' }, secret: 'ABSKnot-the-key' })));
    assert.ok(!wrongKey.ok);
    assert.equal(wrongKey.failure.kind, 'auth');
  });

  it('an identity that may not list models is told about permissions; one that may not list profiles still lists models', async () => {
    const denied = { status: 403, body: { __type: 'AccessDeniedException', message: 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: bedrock:ListInferenceProfiles' } };
    await start({ fault: (r) => (r.path === '/inference-profiles' ? denied : undefined) });
    const out = await runListModels(req(target(up.url)));
    assert.ok(out.ok, JSON.stringify(out));
    assert.deepEqual(out.models.map((m) => m.id), ['amazon.nova-lite-v1:0', 'amazon.titan-embed-text-v2:0', 'anthropic.claude-3-haiku-20240307-v1:0', 'cohere.embed-english-v3']);
    await up.close();
    await start({ fault: () => denied });
    const test = await runTestConnection(req(target(up.url)));
    assert.ok(!test.ok);
    assert.equal(test.failure.kind, 'forbidden');
    assert.match(test.failure.hint, /bedrock:ListFoundationModels/);
  });

  it('an answer that is not JSON is "not-json", naming the content type', async () => {
    await start({ fault: () => ({ status: 200, body: '<html>Sign in to the corporate portal</html>', contentType: 'text/html' }) });
    const out = await runListModels(req(target(up.url)));
    assert.ok(!out.ok);
    assert.equal(out.failure.kind, 'not-json');
    assert.match(out.failure.message, /not with JSON \(text\/html\)/);
  });

  it('a missing secret is said before any request', async () => {
    await start();
    const out = await runTestConnection(req(target(up.url, { secret: undefined })));
    assert.ok(!out.ok);
    assert.equal(out.failure.kind, 'unsupported');
    assert.match(out.failure.message, /secret access key/);
    assert.equal(up.requests.length, 0);
  });
});

describe('Amazon Bedrock embeddings over the wire', function () {
  this.timeout(20_000);
  let up: Upstream;
  beforeEach(async () => (up = await startUpstream({ protocols: [], bedrock: { region, credentials, apiKey } })));
  afterEach(async () => up?.close());

  it('Titan: InvokeModel with { inputText }, signed by the SDK signer', async () => {
    const out = await runTestEmbedding(req(target(up.url)), 'amazon.titan-embed-text-v2:0');
    assert.ok(out.ok, JSON.stringify(out));
    assert.deepEqual([out.via, out.dimensions], ['embedding', embeddingDimensions]);
    assert.equal(out.url, `${up.url}/model/amazon.titan-embed-text-v2%3A0/invoke`);
    const call = up.requests[0];
    assert.deepEqual([call.method, call.path, call.status, call.model, call.embedding], ['POST', '/model/amazon.titan-embed-text-v2%3A0/invoke', 200, 'amazon.titan-embed-text-v2:0', true]);
    assert.deepEqual(call.body, { inputText: 'ping' });
    const auth = parseSigV4(call.headers.authorization as string);
    assert.deepEqual([auth?.accessKeyId, auth?.region, auth?.service], [credentials.accessKeyId, region, 'bedrock']);
    assert.ok(auth?.signedHeaders.includes('content-type'));
    assert.equal(fakeVector('ping').length, out.dimensions);
  });

  it('Cohere: { texts, input_type }; with a Bedrock API key as a bearer token', async () => {
    const out = await runTestEmbedding(req(target(up.url, { aws: { method: 'apiKey' }, secret: apiKey })), 'cohere.embed-english-v3');
    assert.ok(out.ok, JSON.stringify(out));
    assert.equal(out.dimensions, embeddingDimensions);
    assert.deepEqual(up.requests[0].body, { texts: ['ping'], input_type: 'search_query' });
    assert.equal(up.requests[0].headers.authorization, `Bearer ${apiKey}`);
  });

  it('a wrong secret is "auth"; an unknown model is rejected with AWS\'s message; an unknown body family is "unsupported"', async () => {
    const wrong = await runTestEmbedding(req(target(up.url, { secret: 'nope' })), 'amazon.titan-embed-text-v2:0');
    assert.ok(!wrong.ok);
    assert.equal(wrong.failure.kind, 'auth');
    const unknown = await runTestEmbedding(req(target(up.url)), 'amazon.titan-embed-text-v9:0');
    assert.ok(!unknown.ok);
    assert.deepEqual([unknown.failure.kind, unknown.failure.status], ['rejected', 400]);
    assert.match(unknown.failure.message, /ValidationException.*model identifier is invalid/);
    const before = up.requests.length;
    const other = await runTestEmbedding(req(target(up.url)), 'twelvelabs.marengo-embed-2-7-v1:0');
    assert.ok(!other.ok);
    assert.equal(other.failure.kind, 'unsupported');
    assert.equal(up.requests.length, before, 'nothing was sent');
  });
});
