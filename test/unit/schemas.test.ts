import * as assert from 'node:assert/strict';
import * as z from 'zod';
import { apiKeySchema, baseUrlSchema, firstMessage, headersSchema, modelIdSchema, parseTokenCount, providerNameSchema } from '../../src/providers/fields';
import { defaultCompressionThreshold, modelSchema } from '../../src/providers/model';
import { modelOptionSchemas } from '../../src/providers/modelOptions';
import { providerSchema } from '../../src/providers/provider';

function message(schema: z.ZodType, value: unknown): string | undefined {
  const r = schema.safeParse(value);
  return r.success ? undefined : firstMessage(r.error);
}

const openai = { id: 'work', name: 'Work', type: 'openai' };

describe('field schemas', () => {
  it('bounds provider names at 1–256 characters', () => {
    assert.equal(message(providerNameSchema, ''), 'Enter a name.');
    assert.equal(message(providerNameSchema, '   '), 'Enter a name.');
    assert.equal(message(providerNameSchema, 'x'.repeat(256)), undefined);
    assert.match(message(providerNameSchema, 'x'.repeat(257))!, /at most 256/);
  });

  it('accepts absolute http(s) URLs of at most 2,048 characters', () => {
    assert.equal(message(baseUrlSchema, 'https://api.example.com/v1'), undefined);
    assert.equal(message(baseUrlSchema, 'http://10.0.0.5:8080/v1'), undefined);
    assert.match(message(baseUrlSchema, 'api.example.com/v1')!, /absolute URL/);
    assert.match(message(baseUrlSchema, '/v1')!, /absolute URL/);
    assert.match(message(baseUrlSchema, 'ftp://example.com')!, /http or https, not ftp/);
    assert.match(message(baseUrlSchema, 'javascript:alert(1)')!, /http or https/);
    assert.match(message(baseUrlSchema, 'https://user:pw@example.com')!, /credentials/);
    const long = 'https://example.com/' + 'a'.repeat(2048);
    assert.match(message(baseUrlSchema, long)!, /at most 2048/);
    assert.equal(message(baseUrlSchema, 'https://example.com/' + 'a'.repeat(2048 - 20)), undefined);
  });

  it('bounds keys at 4,096 characters with no whitespace inside', () => {
    assert.equal(message(apiKeySchema, 'sk-abc'), undefined);
    assert.equal(message(apiKeySchema, ''), 'Enter a key.');
    assert.match(message(apiKeySchema, 'k'.repeat(4097))!, /at most 4096/);
    assert.match(message(apiKeySchema, 'sk abc')!, /no spaces/);
    assert.equal(apiKeySchema.parse('  sk-abc\n'), 'sk-abc', 'pasted keys are trimmed');
  });

  it('accepts model ids with slashes and colons but no spaces', () => {
    for (const id of ['gpt-5', 'anthropic/claude-sonnet-4.5', 'qwen2.5-coder:32b', 'meta-llama/llama-3.1-8b-instruct:free']) assert.equal(message(modelIdSchema, id), undefined, id);
    assert.match(message(modelIdSchema, 'gpt 5')!, /no spaces/);
    assert.match(message(modelIdSchema, ' gpt-5')!, /leading or trailing/);
    assert.match(message(modelIdSchema, 'a\u0007b')!, /control/);
    assert.equal(message(modelIdSchema, ''), 'Enter a model id.');
  });

  it('refuses header names and values that are not HTTP-safe', () => {
    assert.equal(message(headersSchema, { 'X-Team': 'core' }), undefined);
    assert.match(message(headersSchema, { 'Bad Header': 'x' })!, /header name/);
    assert.match(message(headersSchema, { 'X-Evil': 'a\r\nHost: x' })!, /line breaks/);
  });

  it('parses token counts as users type them', () => {
    assert.equal(parseTokenCount('128000'), 128_000);
    assert.equal(parseTokenCount('128,000'), 128_000);
    assert.equal(parseTokenCount('200k'), 200_000);
    assert.equal(parseTokenCount('1M'), 1_000_000);
    assert.equal(parseTokenCount(' 32_768 '), 32_768);
    for (const bad of ['', 'abc', '-5', '1.5k5', '12 34']) assert.equal(parseTokenCount(bad), undefined, bad);
  });
});

