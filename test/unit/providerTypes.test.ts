import * as assert from 'node:assert/strict';
import { effectiveBaseUrl, keyIsOptional, providerType, providerTypeIds, providerTypes } from '../../src/providers/providerTypes';
import { providerSchema } from '../../src/providers/provider';
import { keyStateOf } from '../../src/providers/usability';

describe('provider-type registry', () => {
  it('covers every type of the three source products, once each', () => {
    assert.deepEqual(providerTypes.map((t) => t.id), [...providerTypeIds]);
    assert.equal(new Set(providerTypeIds).size, 14);
  });

  it('records the default base URLs the sources give', () => {
    const expected: Record<string, string> = {
      openai: 'https://api.openai.com/v1',
      anthropic: 'https://api.anthropic.com/v1',
      codex: 'https://chatgpt.com/backend-api/codex',
      openrouter: 'https://openrouter.ai/api/v1',
      deepseek: 'https://api.deepseek.com/v1',
      'opencode-zen': 'https://opencode.ai/zen/v1',
      zai: 'https://api.z.ai/api/paas/v4',
      vercel: 'https://ai-gateway.vercel.sh/v3/ai',
      ollama: 'http://localhost:11434/v1',
      lmstudio: 'http://localhost:1234/v1',
    };
    for (const [id, url] of Object.entries(expected)) assert.equal(providerType(id as never).defaultBaseUrl, url, id);
  });

  it('requires a base URL only for openai-compatible and azure-openai', () => {
    assert.deepEqual(providerTypes.filter((t) => t.baseUrlRequired).map((t) => t.id).sort(), ['azure-openai', 'openai-compatible']);
    for (const t of providerTypes) assert.ok(t.baseUrlRequired || t.defaultBaseUrl || t.baseUrlHint, `${t.id} has a URL or a hint`);
  });

  it('records auth kinds, protocols, option families and embeddings', () => {
    assert.equal(providerType('codex').auth, 'oauth');
    assert.equal(providerType('bedrock').auth, 'aws');
    assert.equal(providerType('ollama').auth, 'optionalKey');
    assert.equal(providerType('lmstudio').auth, 'optionalKey');
    assert.equal(providerType('anthropic').protocol, 'anthropic-messages');
    assert.equal(providerType('gemini').protocol, 'gemini');
    assert.equal(providerType('codex').protocol, 'openai-responses');
    assert.equal(providerType('openrouter').protocol, 'openai-chat');
    assert.equal(providerType('azure-openai').optionFamily, 'openai', 'azure uses OpenAI options');
    assert.equal(providerType('bedrock').optionFamily, 'anthropic', 'bedrock uses Anthropic options');
    assert.equal(providerType('azure-openai').modelIdMeaning, 'deployment name');
    assert.deepEqual(providerTypes.filter((t) => !t.embeddings).map((t) => t.id), ['anthropic', 'codex'], 'Anthropic has no embeddings endpoint');
  });

  it('makes the key optional for local servers and openai-compatible on loopback only', () => {
    assert.equal(keyIsOptional('ollama', undefined), true);
    assert.equal(keyIsOptional('lmstudio', 'http://gpu-box:1234/v1'), true);
    assert.equal(keyIsOptional('openai-compatible', 'http://127.0.0.1:8000/v1'), true);
    assert.equal(keyIsOptional('openai-compatible', 'http://localhost:8000/v1'), true);
    assert.equal(keyIsOptional('openai-compatible', 'http://[::1]:8000/v1'), true);
    assert.equal(keyIsOptional('openai-compatible', 'https://llm.example.com/v1'), false);
    assert.equal(keyIsOptional('openai', undefined), false);
    assert.equal(keyIsOptional('openai-compatible', 'not a url'), false);
  });

  it('falls back to the default base URL', () => {
    assert.equal(effectiveBaseUrl('openai', undefined), 'https://api.openai.com/v1');
    assert.equal(effectiveBaseUrl('openai', 'https://proxy.example.com/v1'), 'https://proxy.example.com/v1');
    assert.equal(effectiveBaseUrl('azure-openai', undefined), undefined);
  });

  it('has a provider schema variant for every type', () => {
    for (const type of providerTypeIds) {
      const extra = type === 'azure-openai' ? { apiVersion: '2024-10-21', baseUrl: 'https://x.openai.azure.com/openai' } : type === 'bedrock' ? { region: 'us-east-1', aws: { method: 'profile', profile: 'default' } } : type === 'openai-compatible' ? { baseUrl: 'http://127.0.0.1:9/v1' } : {};
      const result = providerSchema.safeParse({ id: 'p', name: 'P', type, ...extra });
      assert.ok(result.success, `${type}: ${result.success ? '' : result.error.message}`);
    }
  });
});

describe('key state', () => {
  it('says set, missing, optional or not needed, never more', () => {
    const openai = providerSchema.parse({ id: 'o', name: 'O', type: 'openai' });
    const local = providerSchema.parse({ id: 'l', name: 'L', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:8000/v1' });
    const profile = providerSchema.parse({ id: 'b', name: 'B', type: 'bedrock', region: 'us-east-1', aws: { method: 'profile', profile: 'dev' } });
    assert.equal(keyStateOf(openai, true), 'set');
    assert.equal(keyStateOf(openai, false), 'missing');
    assert.equal(keyStateOf(local, false), 'optional');
    assert.equal(keyStateOf(profile, false), 'not-needed');
  });
});
