/** Reading each provider's model-list answer, and refusing answers of another shape. */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { modelFromListing } from '../../src/providers/modelList/listedModels';
import { parseAnthropicPage, parseAzureDeployments, parseBedrockLists, parseGeminiPage, parseOllamaTags, parseOpenAiModels, tidyList } from '../../src/providers/modelList/parse';
import { ConnectError } from '../../src/providers/network/errors';
import { modelSchema } from '../../src/providers/model';

const malformed = (fn: () => unknown) => assert.throws(fn, (e: unknown) => e instanceof ConnectError && e.kind === 'malformed');

describe('model-list parsing', () => {
  it('OpenAI: ids, plus the limits and names OpenRouter/Vercel add', () => {
    const out = parseOpenAiModels({ object: 'list', data: [{ id: 'gpt-5', object: 'model' }, { id: 'anthropic/claude', name: 'Claude', context_length: 200000, extra: { a: 1 } }, { id: 'v', type: 'embedding', context_window: 8000, max_tokens: 9000 }] });
    assert.deepEqual(out, [
      { id: 'gpt-5', kind: 'chat' },
      { id: 'anthropic/claude', displayName: 'Claude', contextLimit: 200000, kind: 'chat' },
      { id: 'v', contextLimit: 8000, kind: 'embedding' },
    ]);
  });

  it('Anthropic: a page and where the next starts', () => {
    assert.deepEqual(parseAnthropicPage({ data: [{ type: 'model', id: 'a', display_name: 'A', created_at: 'x' }], has_more: true, first_id: 'a', last_id: 'a' }), { models: [{ id: 'a', displayName: 'A', kind: 'chat' }], next: 'a' });
    assert.deepEqual(parseAnthropicPage({ data: [], has_more: false, first_id: null, last_id: null }), { models: [] });
    malformed(() => parseAnthropicPage({ data: [] }));
  });

  it('Gemini: strips models/, sums the limits, drops models that neither chat nor embed', () => {
    const page = parseGeminiPage({
      models: [
        { name: 'models/gemini-2.5-pro', displayName: 'Gemini 2.5 Pro', inputTokenLimit: 1000, outputTokenLimit: 100, supportedGenerationMethods: ['generateContent'] },
        { name: 'models/text-embedding-004', supportedGenerationMethods: ['embedContent'] },
        { name: 'models/aqa', supportedGenerationMethods: ['generateAnswer'] },
      ],
      nextPageToken: 'p2',
    });
    assert.deepEqual(page.models.map((m) => [m.id, m.kind, m.contextLimit]), [['gemini-2.5-pro', 'chat', 1100], ['text-embedding-004', 'embedding', undefined]]);
    assert.equal(page.next, 'p2');
    assert.deepEqual(parseGeminiPage({}), { models: [] });
    malformed(() => parseGeminiPage({ models: [{ name: 'gemini-pro' }] }));
  });

  it('Ollama, Azure and Bedrock', () => {
    assert.deepEqual(parseOllamaTags({ models: [{ name: 'llama3:8b', model: 'llama3:8b' }, { name: 'nomic-embed-text:latest' }] }).map((m) => m.kind), ['chat', 'embedding']);
    assert.deepEqual(parseOllamaTags({ models: null }), []);
    assert.deepEqual(parseAzureDeployments({ data: [{ id: 'prod', model: 'gpt-4o', status: 'succeeded' }, { id: 'new', status: 'creating' }] }), [{ id: 'prod', displayName: 'prod (gpt-4o)', kind: 'chat' }]);
    const bedrock = parseBedrockLists(
      { modelSummaries: [{ modelId: 'amazon.titan-embed-text-v2:0', outputModalities: ['EMBEDDING'], inferenceTypesSupported: ['ON_DEMAND'] }, { modelId: 'anthropic.claude-x', outputModalities: ['TEXT'], inferenceTypesSupported: ['INFERENCE_PROFILE'] }, { modelId: 'stability.img', outputModalities: ['IMAGE'] }] },
      { inferenceProfileSummaries: [{ inferenceProfileId: 'us.anthropic.claude-x', inferenceProfileName: 'US Claude X', status: 'ACTIVE' }] },
    );
    assert.deepEqual(bedrock.map((m) => [m.id, m.kind]), [['amazon.titan-embed-text-v2:0', 'embedding'], ['us.anthropic.claude-x', 'chat']]);
  });

  it('refuses every answer that is not a list, naming the problem', () => {
    for (const bad of [null, 42, 'text', [], { data: 'x' }, { data: [{ id: '' }] }, { data: [{ name: 'no id' }] }]) malformed(() => parseOpenAiModels(bad));
    assert.throws(() => parseOpenAiModels({ models: [] }), /data/);
    for (const bad of [null, { models: 'x' }, { models: [{}] }]) malformed(() => parseOllamaTags(bad));
    malformed(() => parseAzureDeployments({ value: [] }));
  });

  it('never throws anything but ConnectError, on any input', () => {
    const parsers = [parseOpenAiModels, parseAnthropicPage, parseGeminiPage, parseOllamaTags, parseAzureDeployments, (v: unknown) => parseBedrockLists(v, v)];
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ data: fc.array(fc.record({ id: fc.anything() })) }), fc.record({ models: fc.array(fc.record({ name: fc.string() })) })), (input) => {
        for (const parse of parsers) {
          try {
            parse(input);
          } catch (e) {
            assert.ok(e instanceof ConnectError, String(e));
          }
        }
      }),
    );
  });

  it('tidies: unique ids, sorted; refuses absurd lengths', () => {
    assert.deepEqual(tidyList([{ id: 'b', kind: 'chat' }, { id: 'a', kind: 'chat' }, { id: 'b', kind: 'embedding' }]).map((m) => `${m.id}:${m.kind}`), ['a:chat', 'b:chat']);
    malformed(() => tidyList(Array.from({ length: 5001 }, (_, i) => ({ id: `m${i}`, kind: 'chat' as const }))));
  });

  it('turns a listed model into a valid model, with catalog metadata filling the gaps', () => {
    const plain = modelFromListing('openai', { id: 'gpt-x', kind: 'chat' });
    assert.deepEqual(plain, { id: 'gpt-x', contextLimit: 128_000, kind: 'chat' });
    const withMeta = modelFromListing('openai', { id: 'gpt-x', kind: 'chat' }, () => ({ contextLimit: 400_000, maxOutputTokens: 128_000, displayName: 'GPT X' }));
    assert.deepEqual(withMeta, { id: 'gpt-x', displayName: 'GPT X', contextLimit: 400_000, maxOutputTokens: 128_000, kind: 'chat' });
    assert.equal(modelFromListing('openai', { id: 'has space', kind: 'chat' }), undefined);
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.option(fc.integer({ min: -5, max: 2e8 })), fc.option(fc.integer({ min: -5, max: 2e8 })), (id, ctxLimit, maxOut) => {
        const m = modelFromListing('openai', { id, kind: 'chat', ...(ctxLimit !== null ? { contextLimit: ctxLimit } : {}), ...(maxOut !== null ? { maxOutputTokens: maxOut } : {}) });
        if (m) assert.ok(modelSchema.safeParse(m).success, JSON.stringify(m));
      }),
    );
  });
});