describe('model schema', () => {
  it('requires an id and a context limit, and defaults the kind to chat', () => {
    assert.deepEqual(modelSchema.parse({ id: 'm', contextLimit: 1000 }), { id: 'm', contextLimit: 1000, kind: 'chat' });
    assert.match(message(modelSchema, { id: 'm' })!, /contextLimit/);
    assert.match(message(modelSchema, { contextLimit: 5 })!, /^id/);
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['fractional context', { contextLimit: 1.5 }, /whole number/],
    ['zero context', { contextLimit: 0 }, /at least 1 token/],
    ['compression above 100', { compressionThreshold: 101 }, /0–100%/],
    ['negative compression', { compressionThreshold: -1 }, /0–100%/],
    ['temperature 3', { temperature: 3 }, /Temperature is 0–2/],
    ['top-p 1.2', { topP: 1.2 }, /Top-p is 0–1/],
    ['top-k 0', { topK: 0 }, /Top-k is at least 1/],
    ['top-k 2.5', { topK: 2.5 }, /whole number/],
    ['presence 3', { presencePenalty: 3 }, /Presence penalty/],
    ['frequency -3', { frequencyPenalty: -3 }, /Frequency penalty/],
    ['output above context', { contextLimit: 1000, maxOutputTokens: 2000 }, /cannot exceed the context limit/],
    ['unknown kind', { kind: 'image' }, /kind/],
    ['a string number', { temperature: '0.5' }, /temperature/],
    ['an unknown field', { apiKey: 'sk-x' }, /Unrecognized key/],
  ];
  for (const [what, patch, expected] of bad) {
    it(`refuses ${what}`, () => {
      assert.match(message(modelSchema, { id: 'm', contextLimit: 128_000, ...patch })!, expected);
    });
  }

  it('uses Coder\'s compression defaults: 70%, or 30% from 500k tokens', () => {
    assert.equal(defaultCompressionThreshold(200_000), 70);
    assert.equal(defaultCompressionThreshold(500_000), 30);
    assert.equal(defaultCompressionThreshold(1_000_000), 30);
  });
});

describe('model option schemas', () => {
  it('gives every option a title and a description, for the generated form', () => {
    for (const [family, schema] of Object.entries(modelOptionSchemas)) {
      const json = z.toJSONSchema(schema) as { properties: Record<string, { title?: string; description?: string }> };
      for (const [field, prop] of Object.entries(json.properties)) {
        assert.ok(prop.title, `${family}.${field} has a title`);
        assert.ok(prop.description, `${family}.${field} has a description`);
      }
    }
  });

  it('validates each family\'s own fields', () => {
    assert.equal(message(modelOptionSchemas.anthropic, { thinkingBudgetTokens: 2048, effort: 'max' }), undefined);
    assert.match(message(modelOptionSchemas.anthropic, { thinkingBudgetTokens: 10 })!, /thinkingBudgetTokens/);
    assert.match(message(modelOptionSchemas.openai, { reasoningEffort: 'ultra' })!, /reasoningEffort/);
    assert.equal(message(modelOptionSchemas.openai, { reasoningEffort: 'max' }), undefined, 'DeepSeek and Z.ai take max through the OpenAI family');
    assert.equal(message(modelOptionSchemas.openai, { reasoningEffort: 'high', parallelToolCalls: false, maxCompletionTokens: 4096 }), undefined);
    assert.equal(message(modelOptionSchemas.gemini, { thinkingBudget: -1, includeThoughts: true, safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }] }), undefined);
    assert.match(message(modelOptionSchemas.gemini, { safetySettings: [{ category: 'HARM_X', threshold: 'BLOCK_NONE' }] })!, /safetySettings\.0\.category/);
    assert.equal(message(modelOptionSchemas.openrouter, { reasoningEnabled: true, providerOrder: ['anthropic'], allowFallbacks: false }), undefined);
    assert.match(message(modelOptionSchemas.openrouter, { providerOrder: 'anthropic' })!, /providerOrder/);
    assert.equal(message(modelOptionSchemas.vercel, { providerOptions: { anthropic: { cacheControl: { type: 'ephemeral' } } } }), undefined);
    assert.match(message(modelOptionSchemas.vercel, { providerOptions: { anthropic: 5 } })!, /providerOptions/);
  });

  it('checks a model\'s options against its provider type, aliases included', () => {
    const withOptions = (type: string, options: object, extra = {}) =>
      message(providerSchema, { id: 'p', name: 'P', type, ...extra, models: [{ id: 'm', contextLimit: 1000, options }] });
    assert.equal(withOptions('bedrock', { effort: 'high' }, { region: 'us-east-1', aws: { method: 'profile', profile: 'dev' } }), undefined, 'bedrock takes Anthropic options');
    assert.match(withOptions('bedrock', { reasoningEffort: 'high' }, { region: 'us-east-1', aws: { method: 'profile', profile: 'dev' } })!, /models\.0\.options/);
    assert.equal(withOptions('azure-openai', { reasoningEffort: 'low' }, { baseUrl: 'https://r.openai.azure.com/openai', apiVersion: '2024-10-21' }), undefined, 'azure takes OpenAI options');
    assert.match(withOptions('anthropic', { reasoningEffort: 'low' })!, /Unrecognized key/);
  });
});

