/**
 * Zoo/Roo Code adapter: one provider profile per protocol, never holding the key. The profiles
 * are checked against the fields of @roo-code/types 1.115.0 (provider-settings.ts), copied
 * here strict, so a misspelt or unknown field fails: that package is not a dependency.
 */
import * as assert from 'node:assert/strict';
import * as z from 'zod';
import type { Endpoint, KeyDelivery } from '../../src/agents/agentAdapter';
import { roo, rooExtensionIds, rooProfileName } from '../../src/agents/adapters/roo';
import { agentFootprints } from '../../src/agents/detect';
import { planSwitch } from '../../src/agents/switchPlan';
import { documentWith, model, provider } from '../fakes/builders';

const environment = { home: '/home/dev', env: {} };

// @roo-code/types 1.115.0: baseProviderSettingsSchema, the four provider schemas, modelInfoSchema (the part we use).
const base = {
  includeMaxTokens: z.boolean().optional(),
  todoListEnabled: z.boolean().optional(),
  modelTemperature: z.number().nullish(),
  rateLimitSeconds: z.number().optional(),
  consecutiveMistakeLimit: z.number().min(0).optional(),
  enableReasoningEffort: z.boolean().optional(),
  modelMaxTokens: z.number().optional(),
  modelMaxThinkingTokens: z.number().optional(),
};
const apiModelId = { ...base, apiModelId: z.string().optional() };
const modelInfo = z.object({ maxTokens: z.number().nullish(), contextWindow: z.number(), supportsImages: z.boolean().optional(), supportsPromptCache: z.boolean() }).strict();
const rooSchema = z.discriminatedUnion('apiProvider', [
  z.object({
    ...base,
    apiProvider: z.literal('openai'),
    openAiBaseUrl: z.string().optional(),
    openAiApiKey: z.string().optional(),
    openAiModelId: z.string().optional(),
    openAiCustomModelInfo: modelInfo.nullish(),
    openAiStreamingEnabled: z.boolean().optional(),
    openAiHeaders: z.record(z.string(), z.string()).optional(),
  }).strict(),
  z.object({ ...apiModelId, apiProvider: z.literal('openai-native'), openAiNativeApiKey: z.string().optional(), openAiNativeBaseUrl: z.string().optional() }).strict(),
  z.object({ ...apiModelId, apiProvider: z.literal('anthropic'), apiKey: z.string().optional(), anthropicBaseUrl: z.string().optional(), anthropicUseAuthToken: z.boolean().optional() }).strict(),
  z.object({ ...apiModelId, apiProvider: z.literal('gemini'), geminiApiKey: z.string().optional(), googleGeminiBaseUrl: z.string().optional() }).strict(),
]);

const extension: KeyDelivery = { kind: 'extension' };
const endpoint = (protocol: Endpoint['protocol'], baseUrl: string, extra: Partial<Endpoint> = {}): Endpoint => ({
  providerId: 'lab',
  providerName: 'Lab',
  providerType: 'openai-compatible',
  protocol,
  baseUrl,
  modelId: 'lab-model-1',
  modelName: 'Lab Model',
  contextLimit: 200_000,
  headers: {},
  key: extension,
  ...extra,
});

function plan(e: Endpoint) {
  const result = roo.plan(e, environment);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.plan;
}

/** The profile with the key the host would add, checked against the extension's schema. */
function profileWithKey(e: Endpoint) {
  const profile = plan(e).extensionProfile!;
  const settings = profile.keyField ? { ...profile.settings, [profile.keyField]: 'sk-from-secret-storage' } : profile.settings;
  const parsed = rooSchema.safeParse(settings);
  assert.ok(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues));
  return { profile, settings };
}

