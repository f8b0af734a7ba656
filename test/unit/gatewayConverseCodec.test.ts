/**
 * The Bedrock Converse codec: client requests (recorded-shape fixtures) → Converse bodies the
 * Bedrock double accepts, with the model's settings and each family's extra fields; a recorded
 * Converse answer → every client's shape; stop reasons and usage; and a recorded ConverseStream
 * (event-stream frames) → every client's stream, judged by the official SDKs, cut at every
 * byte offset, with an exception mid-stream.
 */
import * as assert from 'node:assert/strict';
import { BedrockStreamReader } from '../../src/gateway/bedrockStream';
import { UpstreamStreamError } from '../../src/gateway/streamReader';
import { createUpstreamDecoder, ResponseCollector, translator } from '../../src/gateway/translate';
import { conversationOpener } from '../../src/gateway/translate/converse';
import type { GatewayProtocol, ModelSettings } from '../../src/gateway/translator';
import { converseProblem } from '../upstreams/bedrockConverse';
import { encodeFrame, exceptionFrame } from '../upstreams/eventStream';
import { anthropicFinal, chatFinal, fixtureJson, responsesFinal, settings, sseJson } from './gatewayFixtures';

const V = 'bedrock-converse' as const;
const nova = (extra: Partial<ModelSettings> = {}) => settings('us.amazon.nova-pro-v1:0', { optionFamily: 'anthropic', ...extra });

function request(client: GatewayProtocol, body: unknown, s: ModelSettings = nova()): Record<string, any> {
  const r = translator.translateRequest(client, V, body, s);
  assert.ok(r.ok, r.ok ? '' : r.message);
  const problem = converseProblem(r.body);
  assert.equal(problem, undefined, `Bedrock would refuse it: ${problem}`);
  return r.body;
}