describe('provider schema', () => {
  it('accepts a minimal provider and fills defaults', () => {
    assert.deepEqual(providerSchema.parse(openai), { ...openai, agents: [], models: [] });
  });

  it('has no place for a key', () => {
    assert.match(message(providerSchema, { ...openai, apiKey: 'sk-secret' })!, /Unrecognized key/);
    assert.match(message(providerSchema, { ...openai, key: 'sk-secret' })!, /Unrecognized key/);
  });

  it('refuses bad ids, types, agents and duplicates', () => {
    assert.match(message(providerSchema, { ...openai, id: 'Has Space' })!, /provider id/);
    assert.match(message(providerSchema, { ...openai, id: 'a/b' })!, /provider id/);
    assert.match(message(providerSchema, { ...openai, type: 'mistral' })!, /type/);
    assert.match(message(providerSchema, { ...openai, agents: ['emacs'] })!, /agents/);
    assert.match(message(providerSchema, { ...openai, agents: ['codex', 'codex'] })!, /listed twice/);
    assert.match(message(providerSchema, { ...openai, models: [{ id: 'm', contextLimit: 1 }, { id: 'm', contextLimit: 2 }] })!, /listed twice/);
  });

  it('needs a base URL for openai-compatible and azure-openai', () => {
    assert.match(message(providerSchema, { id: 'x', name: 'X', type: 'openai-compatible' })!, /needs a base URL/);
    assert.match(message(providerSchema, { id: 'x', name: 'X', type: 'azure-openai', apiVersion: '2024-10-21' })!, /needs a base URL/);
  });

  it('validates Azure\'s api-version and Bedrock\'s region and sign-in', () => {
    const azure = { id: 'az', name: 'Az', type: 'azure-openai', baseUrl: 'https://r.openai.azure.com/openai' };
    assert.match(message(providerSchema, azure)!, /apiVersion/);
    assert.match(message(providerSchema, { ...azure, apiVersion: 'latest' })!, /2024-10-21/);
    assert.equal(message(providerSchema, { ...azure, apiVersion: '2025-04-01-preview' }), undefined);
    const bedrock = { id: 'br', name: 'Br', type: 'bedrock', region: 'eu-west-1' };
    assert.equal(message(providerSchema, { ...bedrock, aws: { method: 'accessKey', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' } }), undefined);
    assert.equal(message(providerSchema, { ...bedrock, aws: { method: 'apiKey' } }), undefined);
    assert.match(message(providerSchema, { ...bedrock, region: 'Europe', aws: { method: 'apiKey' } })!, /us-east-1/);
    assert.match(message(providerSchema, { ...bedrock, aws: { method: 'accessKey', accessKeyId: 'AKIA', secretAccessKey: 'x' } })!, /access key id|Unrecognized/);
    assert.match(message(providerSchema, { ...bedrock, aws: { method: 'password' } })!, /aws/);
  });

  it('refuses embedding models for codex', () => {
    assert.match(message(providerSchema, { id: 'c', name: 'C', type: 'codex', models: [{ id: 'e', contextLimit: 8000, kind: 'embedding' }] })!, /no embedding models/);
  });
});