describe('Zoo/Roo Code adapter', () => {
  it('points an OpenAI Chat provider at Zoo Code’s OpenAI Compatible provider, with the model’s limits and headers', () => {
    const { profile, settings } = profileWithKey(endpoint('openai-chat', 'http://127.0.0.1:4400/v1/', { maxOutputTokens: 32_000, headers: { 'X-Team': 'core' } }));
    assert.deepEqual(profile.extensionIds, rooExtensionIds);
    assert.equal(profile.name, rooProfileName);
    assert.equal(profile.keyField, 'openAiApiKey');
    assert.deepEqual(settings, {
      apiProvider: 'openai',
      openAiBaseUrl: 'http://127.0.0.1:4400/v1',
      openAiModelId: 'lab-model-1',
      openAiCustomModelInfo: { contextWindow: 200_000, maxTokens: 32_000, supportsPromptCache: false },
      openAiHeaders: { 'X-Team': 'core' },
      openAiApiKey: 'sk-from-secret-storage',
    });
  });

  it('uses the Anthropic provider at the API root (its SDK appends /v1/messages)', () => {
    const { settings } = profileWithKey(endpoint('anthropic-messages', 'https://api.anthropic.com/v1', { modelId: 'claude-sonnet-4-5' }));
    assert.deepEqual(settings, { apiProvider: 'anthropic', anthropicBaseUrl: 'https://api.anthropic.com', apiModelId: 'claude-sonnet-4-5', apiKey: 'sk-from-secret-storage' });
  });

  it('uses the Gemini provider at the API root (its SDK appends /v1beta)', () => {
    const { settings } = profileWithKey(endpoint('gemini', 'https://generativelanguage.googleapis.com/v1beta', { modelId: 'gemini-2.5-pro' }));
    assert.deepEqual(settings, { apiProvider: 'gemini', googleGeminiBaseUrl: 'https://generativelanguage.googleapis.com', apiModelId: 'gemini-2.5-pro', geminiApiKey: 'sk-from-secret-storage' });
  });

  it('uses the OpenAI (native) provider for the Responses API, and says it only knows OpenAI’s model ids', () => {
    const e = endpoint('openai-responses', 'https://api.openai.com/v1', { modelId: 'gpt-5' });
    const { settings } = profileWithKey(e);
    assert.deepEqual(settings, { apiProvider: 'openai-native', openAiNativeBaseUrl: 'https://api.openai.com/v1', apiModelId: 'gpt-5', openAiNativeApiKey: 'sk-from-secret-storage' });
    assert.ok(plan(e).notes.some((note) => /falls back to its default model/.test(note)));
  });

  it('holds no key, no file and no terminal variable; it applies live', () => {
    for (const protocol of roo.protocols) {
      const p = plan(endpoint(protocol, 'https://example.test/v1'));
      assert.deepEqual([p.files, p.terminalEnv, p.keyVariable, p.pickup], [[], {}, undefined, 'live']);
      assert.doesNotMatch(JSON.stringify(p), /sk-/);
    }
    assert.deepEqual(roo.configFiles(environment), []);
  });

  it('leaves the key field out for a provider without a key', () => {
    const profile = plan(endpoint('openai-chat', 'http://localhost:11434/v1', { key: { kind: 'none' } })).extensionProfile!;
    assert.equal(profile.keyField, undefined);
    assert.equal(rooSchema.safeParse(profile.settings).success, true);
  });

  it('says which headers its Anthropic and Gemini providers cannot send', () => {
    const notes = plan(endpoint('anthropic-messages', 'https://gw.test/v1', { headers: { 'X-Team': 'core' } })).notes;
    assert.ok(notes.some((note) => /takes no custom headers: X-Team not sent/.test(note)), notes.join('\n'));
  });

  it('refuses any other key delivery (planAgent never offers one)', () => {
    const result = roo.plan(endpoint('openai-chat', 'http://127.0.0.1:4400/v1', { key: { kind: 'plaintext', value: 'sk-x' } }), environment);
    assert.equal(result.ok, false);
  });

  it('is planned with the extension delivery, and detection looks for the same extensions', () => {
    const doc = documentWith([provider('lab', { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:4400/v1', agents: ['roo'], models: [model('m1')] })]);
    const [outcome] = planSwitch(doc, 'lab/m1', environment, () => ({ hasKey: true, plaintext: 'sk-opted-in' }));
    assert.equal(outcome.status, 'planned');
    assert.equal(outcome.status === 'planned' && outcome.delivery, 'extension', 'never plaintext: the extension keeps the key');
    assert.deepEqual(agentFootprints.roo.extensions, [...rooExtensionIds]);
  });
});
