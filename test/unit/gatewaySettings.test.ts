/** Model settings on the way out, for same-protocol pass-through and translations alike; the client's body is never changed. */
import * as assert from 'node:assert/strict';
import type { GatewayProtocol, ModelSettings } from '../../src/gateway/translator';
import { translator } from '../../src/gateway/translate';
import { fixtureJson, protocols, settings, type FixtureProtocol } from './gatewayFixtures';

const requests: Record<FixtureProtocol, string> = {
  'anthropic-messages': 'anthropic-request.json',
  'openai-chat': 'chat-request.json',
  'openai-responses': 'responses-request.json',
};

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function translate(client: GatewayProtocol, upstream: GatewayProtocol, body: unknown, s: ModelSettings): Record<string, any> {
  const r = translator.translateRequest(client, upstream, body, s);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.body;
}

describe('gateway translate: model settings and same-protocol pass-through', () => {
  it('never changes the client body, whatever the pair', () => {
    for (const client of protocols) {
      const body = deepFreeze(fixtureJson(requests[client]));
      const copy = JSON.stringify(body);
      for (const upstream of protocols) {
        translate(client, upstream, body, settings('x', { temperature: 0.1, maxOutputTokens: 100, optionFamily: upstream === 'anthropic-messages' ? 'anthropic' : 'openai', options: upstream === 'anthropic-messages' ? { thinkingBudgetTokens: 2048, effort: 'low' } : { reasoningEffort: 'low', maxCompletionTokens: 50, parallelToolCalls: true } }));
      }
      assert.equal(JSON.stringify(body), copy);
    }
  });

  it('same protocol: swaps the model, applies settings, passes everything else as it came', () => {
    const a = fixtureJson(requests['anthropic-messages']);
    const r = translator.translateRequest('anthropic-messages', 'anthropic-messages', a, settings('claude-opus-4-5', { optionFamily: 'anthropic', maxOutputTokens: 64000, topK: 10, options: { effort: 'medium' } }));
    assert.ok(r.ok);
    assert.equal(r.clientModel, 'claude-sonnet-4-5-20250929');
    assert.equal(r.stream, true);
    const out = r.body as any;
    assert.equal(out.model, 'claude-opus-4-5');
    assert.equal(out.max_tokens, 64000);
    assert.equal(out.top_k, 10);
    assert.deepEqual(out.output_config, { effort: 'medium' });
    assert.equal(out.system, a.system, 'untouched fields are the same objects');
    assert.equal(out.messages, a.messages);
    assert.deepEqual(out.thinking, a.thinking);
    assert.equal(out.metadata, a.metadata);
  });

  it('same protocol, chat: asks the upstream for usage and tells the stream translator whether the client did', () => {
    const body = { model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'hi' }], stream_options: { include_obfuscation: false } };
    const r = translator.translateRequest('openai-chat', 'openai-chat', body, settings('llama3.1', { presencePenalty: 1, frequencyPenalty: 0.5, topK: 3 }));
    assert.ok(r.ok);
    assert.deepEqual(r.streamContext, { includeUsage: false });
    assert.deepEqual(r.body.stream_options, { include_obfuscation: false, include_usage: true });
    assert.equal(r.body.presence_penalty, 1);
    assert.equal(r.body.frequency_penalty, 0.5);
    assert.equal(r.body.top_k, undefined);
    const asked = translator.translateRequest('openai-chat', 'openai-chat', { ...body, stream_options: { include_usage: true } }, settings('m'));
    assert.ok(asked.ok && asked.streamContext?.includeUsage === true);
    const plain = translator.translateRequest('openai-chat', 'openai-chat', { model: 'gpt-4o', messages: [] }, settings('m', { maxOutputTokens: 10 }));
    assert.ok(plain.ok && plain.streamContext === undefined && plain.body.stream_options === undefined);
    assert.equal(plain.ok && plain.body.max_tokens, 10);
  });

  it('same protocol, chat: max output lands in max_completion_tokens when the client used it', () => {
    const out = translate('openai-chat', 'openai-chat', { model: 'o3', messages: [], max_completion_tokens: 5 }, settings('o3', { maxOutputTokens: 7 }));
    assert.equal(out.max_completion_tokens, 7);
    assert.equal(out.max_tokens, undefined);
  });

  it('same protocol, Responses: effort merges into the reasoning object, encrypted reasoning asked for when stateless', () => {
    const out = translate('openai-responses', 'openai-responses', { model: 'gpt-5', input: 'x', store: false, reasoning: { summary: 'auto' } }, settings('gpt-5.1', { maxOutputTokens: 999, options: { reasoningEffort: 'high' } }));
    assert.deepEqual(out.reasoning, { summary: 'auto', effort: 'high' });
    assert.deepEqual(out.include, ['reasoning.encrypted_content']);
    assert.equal(out.max_output_tokens, 999);
    const stored = translate('openai-responses', 'openai-responses', { model: 'gpt-5', input: 'x' }, settings('gpt-5', { options: { reasoningEffort: 'low' } }));
    assert.equal(stored.include, undefined);
  });

  it('same protocol, Anthropic: turning thinking on drops client sampling Anthropic refuses with it', () => {
    const out = translate('anthropic-messages', 'anthropic-messages', { model: 'c', max_tokens: 1000, temperature: 0.2, top_k: 5, top_p: 0.5, messages: [{ role: 'user', content: 'hi' }] }, settings('c', { optionFamily: 'anthropic', options: { thinkingBudgetTokens: 2000 } }));
    assert.deepEqual(out.thinking, { type: 'enabled', budget_tokens: 2000 });
    assert.ok(out.max_tokens > 2000);
    assert.equal(out.temperature, undefined);
    assert.equal(out.top_k, undefined);
    assert.equal(out.top_p, undefined);
  });

  it('options of another family, or of Gemini, leave the body alone', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
    const out = translate('openai-chat', 'anthropic-messages', body, settings('c', { optionFamily: 'openai', options: { reasoningEffort: 'high' } }));
    assert.equal(out.reasoning_effort, undefined);
    assert.equal(out.output_config, undefined);
    const g = translate('openai-chat', 'openai-chat', body, settings('gemini-2.5-pro', { optionFamily: 'gemini', options: { thinkingBudget: 100 } }));
    assert.deepEqual(Object.keys(g).sort(), ['messages', 'model']);
  });

  it('parallel_tool_calls only goes to requests that have tools (OpenAI refuses it otherwise)', () => {
    const s = settings('m', { options: { parallelToolCalls: false } });
    assert.equal(translate('openai-chat', 'openai-chat', { model: 'm', messages: [] }, s).parallel_tool_calls, undefined);
    assert.equal(translate('openai-chat', 'openai-chat', { model: 'm', messages: [], tools: [{ type: 'function', function: { name: 'f' } }] }, s).parallel_tool_calls, false);
  });

  it('same protocol, whole responses: the client model is echoed, usage read', () => {
    const cases: [GatewayProtocol, string, { inputTokens: number; outputTokens: number }][] = [
      ['anthropic-messages', 'anthropic-response.json', { inputTokens: 472 + 100 + 1024, outputTokens: 89 }],
      ['openai-chat', 'chat-response.json', { inputTokens: 1596, outputTokens: 89 }],
      ['openai-responses', 'responses-response.json', { inputTokens: 1596, outputTokens: 89 }],
    ];
    for (const [p, file, usage] of cases) {
      const body = fixtureJson(file);
      const r = translator.translateResponse(p, p, body, 'what-the-client-asked');
      assert.ok(r.ok);
      assert.equal(r.body.model, 'what-the-client-asked');
      assert.deepEqual({ ...r.body, model: body.model }, body);
      assert.deepEqual(r.usage, usage);
    }
  });
});
