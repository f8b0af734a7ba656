/**
 * The embedding model: its place in the stored document (load, operations, removal), the
 * embeddings answer parsing with malformed input, and Test Connection's embeddings call for
 * each documented wire format against the loopback doubles.
 */
import * as assert from 'node:assert/strict';
import { parseEmbedding } from '../../src/providers/connect/embeddingParse';
import { runTestEmbedding } from '../../src/providers/connect/operations';
import type { ProviderTarget } from '../../src/providers/connect/target';
import { loadDocument } from '../../src/providers/document';
import { ConnectError } from '../../src/providers/network/errors';
import { removeModel, removeProvider, replaceModel, setEmbeddingModel } from '../../src/providers/operations';
import { providerType, type ProviderTypeId } from '../../src/providers/providerTypes';
import { holdsEmbeddingModel } from '../../src/providers/removal';
import { embeddingDimensions } from '../upstreams/embeddings';
import { startUpstream, type Upstream } from '../upstreams/server';
import { documentWith, model, provider } from '../fakes/builders';

const work = { id: 'work', name: 'Work', type: 'openai', agents: [], models: [{ id: 'gpt-5', contextLimit: 400000 }, { id: 'text-embedding-3-small', contextLimit: 8191, kind: 'embedding' }] };

describe('the embedding model in the stored document', () => {
  it('loads a document without it unchanged', () => {
    const r = loadDocument({ schemaVersion: 1, providers: [work], defaultRef: 'work/gpt-5', assignments: {} });
    assert.equal(r.changed, false);
    assert.equal('embeddingRef' in r.document, false);
  });

  it('keeps a ref to an embedding model', () => {
    const r = loadDocument({ schemaVersion: 1, providers: [work], embeddingRef: 'work/text-embedding-3-small', assignments: {} });
    assert.equal(r.document.embeddingRef, 'work/text-embedding-3-small');
    assert.deepEqual(r.problems, []);
  });

  it('drops a ref to a missing model or to a chat model, like other dangling refs', () => {
    for (const ref of ['work/gone', 'gone/x', 'nonsense', 'work/gpt-5', 42]) {
      const r = loadDocument({ schemaVersion: 1, providers: [work], embeddingRef: ref, assignments: {} });
      assert.equal(r.document.embeddingRef, undefined, String(ref));
      assert.deepEqual(r.problems.map((p) => p.path), ['embeddingRef']);
      assert.equal(r.changed, true);
    }
  });

  const doc = () =>
    documentWith([provider('p', { models: [model('chat'), model('emb', { kind: 'embedding' })] }), provider('q', { models: [model('e2', { kind: 'embedding' })] })], { embeddingRef: 'p/emb' });

  it('is set to an embedding model only, and cleared with null', () => {
    assert.equal(setEmbeddingModel('q/e2')(doc()).doc.embeddingRef, 'q/e2');
    assert.throws(() => setEmbeddingModel('p/chat')(doc()), /chat model/);
    assert.throws(() => setEmbeddingModel('p/missing')(doc()), /No model/);
    assert.equal('embeddingRef' in setEmbeddingModel(null)(doc()).doc, false);
  });

  it('is cleared when its model or provider is removed, and kept otherwise', () => {
    assert.equal(removeModel('p/emb')(doc()).doc.embeddingRef, undefined);
    assert.equal(removeModel('p/chat')(doc()).doc.embeddingRef, 'p/emb');
    assert.equal(removeProvider('p')(doc()).doc.embeddingRef, undefined);
    assert.equal(removeProvider('q')(doc()).doc.embeddingRef, 'p/emb');
    assert.equal(holdsEmbeddingModel(doc(), 'p'), true);
    assert.equal(holdsEmbeddingModel(doc(), 'q'), false);
  });

  it('follows a renamed model, but not one changed to chat', () => {
    assert.equal(replaceModel('p', 'emb', { id: 'emb-2', contextLimit: 8192, kind: 'embedding' })(doc()).doc.embeddingRef, 'p/emb-2');
    assert.equal(replaceModel('p', 'emb', { id: 'emb', contextLimit: 8192, kind: 'chat' })(doc()).doc.embeddingRef, undefined);
  });

  it('is refused for Codex and Anthropic, which have no embeddings endpoint', () => {
    assert.equal(providerType('anthropic').embeddings, false);
    assert.equal(providerType('codex').embeddings, false);
  });
});

