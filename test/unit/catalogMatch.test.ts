import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { CatalogIndex } from '../../src/providers/catalog/catalogIndex';
import { matchKeys } from '../../src/providers/catalog/matchKeys';
import { parsedOrThrow, smallIndex, snapshotOrSkip } from './catalogFixtures';

describe('catalog: matching a model id', () => {
  const index = smallIndex();
  const found = (id: string, section?: string) => {
    const m = index.match(id, { section });
    return m && `${m.model.providerId}/${m.model.id} (${m.level})`;
  };

  it('loosens an id step by step', () => {
    assert.deepEqual(matchKeys('OpenAI/GPT-5:free'), ['openai/gpt-5:free', 'openai/gpt-5', 'gpt-5', 'gpt-5', 'gpt-5']);
    assert.deepEqual(matchKeys('us.anthropic.claude-sonnet-4-5-20250929-v1:0'), [
      'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      'us.anthropic.claude-sonnet-4-5-20250929-v1',
      'claude-sonnet-4-5-20250929-v1',
      'claude-sonnet-4-5',
      'claude-sonnet-4-5',
    ]);
    assert.deepEqual(matchKeys('claude-opus-4-1@20250805'), ['claude-opus-4-1@20250805', 'claude-opus-4-1@20250805', 'claude-opus-4-1@20250805', 'claude-opus-4-1', 'claude-opus-4-1']);
    assert.equal(matchKeys('gpt-4.1')[4], 'gpt-4-1');
    assert.equal(matchKeys('deepseek-ai/DeepSeek-V3-0324')[3], 'deepseek-v3');
    assert.equal(matchKeys('deepseek-v3')[3], 'deepseek-v3', 'a -v3 is a version only on Bedrock ids');
    assert.equal(matchKeys('anthropic.claude-opus-4-6-v1')[3], 'claude-opus-4-6');
  });

  it('finds exact ids, and prefers the provider’s own section', () => {
    assert.equal(found('gpt-5'), 'openai/gpt-5 (exact)');
    assert.equal(found('gpt-5', 'azure'), 'azure/gpt-5 (exact)');
    assert.equal(found('openai/gpt-5'), 'openrouter/openai/gpt-5 (exact)');
    assert.equal(found('qwen/qwen-plus-2025-07-28:thinking'), 'openrouter/qwen/qwen-plus-2025-07-28:thinking (exact)');
  });

  it('survives gateway prefixes, naming the vendor’s section first', () => {
    assert.equal(found('anthropic/claude-sonnet-4-5-20250929'), 'anthropic/claude-sonnet-4-5-20250929 (prefix)');
    assert.equal(found('some-gateway/gpt-5'), 'openai/gpt-5 (prefix)');
    assert.equal(found('deepseek-ai/deepseek-chat'), 'deepseek/deepseek-chat (prefix)');
  });

  it('survives case', () => {
    assert.equal(found('deepseek-ai/DeepSeek-V3-0324'), 'meganova/deepseek-ai/DeepSeek-V3-0324 (exact)');
    assert.equal(found('GPT-5'), 'openai/gpt-5 (exact)');
    assert.equal(found('Claude-Sonnet-4-5-20250929'), 'anthropic/claude-sonnet-4-5-20250929 (exact)');
  });

  it('survives date suffixes in every spelling', () => {
    assert.equal(found('claude-sonnet-4-5'), 'anthropic/claude-sonnet-4-5-20250929 (version)');
    assert.equal(found('claude-sonnet-4-5-20991231'), 'anthropic/claude-sonnet-4-5-20250929 (version)');
    assert.equal(found('claude-opus-4-1@20250805'), 'anthropic/claude-opus-4-1-20250805 (version)');
    assert.equal(found('gpt-5-2025-08-07'), 'openai/gpt-5 (version)');
    assert.equal(found('deepseek-chat-0324'), 'deepseek/deepseek-chat (version)');
    assert.equal(found('o3-latest'), 'openai/o3 (version)');
  });

  it('survives tags', () => {
    assert.equal(found('openai/gpt-5:free'), 'openrouter/openai/gpt-5 (tag)');
    assert.equal(found('gpt-5:thinking'), 'openai/gpt-5 (tag)');
    assert.equal(found('qwen/qwen-plus-2025-07-28:nitro'), 'openrouter/qwen/qwen-plus-2025-07-28:thinking (tag)');
  });

  it('survives Bedrock spellings and dots for dashes', () => {
    assert.equal(found('anthropic.claude-sonnet-4-5-20250929-v1:0'), 'amazon-bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0 (exact)');
    assert.equal(found('us.anthropic.claude-sonnet-4-5-20250929-v1:0'), 'amazon-bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0 (prefix)');
    assert.equal(found('eu.anthropic.claude-opus-4-1-20250805-v1:0'), 'anthropic/claude-opus-4-1-20250805 (version)');
    assert.equal(found('anthropic.claude-sonnet-4-5-20250929-v2:0'), 'anthropic/claude-sonnet-4-5-20250929 (version)');
    assert.equal(found('us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'amazon-bedrock'), 'amazon-bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0 (prefix)');
    assert.equal(found('anthropic/claude-sonnet-4.5'), 'openrouter/anthropic/claude-sonnet-4.5 (exact)');
    assert.equal(found('claude-sonnet-4.5'), 'openrouter/anthropic/claude-sonnet-4.5 (prefix)');
    assert.equal(found('gpt-4-1'), 'openai/gpt-4.1 (punctuation)');
  });

  it('finds nothing rather than something wrong', () => {
    assert.equal(found('llama-3.3-70b'), undefined);
    assert.equal(found(''), undefined);
    assert.equal(found('x'.repeat(5000)), undefined);
    assert.equal(found('/'), undefined);
    assert.equal(found(':::'), undefined);
    assert.equal(found('gpt-6'), undefined);
  });

  it('on the real snapshot: well-known gateway spellings land on the right model', function () {
    const big = new CatalogIndex(parsedOrThrow(snapshotOrSkip(this)));
    const at = (id: string, section?: string) => {
      const m = big.match(id, { section });
      return m && `${m.model.providerId}/${m.model.id}`;
    };
    assert.equal(at('claude-sonnet-4-5-20250929'), 'anthropic/claude-sonnet-4-5-20250929');
    assert.equal(at('anthropic/claude-sonnet-4.5', 'openrouter'), 'openrouter/anthropic/claude-sonnet-4.5');
    assert.equal(at('openai/gpt-5'), 'openrouter/openai/gpt-5');
    assert.equal(at('gpt-5', 'openai'), 'openai/gpt-5');
    assert.equal(at('models/gemini-2.5-pro'), 'google/gemini-2.5-pro');
    assert.equal(at('deepseek-ai/DeepSeek-V3-0324')?.toLowerCase().includes('deepseek-v3-0324'), true);
    assert.equal(at('global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'amazon-bedrock')?.startsWith('amazon-bedrock/'), true);
    assert.equal(big.match('CLAUDE-OPUS-4-1-20250805:thinking')?.model.id, 'claude-opus-4-1-20250805');
  });

  it('the guarded patterns give the same keys as running every pattern (property, and every snapshot id)', function () {
    // The keys as they were computed before each pattern was guarded by the character it needs.
    const reference = (id: string): string[] => {
      const exact = id.trim().toLowerCase();
      const untagged = exact.replace(/:[a-z0-9][a-z0-9._-]*$/, '');
      const last = untagged.slice(untagged.lastIndexOf('/') + 1);
      const unprefixed = last.replace(/^(?:us|eu|apac|global|au|jp|ca|us-gov)\./, '');
      const vendorDot = /^[a-z][a-z-]*\.(?=[a-z])/;
      const bedrock = unprefixed !== last || vendorDot.test(unprefixed);
      const base = unprefixed.replace(vendorDot, '') || untagged;
      const loose = (bedrock ? base.replace(/-v\d+$/, '') : base).replace(/(?:@[a-z0-9-]+|-latest)$/, '').replace(/[-_](?:\d{8}|\d{4}-\d{2}-\d{2}|\d{4})$/, '') || base;
      return [exact, untagged, base, loose, loose.replace(/[._\s]+/g, '-')];
    };
    const pieces = fc.constantFrom('us.', 'eu.', 'global.', 'anthropic.', 'amazon.', 'openai/', 'meta-llama/', 'gpt-5', 'claude-sonnet-4.5', '-v1', ':0', ':free', '@20250929', '@default', '-latest', '-20250929', '-2025-09-29', '-0324', '_1234', '.', '_', ' ', '\t', '\u00a0', '/', ':', '@', '-', 'A', 'z', '9', '');
    const ids = fc.oneof(fc.array(pieces, { maxLength: 8 }).map((p) => p.join('')), fc.string(), fc.string({ unit: fc.constantFrom(...'aZ9.:/@-_ \tv'.split('')) }));
    fc.assert(fc.property(ids, (id) => assert.deepEqual(matchKeys(id), reference(id), JSON.stringify(id))), { numRuns: 5000 });
    const catalog = parsedOrThrow(snapshotOrSkip(this));
    for (const p of catalog.providers.values()) for (const m of p.models) assert.deepEqual(matchKeys(m.id), reference(m.id), m.id);
  });
});