/** The recorded stream as Bedrock sends it: one frame per event, the payload as recorded. */
function recordedFrames(): Buffer {
  const events = fixtureJson('converse-stream-tool.json') as [string, unknown][];
  return Buffer.concat(events.map(([type, payload]) => encodeFrame({ ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' }, JSON.stringify(payload))));
}

/** Bytes → the client's SSE, through the gateway's reader and stream translator. */
function clientStream(client: GatewayProtocol, bytes: Buffer, cuts: readonly number[] = []): string {
  const reader = new BedrockStreamReader('converse');
  const st = translator.createStreamTranslator(V, client, 'client-model');
  let out = '';
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    out += st.write(reader.write(bytes.subarray(at, cut)));
    at = cut;
  }
  return out + st.write(reader.end()) + st.end();
}

describe('gateway translate: client → Bedrock Converse, requests', () => {
  it('turns an Anthropic request into a Converse body: system, turns, image, tool uses and results with their ids, settings', () => {
    const body = request('anthropic-messages', fixtureJson('anthropic-request.json'));
    assert.equal(body.model, undefined, 'the model id is in the path');
    assert.equal(body.stream, undefined, 'so is streaming');
    assert.deepEqual(body.system, [{ text: "You are Claude Code, Anthropic's official CLI for Claude." }, { text: 'Answer briefly. Use tools when needed.' }]);
    assert.deepEqual(
      body.messages.map((m: any) => m.role),
      ['user', 'assistant', 'user'],
    );
    assert.deepEqual(body.messages[0].content[1], { image: { format: 'png', source: { bytes: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==' } } });
    assert.deepEqual(body.messages[1].content, [
      { text: 'It is a single pixel. Checking the weather.' },
      { toolUse: { toolUseId: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', input: { city: 'Oslo', unit: 'celsius' } } },
      { toolUse: { toolUseId: 'toolu_01B8sTTGsmuCq9bCUmUp7dAo', name: 'read_file', input: { path: '/tmp/missing.txt' } } },
    ]);
    assert.deepEqual(body.messages[2].content, [
      { toolResult: { toolUseId: 'toolu_01A09q90qw90lq917835lq9', content: [{ text: '4°C, light rain' }], status: 'success' } },
      { toolResult: { toolUseId: 'toolu_01B8sTTGsmuCq9bCUmUp7dAo', content: [{ text: 'ENOENT: no such file' }], status: 'error' } },
      { text: 'Thanks. Anything else?' },
    ]);
    assert.deepEqual(body.inferenceConfig, { maxTokens: 32000, temperature: 1, stopSequences: ['\n\nHuman:'] });
    assert.deepEqual(
      body.toolConfig.tools.map((t: any) => t.toolSpec.name),
      ['get_weather', 'read_file'],
    );
    assert.deepEqual(body.toolConfig.tools[0].toolSpec.inputSchema.json.required, ['city']);
    assert.deepEqual(body.toolConfig.toolChoice, { auto: {} });
    assert.equal(body.additionalModelRequestFields, undefined, 'Nova 1 takes no reasoning settings');
    const capped = request('anthropic-messages', fixtureJson('anthropic-request.json'), nova({ maxOutputTokens: 5000, temperature: 0.3, topP: 0.8, topK: 20 }));
    assert.deepEqual(capped.inferenceConfig, { maxTokens: 5000, temperature: 0.3, topP: 0.8, stopSequences: ['\n\nHuman:'] }, "the model's settings win");
    assert.deepEqual(capped.additionalModelRequestFields, { inferenceConfig: { topK: 20 } }, "Nova's top-k");
  });

  it('keeps a Chat request’s ids and roles, turns an image URL into a note (Converse takes bytes only), and maps reasoning effort per family', () => {
    const body = request('openai-chat', fixtureJson('chat-request.json'), settings('openai.gpt-oss-120b-1:0'));
    assert.deepEqual(body.system, [{ text: 'You are OpenCode, a coding agent.' }, { text: 'Prefer short answers.' }]);
    assert.deepEqual(body.messages[0].content[2], { text: '[image not sent: https://example.com/cat.jpg]' });
    assert.deepEqual(
      body.messages[1].content.map((b: any) => Object.keys(b)[0]),
      ['text', 'toolUse', 'toolUse'],
      'reasoning from earlier turns stays out',
    );
    assert.deepEqual(
      body.messages[2].content.map((b: any) => [b.toolResult?.toolUseId ?? b.text]),
      [['call_DdmO9pD3xa9XTPNJ32zg2hcA'], ['call_Q3v1kMZqzYk7Wn8fHc2LbR5t'], ['Thanks. Anything else?']],
      'tool results and the next user text share one user turn',
    );
    assert.deepEqual(body.inferenceConfig, { maxTokens: 2048, temperature: 0.2, topP: 0.9, stopSequences: ['END'] });
    assert.deepEqual(body.additionalModelRequestFields, { reasoning_effort: 'low' });
    const nova2 = request('openai-chat', { ...fixtureJson('chat-request.json'), reasoning_effort: 'high' }, settings('global.amazon.nova-2-lite-v1:0'));
    assert.deepEqual(nova2.additionalModelRequestFields, { reasoningConfig: { type: 'enabled', maxReasoningEffort: 'high' } });
    const budget = request('anthropic-messages', fixtureJson('anthropic-request.json'), nova({ modelId: 'amazon.nova-2-lite-v1:0', options: { thinkingBudgetTokens: 20000 } }));
    assert.deepEqual(budget.additionalModelRequestFields, { reasoningConfig: { type: 'enabled', maxReasoningEffort: 'high' } }, "the model's thinking budget wins over the client's");
    for (const [modelId, fields] of [
      ['mistral.mistral-large-2407-v1:0', { top_k: 7 }],
      ['cohere.command-r-plus-v1:0', { k: 7 }],
      ['meta.llama3-3-70b-instruct-v1:0', undefined],
      ['deepseek.r1-v1:0', undefined],
    ] as const) {
      assert.deepEqual(request('anthropic-messages', { ...fixtureJson('anthropic-request.json'), thinking: undefined, top_k: 7 }, settings(modelId)).additionalModelRequestFields, fields, modelId);
    }
  });

  it('declares tools a history uses when the client sent none, maps tool choices, merges same-role turns and drops blank text', () => {
    const body = request('openai-chat', {
      model: 'm',
      messages: [
        { role: 'user', content: 'one' },
        { role: 'user', content: '   ' },
        { role: 'user', content: 'two' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'ls', arguments: '{"dir":"."}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '' },
        { role: 'user', content: 'Summarize.' },
      ],
    });
    assert.deepEqual(body.messages[0].content, [{ text: 'one' }, { text: 'two' }]);
    assert.deepEqual(body.messages[2].content[0], { toolResult: { toolUseId: 'call_1', content: [{ text: '(no output)' }], status: 'success' } });
    assert.deepEqual(body.toolConfig, { tools: [{ toolSpec: { name: 'ls', inputSchema: { json: { type: 'object' } } } }] });
    const tools = [{ type: 'function', function: { name: 'ls', parameters: { type: 'object' } } }];
    const choice = (tool_choice: unknown) => request('openai-chat', { model: 'm', messages: [{ role: 'user', content: 'hi' }], tools, tool_choice }).toolConfig.toolChoice;
    assert.deepEqual(choice('required'), { any: {} });
    assert.deepEqual(choice({ type: 'function', function: { name: 'ls' } }), { tool: { name: 'ls' } });
  });

  it('sends no tools for tool choice "none" (Converse has no "none"), unless the history holds tool blocks, which need a toolConfig', () => {
    const tools = [{ type: 'function', function: { name: 'ls', parameters: { type: 'object' } } }];
    const fresh = request('openai-chat', { model: 'm', messages: [{ role: 'user', content: 'hi' }], tools, tool_choice: 'none' });
    assert.equal(fresh.toolConfig, undefined, 'without tools the model cannot call one');
    const anthropicNone = request('anthropic-messages', { model: 'm', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }], tools: [{ name: 'ls', input_schema: { type: 'object' } }], tool_choice: { type: 'none' } });
    assert.equal(anthropicNone.toolConfig, undefined);
    const history = [
      { role: 'user', content: 'List.' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'ls', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'a.txt' },
      { role: 'user', content: 'Summarize, no more tools.' },
    ];
    const used = request('openai-chat', { model: 'm', messages: history, tools, tool_choice: 'none' });
    assert.deepEqual(used.toolConfig, { tools: [{ toolSpec: { name: 'ls', inputSchema: { json: { type: 'object' } } } }] }, 'the tools stay, with no toolChoice: the model chooses');
    const undeclared = request('openai-chat', { model: 'm', messages: history, tool_choice: 'none' });
    assert.deepEqual(undeclared.toolConfig, { tools: [{ toolSpec: { name: 'ls', inputSchema: { json: { type: 'object' } } } }] }, 'a tool the history used is declared even so');
  });

  it('puts a user turn before a conversation that opens with the assistant, which Converse refuses', () => {
    const body = request('anthropic-messages', {
      model: 'm',
      max_tokens: 64,
      messages: [
        { role: 'assistant', content: 'Earlier I listed the files.' },
        { role: 'user', content: 'Go on.' },
      ],
    });
    assert.deepEqual(
      body.messages.map((m: any) => [m.role, m.content[0].text]),
      [
        ['user', conversationOpener],
        ['assistant', 'Earlier I listed the files.'],
        ['user', 'Go on.'],
      ],
    );
    assert.equal(request('openai-chat', { model: 'm', messages: [{ role: 'user', content: 'hi' }] }).messages.length, 1, 'a conversation that opens with the user is sent as is');
  });

  it('answers a Gemini client’s request too', () => {
    const body = request('gemini', { ...fixtureJson('gemini-request.json'), model: 'gemini-2.5-pro', stream: true });
    assert.equal(body.messages[0].role, 'user');
    assert.ok(body.messages.some((m: any) => m.content.some((b: any) => b.toolUse?.name === 'get_weather')));
    assert.ok(body.messages.some((m: any) => m.content.some((b: any) => b.toolResult)));
  });
});

describe('gateway translate: Bedrock Converse → clients, whole answers', () => {
  const answer = fixtureJson('converse-response.json');
  const respond = (client: GatewayProtocol, body: unknown = answer) => {
    const r = translator.translateResponse(V, client, body, 'client-model');
    assert.ok(r.ok, r.ok ? '' : r.message);
    return r;
  };

  it('gives each client the reasoning, text and tool call with its id, the stop reason and the usage (cached input counted)', () => {
    const a = respond('anthropic-messages');
    const m = a.body as any;
    assert.equal(m.model, 'client-model');
    assert.deepEqual(
      m.content.map((b: any) => b.type),
      ['thinking', 'text', 'tool_use'],
    );
    assert.equal(m.content[0].signature, 'sbsig1.bedrock-converse.c2lnLW5vdmEtMDE=', "marked as Bedrock Converse's");
    assert.deepEqual([m.content[2].id, m.content[2].input], ['tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', { city: 'Oslo', unit: 'celsius' }]);
    assert.equal(m.stop_reason, 'tool_use');
    assert.deepEqual([m.usage.input_tokens, m.usage.cache_read_input_tokens, m.usage.output_tokens], [412, 800, 58]);
    assert.deepEqual(a.usage, { inputTokens: 1212, outputTokens: 58 });
    const c = respond('openai-chat').body as any;
    assert.equal(c.choices[0].finish_reason, 'tool_calls');
    assert.equal(c.choices[0].message.content, 'Let me check the weather in Oslo.');
    assert.equal(c.choices[0].message.tool_calls[0].id, 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q');
    assert.equal(c.usage.prompt_tokens, 1212);
    const r = respond('openai-responses').body as any;
    assert.deepEqual(
      r.output.map((o: any) => o.type),
      ['reasoning', 'message', 'function_call'],
    );
    assert.equal(r.output[2].call_id, 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q');
    const g = respond('gemini').body as any;
    assert.deepEqual(g.candidates[0].content.parts.at(-1).functionCall, { id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', name: 'get_weather', args: { city: 'Oslo', unit: 'celsius' } });
  });

  it('maps every Converse stop reason', () => {
    for (const [stopReason, anthropic, chat] of [
      ['end_turn', 'end_turn', 'stop'],
      ['tool_use', 'tool_use', 'tool_calls'],
      ['max_tokens', 'max_tokens', 'length'],
      ['model_context_window_exceeded', 'max_tokens', 'length'],
      ['stop_sequence', 'stop_sequence', 'stop'],
      ['guardrail_intervened', 'refusal', 'content_filter'],
      ['content_filtered', 'refusal', 'content_filter'],
    ]) {
      const body = { output: { message: { role: 'assistant', content: [{ text: 'x' }] } }, stopReason, usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } };
      assert.equal((respond('anthropic-messages', body).body as any).stop_reason, anthropic, stopReason);
      assert.equal((respond('openai-chat', body).body as any).choices[0].finish_reason, chat, stopReason);
    }
  });

  it('refuses what is not a Converse answer', () => {
    const r = translator.translateResponse(V, 'openai-chat', { content: [] }, 'm');
    assert.ok(!r.ok);
    assert.equal(r.status, 502);
    assert.match(r.message, /not a Bedrock Converse response/);
  });
});

describe('gateway translate: Bedrock ConverseStream → clients', () => {
  const frames = recordedFrames();

  it('streams to every client, judged by the official SDKs: reasoning, text, the tool call with its id and arguments, usage', async () => {
    const { message, events } = await anthropicFinal(clientStream('anthropic-messages', frames));
    assert.equal(events[0], 'message_start');
    assert.deepEqual(
      message.content.map((b) => b.type),
      ['thinking', 'text', 'tool_use'],
    );
    const thinking = message.content[0];
    assert.ok(thinking.type === 'thinking' && thinking.thinking === "The user wants Oslo's weather; call the tool." && thinking.signature === 'sbsig1.bedrock-converse.c2lnLW5vdmEtMDE=');
    const use = message.content[2];
    assert.ok(use.type === 'tool_use');
    assert.deepEqual([use.id, use.name, use.input], ['tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', 'get_weather', { city: 'Oslo', unit: 'celsius' }]);
    assert.equal(message.stop_reason, 'tool_use');
    assert.deepEqual([message.usage.input_tokens, message.usage.cache_read_input_tokens, message.usage.output_tokens], [412, 800, 58]);
    const chat = await chatFinal(clientStream('openai-chat', frames));
    assert.equal(chat.choices[0].message.content, 'Let me check the weather in Oslo ☔.');
    assert.equal(chat.choices[0].finish_reason, 'tool_calls');
    const call = chat.choices[0].message.tool_calls?.[0];
    assert.ok(call?.type === 'function' && call.id === 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q' && call.function.arguments === '{"city": "Oslo", "unit": "celsius"}');
    assert.equal(chat.usage?.prompt_tokens, 1212);
    const { response } = await responsesFinal(clientStream('openai-responses', frames));
    assert.equal(response.status, 'completed');
    assert.deepEqual(
      response.output.map((o) => o.type),
      ['reasoning', 'message', 'function_call'],
    );
    const gemini = sseJson(clientStream('gemini', frames));
    const parts = gemini.flatMap((c) => c.candidates?.[0]?.content?.parts ?? []);
    assert.deepEqual(parts.find((p: any) => p.functionCall)?.functionCall, { id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', name: 'get_weather', args: { city: 'Oslo', unit: 'celsius' } });
    assert.equal(gemini.at(-1).candidates[0].finishReason, 'STOP');
    assert.equal(gemini.at(-1).usageMetadata.promptTokenCount, 1212);
  });

  it('decodes the recorded stream cut at every byte offset into the same reply', () => {
    const decode = (cuts: readonly number[]) => {
      const collector = new ResponseCollector();
      const decoder = createUpstreamDecoder(V, collector.sink);
      const reader = new BedrockStreamReader('converse');
      let at = 0;
      for (const cut of [...cuts, frames.length]) {
        decoder.write(reader.write(frames.subarray(at, cut)));
        at = cut;
      }
      decoder.write(reader.end());
      decoder.end();
      const { id: _id, ...rest } = collector.result()!;
      return JSON.stringify(rest);
    };
    const whole = decode([]);
    assert.deepEqual(JSON.parse(whole).content, [
      { type: 'reasoning', text: "The user wants Oslo's weather; call the tool.", signature: 'c2lnLW5vdmEtMDE=' },
      { type: 'text', text: 'Let me check the weather in Oslo ☔.' },
      { type: 'tool_call', id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', name: 'get_weather', arguments: '{"city": "Oslo", "unit": "celsius"}' },
    ]);
    assert.equal(JSON.parse(whole).stopReason, 'tool_use');
    assert.deepEqual(JSON.parse(whole).usage, { inputTokens: 1212, outputTokens: 58, cacheReadTokens: 800 });
    for (let i = 0; i <= frames.length; i++) assert.equal(decode([i]), whole, `cut at ${i}`);
  });

  it('throws a Bedrock exception frame as the upstream’s error with its status, and an early end as an incomplete reply', () => {
    const events = fixtureJson('converse-stream-tool.json') as [string, unknown][];
    const head = Buffer.concat(events.slice(0, 6).map(([type, payload]) => encodeFrame({ ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' }, JSON.stringify(payload))));
    const reader = new BedrockStreamReader('converse');
    assert.match(reader.write(head), /event: contentBlockDelta/);
    assert.throws(
      () => reader.write(exceptionFrame('modelStreamErrorException', 'The model stopped.')),
      (e: unknown) => e instanceof UpstreamStreamError && e.status === 502 && /modelStreamErrorException: The model stopped\./.test(e.message),
    );
    assert.throws(
      () => new BedrockStreamReader('converse').write(exceptionFrame('throttlingException', 'Too many tokens.')),
      (e: unknown) => e instanceof UpstreamStreamError && e.status === 429,
    );
    const cut = sseJson(clientStream('openai-chat', head)).at(-1);
    assert.match(cut.error.message, /ended before the reply was complete/);
  });
});

describe('Bedrock double: Converse bodies it refuses, as Bedrock does', () => {
  const user = (text = 'hi') => ({ role: 'user', content: [{ text }] });
  const use = { role: 'assistant', content: [{ toolUse: { toolUseId: 't1', name: 'ls', input: {} } }] };
  const result = { role: 'user', content: [{ toolResult: { toolUseId: 't1', content: [{ text: 'a' }], status: 'success' } }] };
  const tools = { tools: [{ toolSpec: { name: 'ls', inputSchema: { json: { type: 'object' } } } }] };

  it('accepts a sound body and names what is wrong with each broken one', () => {
    assert.equal(converseProblem({ messages: [user(), use, result], toolConfig: tools }), undefined);
    for (const [body, pattern] of [
      [{ messages: [user()], model: 'x' }, /extraneous key \[model\]/],
      [{ messages: [use] }, /start with a user message/],
      [{ messages: [user(), user()] }, /alternate between user and assistant/],
      [{ messages: [{ role: 'user', content: [] }] }, /is empty/],
      [{ messages: [user('  ')] }, /is blank/],
      [{ messages: [user(), use, result] }, /toolConfig field must be defined/],
      [{ messages: [user(), { role: 'assistant', content: [{ text: 'x' }] }, result], toolConfig: tools }, /exceeds the number of toolUse blocks/],
      [{ messages: [user()], inferenceConfig: { topK: 3 } }, /extraneous key \[topK\]/],
    ] as const) {
      assert.match(converseProblem(body) ?? '', pattern, JSON.stringify(body));
    }
  });
});
