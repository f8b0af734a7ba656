import * as assert from 'node:assert/strict';
import { chatModelInformation } from '../../src/extension/chat/chatModels';
import { documentWith, model, provider } from '../fakes/builders';

describe('VS Code chat: the models Switchboard lists', () => {
  const oa = provider('oa', { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', models: [model('qwen', { contextLimit: 32_000, displayName: 'Qwen' }), model('embed', { kind: 'embedding' })] });
  const an = provider('an', { type: 'anthropic', models: [model('sonnet', { contextLimit: 200_000, maxOutputTokens: 64_000, modalities: { input: ['text', 'image'], output: ['text'] } })] });
  const aws = provider('aws', { type: 'bedrock', region: 'us-east-1', aws: { method: 'profile', profile: 'dev' }, models: [model('anthropic.claude'), model('amazon.nova-pro-v1:0')] } as never);

  it('lists every usable chat model the gateway reaches, by ref, with its limits and capabilities', () => {
    const list = chatModelInformation(documentWith([oa, an, aws]), (p) => p.id !== 'locked');
    assert.deepEqual(list.map((m) => m.id), ['oa/qwen', 'an/sonnet', 'aws/anthropic.claude', 'aws/amazon.nova-pro-v1:0'], 'no embedding model; every Bedrock chat model');
    const [qwen, sonnet] = list;
    assert.equal(qwen.name, 'Qwen');
    assert.equal(qwen.maxOutputTokens, 8_192);
    assert.equal(qwen.maxInputTokens, 32_000 - 8_192);
    assert.equal(qwen.capabilities.imageInput, false);
    assert.equal(sonnet.maxOutputTokens, 64_000);
    assert.equal(sonnet.maxInputTokens, 136_000);
    assert.equal(sonnet.capabilities.imageInput, true);
    assert.equal(sonnet.capabilities.toolCalling, true);
  });

  it('leaves out providers that are not usable on this machine', () => {
    assert.deepEqual(chatModelInformation(documentWith([oa, an]), (p) => p.id === 'oa').map((m) => m.id), ['oa/qwen']);
  });
});
