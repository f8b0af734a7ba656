/** Which providers need a key on this machine, and when to ask for it without nagging. */
import * as assert from 'node:assert/strict';
import { keyNeededLabel, keyPromptMessage, keyPromptSignature, providersNeedingKey, shouldPromptForKeys } from '../../src/providers/keyNeeded';
import { pickerOrder } from '../../src/providers/modelOrder';
import { isUsable } from '../../src/providers/usability';
import { documentWith, model, provider } from '../fakes/builders';

const openai = provider('openai', { name: 'OpenAI', type: 'openai', models: [model('gpt-5')] });
const anthropic = provider('anthropic', { name: 'Anthropic', type: 'anthropic', models: [model('claude')] });
const ollama = provider('ollama', { name: 'Ollama', type: 'ollama', models: [model('llama')] });
const lab = provider('lab', { name: 'Lab', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:8000/v1' });
const gateway = provider('gw', { name: 'Gateway', type: 'openai-compatible', baseUrl: 'https://gw.example.com/v1' });
const codex = provider('chatgpt', { name: 'ChatGPT', type: 'codex' });
const bedrockProfile = { ...provider('br', { name: 'Bedrock' }), type: 'bedrock', region: 'us-east-1', aws: { method: 'profile', profile: 'work' } } as never;

describe('key needed on this machine', () => {
  it('lists providers whose type needs a secret that is not here', () => {
    const keys = new Set(['anthropic']);
    const needing = providersNeedingKey([openai, anthropic, ollama, lab, gateway, codex, bedrockProfile], (id) => keys.has(id));
    assert.deepEqual(needing.map((p) => p.id), ['openai', 'gw', 'chatgpt'], 'local servers, loopback and an AWS profile need none');
  });

  it('words it per provider: a key, or a sign-in for ChatGPT', () => {
    assert.equal(keyNeededLabel(openai), 'Key needed on this machine');
    assert.equal(keyNeededLabel(codex), 'Sign-in needed on this machine');
    assert.equal(keyPromptMessage([openai]), '“OpenAI” needs a key on this machine.');
    assert.equal(keyPromptMessage([codex]), '“ChatGPT” needs a sign-in on this machine.');
    assert.equal(keyPromptMessage([openai, gateway]), '2 providers need a key on this machine: “OpenAI” and “Gateway”.');
  });

  it('asks once per set of providers: a dismissed set stays dismissed, a new one asks again', () => {
    assert.equal(keyPromptSignature([gateway, openai]), keyPromptSignature([openai, gateway]));
    assert.equal(shouldPromptForKeys([], []), false);
    assert.equal(shouldPromptForKeys([openai, gateway], []), true);
    assert.equal(shouldPromptForKeys([gateway, openai], [keyPromptSignature([openai, gateway])]), false);
    assert.equal(shouldPromptForKeys([openai, gateway, codex], [keyPromptSignature([openai, gateway])]), true);
  });

  it('the picker lists such providers\' models apart, and only until the key is here', () => {
    const doc = documentWith([openai, ollama], { lastUsedRef: 'openai/gpt-5' });
    const without = pickerOrder(doc, (p) => isUsable(p, false));
    assert.deepEqual(without.pinned.map((c) => c.ref), [], 'a model whose key is missing is not "last used" here');
    assert.deepEqual(without.groups.map((g) => g.provider.id), ['ollama']);
    assert.deepEqual(without.keyNeeded.map((g) => g.models.map((c) => c.ref)), [['openai/gpt-5']]);
    const withKey = pickerOrder(doc, (p) => isUsable(p, true));
    assert.deepEqual(withKey.pinned.map((c) => c.ref), ['openai/gpt-5']);
    assert.deepEqual(withKey.keyNeeded, []);
  });
});