describe('parsing an embeddings answer', () => {
  it('reads the dimensions of each documented shape', () => {
    assert.equal(parseEmbedding('openai', { object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.1, -0.2, 0.3] }] }), 3);
    assert.equal(parseEmbedding('openai', { data: [{ embedding: Buffer.alloc(16).toString('base64') }] }), 4, 'base64 float32');
    assert.equal(parseEmbedding('gemini', { embedding: { values: [1, 2] } }), 2);
    assert.equal(parseEmbedding('gemini', { embeddings: [{ values: [1, 2, 3, 4, 5] }] }), 5);
    assert.equal(parseEmbedding('ollama', { model: 'm', embeddings: [[0, 1, 2]] }), 3);
  });

  it('refuses malformed answers as "malformed"', () => {
    const bad: [Parameters<typeof parseEmbedding>[0], unknown][] = [
      ['openai', null],
      ['openai', []],
      ['openai', 'text'],
      ['openai', {}],
      ['openai', { data: [] }],
      ['openai', { data: [{}] }],
      ['openai', { data: [{ embedding: [] }] }],
      ['openai', { data: [{ embedding: [1, 'x'] }] }],
      ['openai', { data: [{ embedding: [1, null] }] }],
      ['openai', { data: [{ embedding: 'abc' }] }],
      ['openai', { data: [{ embedding: '' }] }],
      ['gemini', { embedding: {} }],
      ['gemini', { embedding: { values: 'x' } }],
      ['gemini', { embeddings: [] }],
      ['gemini', { data: [{ embedding: [1] }] }],
      ['ollama', { embeddings: [] }],
      ['ollama', { embeddings: [[]] }],
      ['ollama', { embedding: [1, 2] }],
    ];
    for (const [shape, body] of bad) {
      assert.throws(
        () => parseEmbedding(shape, body),
        (e: unknown) => e instanceof ConnectError && e.kind === 'malformed',
        `${shape}: ${JSON.stringify(body)}`,
      );
    }
  });
});

describe('Test Connection on an embedding model (loopback doubles)', () => {
  const key = 'sk-embed-1';
  let up: Upstream;
  before(async () => (up = await startUpstream({ expectedKey: key })));
  after(async () => up.close());

  const target = (type: ProviderTypeId, baseUrl: string, extra: Partial<ProviderTarget> = {}): ProviderTarget => ({ type, typeLabel: providerType(type).label, baseUrl, secret: key, headers: {}, ...extra });

  const cases: { type: ProviderTypeId; base: () => string; extra?: Partial<ProviderTarget>; path: RegExp }[] = [
    { type: 'openai', base: () => `${up.url}/v1`, path: /^\/v1\/embeddings$/ },
    { type: 'openai-compatible', base: () => up.url, path: /^\/embeddings$/ },
    { type: 'gemini', base: () => `${up.url}/v1beta`, path: /^\/v1beta\/models\/emb-model:embedContent$/ },
    { type: 'ollama', base: () => `${up.url}/v1`, path: /^\/api\/embed$/ },
    { type: 'azure-openai', base: () => `${up.url}/openai`, extra: { apiVersion: '2024-10-21' }, path: /^\/openai\/deployments\/emb-model\/embeddings$/ },
  ];
  for (const c of cases) {
    it(`${c.type}: one embeddings call with the model and the key`, async () => {
      const before = up.requests.length;
      const outcome = await runTestEmbedding({ target: target(c.type, c.base(), c.extra) }, 'emb-model');
      assert.ok(outcome.ok, JSON.stringify(outcome));
      assert.equal(outcome.via, 'embedding');
      assert.equal(outcome.dimensions, embeddingDimensions);
      const calls = up.requests.slice(before);
      assert.equal(calls.length, 1);
      assert.match(calls[0].path, c.path);
      assert.equal(calls[0].embedding, true);
      assert.equal(calls[0].model, 'emb-model');
      assert.equal(calls[0].apiKey, key);
    });
  }

  it('a wrong key is "auth", and a 200 with the wrong body is "malformed"', async () => {
    const wrong = await runTestEmbedding({ target: { ...target('openai', `${up.url}/v1`), secret: 'other' } }, 'emb-model');
    assert.ok(!wrong.ok);
    assert.equal(wrong.failure.kind, 'auth');
    assert.match(wrong.url, /\/v1\/embeddings$/);
    const odd = await startUpstream({ fault: () => ({ body: { data: [{ embedding: 'nope!' }] } }) });
    try {
      const outcome = await runTestEmbedding({ target: target('openai', `${odd.url}/v1`) }, 'emb-model');
      assert.ok(!outcome.ok);
      assert.equal(outcome.failure.kind, 'malformed');
    } finally {
      await odd.close();
    }
  });
});
