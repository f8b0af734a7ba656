import * as assert from 'node:assert/strict';
import { slugify, uniqueProviderId } from '../../src/providers/ids';
import { providerIdSchema } from '../../src/providers/provider';
import { formatRef, isRef, parseRef } from '../../src/providers/refs';

describe('provider ids', () => {
  it('slugs names into valid ids', () => {
    const cases: [string, string][] = [
      ['Work OpenAI', 'work-openai'],
      ['  Mÿ Azure (EU) ☁︎ ', 'my-azure-eu'],
      ['OpenRouter/Free', 'openrouter-free'],
      ['日本語', 'provider'],
      ['---', 'provider'],
      ['a'.repeat(100), 'a'.repeat(48)],
    ];
    for (const [name, id] of cases) {
      assert.equal(slugify(name), id, name);
      assert.ok(providerIdSchema.safeParse(slugify(name)).success, name);
    }
  });

  it('makes ids unique with a numeric suffix, within the length limit', () => {
    assert.equal(uniqueProviderId('Work', []), 'work');
    assert.equal(uniqueProviderId('Work', ['work']), 'work-2');
    assert.equal(uniqueProviderId('work!', ['work', 'work-2']), 'work-3');
    const long = 'b'.repeat(60);
    const id = uniqueProviderId(long, ['b'.repeat(48)]);
    assert.equal(id, 'b'.repeat(46) + '-2');
    assert.ok(providerIdSchema.safeParse(id).success);
  });
});

describe('model refs', () => {
  it('split at the first slash, keeping slashes and colons in the model id', () => {
    assert.deepEqual(parseRef('openrouter/anthropic/claude-sonnet-4.5'), { providerId: 'openrouter', modelId: 'anthropic/claude-sonnet-4.5' });
    assert.deepEqual(parseRef('local/qwen2.5-coder:32b'), { providerId: 'local', modelId: 'qwen2.5-coder:32b' });
    assert.deepEqual(parseRef('or/meta-llama/llama-3.1-8b:free'), { providerId: 'or', modelId: 'meta-llama/llama-3.1-8b:free' });
  });

  it('round-trip through formatRef', () => {
    const ref = formatRef('or', 'deepseek-ai/DeepSeek-V3-0324');
    assert.equal(ref, 'or/deepseek-ai/DeepSeek-V3-0324');
    assert.deepEqual(parseRef(ref), { providerId: 'or', modelId: 'deepseek-ai/DeepSeek-V3-0324' });
  });

  it('reject text that is not a ref', () => {
    for (const bad of ['', 'gpt-5', '/gpt-5', 'openai/']) {
      assert.equal(parseRef(bad), undefined, bad);
      assert.equal(isRef(bad), false, bad);
    }
    assert.equal(isRef(42), false);
  });
});
