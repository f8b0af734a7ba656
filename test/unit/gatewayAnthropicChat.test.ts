/** The benchmark pair: Anthropic Messages clients (Claude Code) answered by Chat Completions upstreams, and back. */
import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { translator } from '../../src/gateway/translate';
import { anthropicFinal, chatFinal, fixtureJson, openaiClient, fixtureText, normalize, runStream, settings, sseEvents, sseJson, translateStream } from './gatewayFixtures';

const A = 'anthropic-messages' as const;
const C = 'openai-chat' as const;

function request(client: typeof A | typeof C, upstream: typeof A | typeof C, body: unknown, s = settings('upstream-model')): Record<string, any> {
  const r = translator.translateRequest(client, upstream, body, s);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.body;
}

describe('gateway translate: Anthropic client → Chat upstream, requests', () => {
  const body = fixtureJson('anthropic-request.json');

  it('keeps system, turns, images, tool calls and results with their ids', () => {
    const r = translator.translateRequest(A, C, body, settings('deepseek-chat'));
    assert.ok(r.ok);
    assert.equal(r.stream, true);
    assert.equal(r.clientModel, 'claude-sonnet-4-5-20250929');
    const out = r.body as any;
    assert.equal(out.model, 'deepseek-chat');
    assert.deepEqual(out.stream_options, { include_usage: true });
    const m = out.messages;
    assert.deepEqual(
      m.map((x: any) => x.role),
      ['system', 'user', 'assistant', 'tool', 'tool', 'user'],
    );
    assert.equal(m[0].content, "You are Claude Code, Anthropic's official CLI for Claude.\n\nAnswer briefly. Use tools when needed.");
    assert.equal(m[1].content[0].text, "What is in this picture, and what's the weather in Oslo?");
    assert.equal(m[1].content[1].type, 'image_url');
    assert.match(m[1].content[1].image_url.url, /^data:image\/png;base64,iVBORw0KGgo/);
    assert.equal(m[2].content, 'It is a single pixel. Checking the weather.');
    assert.equal(m[2].reasoning_content, undefined, 'signed Anthropic thinking means nothing to another model');
    assert.deepEqual(
      m[2].tool_calls.map((c: any) => [c.id, c.function.name, JSON.parse(c.function.arguments)]),
      [
        ['toolu_01A09q90qw90lq917835lq9', 'get_weather', { city: 'Oslo', unit: 'celsius' }],
        ['toolu_01B8sTTGsmuCq9bCUmUp7dAo', 'read_file', { path: '/tmp/missing.txt' }],
      ],
    );
    assert.deepEqual(m[3], { role: 'tool', tool_call_id: 'toolu_01A09q90qw90lq917835lq9', content: '4°C, light rain' });
    assert.deepEqual(m[4], { role: 'tool', tool_call_id: 'toolu_01B8sTTGsmuCq9bCUmUp7dAo', content: 'ENOENT: no such file' });
    assert.equal(m[5].content, 'Thanks. Anything else?');
    assert.deepEqual(
      out.tools.map((t: any) => t.function.name),
      ['get_weather', 'read_file'],
      'server tools (web_search) are dropped',
    );
    assert.deepEqual(out.tools[0].function.parameters.required, ['city']);
    assert.equal(out.tool_choice, 'auto');
    assert.equal(out.parallel_tool_calls, false);
    assert.deepEqual(out.stop, ['\n\nHuman:']);
    assert.equal(out.max_tokens, 32000);
    assert.equal(out.temperature, 1);
    assert.equal(out.thinking, undefined);
    assert.equal(out.reasoning_effort, undefined, 'a thinking budget does not become an effort');
  });

  it('applies the model settings over the client values, and only where set', () => {
    const out = request(A, C, body, settings('gpt-5', { temperature: 0.3, presencePenalty: 0.5, options: { reasoningEffort: 'high', maxCompletionTokens: 9000, parallelToolCalls: true } }));
    assert.equal(out.model, 'gpt-5');
    assert.equal(out.temperature, 0.3);
    assert.equal(out.presence_penalty, 0.5);
    assert.equal(out.top_k, undefined);
    assert.equal(out.reasoning_effort, 'high');
    assert.equal(out.max_completion_tokens, 9000);
    assert.equal(out.max_tokens, undefined);
    assert.equal(out.parallel_tool_calls, true);
    assert.deepEqual(out.stop, ['\n\nHuman:'], 'unset settings leave the client values');
    const plainMax = request(A, C, body, settings('m', { maxOutputTokens: 1000, topK: 40 }));
    assert.equal(plainMax.max_tokens, 1000);
    assert.equal(plainMax.top_k, undefined, 'chat has no top_k');
  });

  it("maps OpenRouter's and Vercel's reasoning options to their reasoning object", () => {
    const or = request(A, C, body, settings('anthropic/claude-sonnet-4.5', { optionFamily: 'openrouter', options: { reasoningEnabled: true, reasoningEffort: 'medium', providerOrder: ['anthropic'], allowFallbacks: false } }));
    assert.deepEqual(or.reasoning, { enabled: true, effort: 'medium' });
    assert.deepEqual(or.provider, { order: ['anthropic'], allow_fallbacks: false });
    const v = request(A, C, body, settings('openai/gpt-5', { optionFamily: 'vercel', options: { reasoningEffort: 'low', providerOptions: { openai: { reasoningSummary: 'auto' } } } }));
    assert.deepEqual(v.reasoning, { effort: 'low' });
    assert.deepEqual(v.providerOptions, { openai: { reasoningSummary: 'auto' } });
  });

  it('answers a malformed request with 400 naming the field, never throwing', () => {
    const bad = structuredClone(body);
    bad.messages[2].content[0].type = 42;
    const r = translator.translateRequest(A, C, bad, settings('m'));
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.status === 400);
    assert.match(!r.ok ? r.message : '', /^messages\[2\]\.content\[0\]\.type: /);
    const noText = translator.translateRequest(A, C, { model: 'x', messages: [{ role: 'user', content: [{ type: 'text' }] }] }, settings('m'));
    assert.match(!noText.ok ? noText.message : '', /^messages\[0\]\.content\[0\]\.text: /);
    const role = translator.translateRequest(A, C, { model: 'x', messages: [{ role: 'robot', content: 'hi' }] }, settings('m'));
    assert.match(!role.ok ? role.message : '', /^messages\[0\]\.role: /);
    for (const junk of [null, 'text', 42, [], { model: 1 }, { model: 'x' }, { model: 'x', messages: 'no' }]) {
      const j = translator.translateRequest(A, C, junk, settings('m'));
      assert.equal(j.ok, false, JSON.stringify(junk));
    }
  });
});

describe('gateway translate: Chat client → Anthropic upstream, requests', () => {
  const body = fixtureJson('chat-request.json');

  it('hoists system and developer messages, groups tool results into one user turn first', () => {
    const out = request(C, A, body, settings('claude-sonnet-4-5', { optionFamily: 'anthropic' }));
    assert.equal(out.model, 'claude-sonnet-4-5');
    assert.deepEqual(out.system, [
      { type: 'text', text: 'You are OpenCode, a coding agent.' },
      { type: 'text', text: 'Prefer short answers.' },
    ]);
    const m = out.messages;
    assert.deepEqual(
      m.map((x: any) => x.role),
      ['user', 'assistant', 'user'],
    );
    assert.deepEqual(m[0].content[1], { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==' } });
    assert.deepEqual(m[0].content[2], { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } });
    assert.deepEqual(
      m[1].content.map((b: any) => b.type),
      ['text', 'tool_use', 'tool_use'],
      'unsigned reasoning cannot go to Anthropic',
    );
    assert.deepEqual(m[1].content[1], { type: 'tool_use', id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', name: 'get_weather', input: { city: 'Oslo', unit: 'celsius' } });
    assert.deepEqual(m[2].content, [
      { type: 'tool_result', tool_use_id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', content: '4°C, light rain' },
      { type: 'tool_result', tool_use_id: 'call_Q3v1kMZqzYk7Wn8fHc2LbR5t', content: 'ENOENT: no such file' },
      { type: 'text', text: 'Thanks. Anything else?' },
    ]);
    assert.equal(out.max_tokens, 2048);
    assert.equal(out.temperature, 0.2);
    assert.equal(out.top_p, 0.9);
    assert.deepEqual(out.stop_sequences, ['END']);
    assert.equal(out.presence_penalty, undefined);
    assert.deepEqual(out.tool_choice, { type: 'auto', disable_parallel_tool_use: true });
    assert.deepEqual(out.tools[0], {
      name: 'get_weather',
      description: 'Get the current weather in a given location',
      input_schema: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['city'] },
    });
    assert.equal(out.stream, true);
    assert.equal(out.stream_options, undefined);
  });

  it('applies Anthropic options: thinking budget (max_tokens kept above it), effort, top_k', () => {
    const simple = { model: 'x', messages: [{ role: 'user', content: 'hi' }], temperature: 0.5, max_tokens: 1000 };
    const out = request(C, A, simple, settings('claude-opus-4-5', { optionFamily: 'anthropic', topK: 20, options: { thinkingBudgetTokens: 4096, effort: 'high' } }));
    assert.deepEqual(out.thinking, { type: 'enabled', budget_tokens: 4096 });
    assert.ok(out.max_tokens > 4096);
    assert.deepEqual(out.output_config, { effort: 'high' });
    assert.equal(out.top_k, 20);
    assert.equal(out.temperature, undefined, "thinking takes no temperature: the client's is dropped");
  });

  it('sends thinking only when the ongoing tool turn carries signed thinking', () => {
    const chatLoop = { model: 'x', messages: [{ role: 'user', content: 'go' }, { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] }, { role: 'tool', tool_call_id: 'call_1', content: 'ok' }] };
    const s = settings('claude', { optionFamily: 'anthropic', options: { thinkingBudgetTokens: 2048 } });
    assert.equal(request(C, A, chatLoop, s).thinking, undefined);
    const fresh = request(C, A, { model: 'x', messages: [{ role: 'user', content: 'go' }] }, s);
    assert.deepEqual(fresh.thinking, { type: 'enabled', budget_tokens: 2048 });
  });

  it('sanitises tool ids Anthropic would refuse, the same way on both ends', () => {
    const weird = { model: 'x', messages: [{ role: 'assistant', content: '', tool_calls: [{ id: 'call:1/a', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] }, { role: 'tool', tool_call_id: 'call:1/a', content: 'r' }] };
    const out = request(C, A, weird);
    assert.equal(out.messages[0].content[0].id, 'call_1_a');
    assert.equal(out.messages[1].content[0].tool_use_id, 'call_1_a');
  });
});

describe('gateway translate: Chat ↔ Anthropic, whole responses', () => {
  it('turns a chat completion into an Anthropic message (ids, stop reason, usage, reasoning)', () => {
    const r = translator.translateResponse(C, A, fixtureJson('chat-response.json'), 'claude-sonnet-4-5');
    assert.ok(r.ok);
    const b = r.body as any;
    assert.equal(b.type, 'message');
    assert.equal(b.model, 'claude-sonnet-4-5');
    assert.match(b.id, /^msg_/);
    assert.deepEqual(b.content, [
      { type: 'thinking', thinking: 'Need the weather tool.', signature: '' },
      { type: 'text', text: 'Let me check that for you.' },
      { type: 'tool_use', id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', name: 'get_weather', input: { city: 'Oslo', unit: 'celsius' } },
    ]);
    assert.equal(b.stop_reason, 'tool_use');
    assert.deepEqual(b.usage, { input_tokens: 572, output_tokens: 89, cache_creation_input_tokens: 0, cache_read_input_tokens: 1024 });
    assert.deepEqual(r.usage, { inputTokens: 1596, outputTokens: 89 });
  });

  it('turns an Anthropic message into a chat completion the SDK types accept', () => {
    const r = translator.translateResponse(A, C, fixtureJson('anthropic-response.json'), 'gpt-4o');
    assert.ok(r.ok);
    const b = r.body as unknown as OpenAI.ChatCompletion & { choices: { message: { reasoning_content?: string } }[] };
    assert.equal(b.object, 'chat.completion');
    assert.equal(b.model, 'gpt-4o');
    const m = b.choices[0].message;
    assert.equal(m.content, 'Let me check that for you.');
    assert.equal(m.reasoning_content, 'Need the weather tool.');
    assert.equal(m.tool_calls?.[0].id, 'toolu_01T1x1fJ34qAmk2tNTrN7Up6');
    assert.deepEqual(JSON.parse((m.tool_calls?.[0] as OpenAI.ChatCompletionMessageFunctionToolCall).function.arguments), { city: 'Oslo', unit: 'celsius' });
    assert.equal(b.choices[0].finish_reason, 'tool_calls');
    assert.equal(b.usage?.prompt_tokens, 472 + 100 + 1024);
    assert.equal(b.usage?.prompt_tokens_details?.cached_tokens, 1024);
    assert.equal(b.usage?.completion_tokens, 89);
    assert.equal(b.usage?.total_tokens, 1596 + 89);
  });

  it('answers an upstream body of the wrong shape with 502', () => {
    const r = translator.translateResponse(C, A, { nope: true }, 'm');
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.status === 502);
  });
});

describe('gateway translate: Chat upstream stream → Anthropic client stream', () => {
  const sse = fixtureText('chat-stream-tool.sse');

  it('emits the event sequence MessageStream assembles: thinking, text, two tool calls, stop reason, usage', async () => {
    const st = translator.createStreamTranslator(C, A, 'claude-sonnet-4-5');
    const out = runStream(st, [sse]);
    const types = sseEvents(out).map((e) => e.event);
    assert.equal(types[0], 'message_start');
    assert.deepEqual(types.slice(-2), ['message_delta', 'message_stop']);
    const { message } = await anthropicFinal(out);
    assert.equal(message.model, 'claude-sonnet-4-5');
    assert.equal(message.id, 'msg_chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG');
    assert.deepEqual(
      message.content.map((b) => b.type),
      ['thinking', 'text', 'tool_use', 'tool_use'],
    );
    assert.equal((message.content[0] as Anthropic.ThinkingBlock).thinking, 'Oslo weather needs a tool call; time too.');
    assert.equal((message.content[1] as Anthropic.TextBlock).text, 'Checking Oslo — naïve 日本語 🙂.');
    const [w, t] = message.content.slice(2) as Anthropic.ToolUseBlock[];
    assert.deepEqual([w.id, w.name, w.input], ['call_DdmO9pD3xa9XTPNJ32zg2hcA', 'get_weather', { city: 'Oslo', unit: 'celsius' }]);
    assert.deepEqual([t.id, t.name, t.input], ['call_Q3v1kMZqzYk7Wn8fHc2LbR5t', 'get_time', { zone: 'Europe/Oslo' }]);
    assert.equal(message.stop_reason, 'tool_use');
    assert.equal(message.usage.output_tokens, 46);
    assert.equal(message.usage.input_tokens, 1117 - 1024);
    assert.equal(message.usage.cache_read_input_tokens, 1024);
    assert.deepEqual(st.usage(), { inputTokens: 1117, outputTokens: 46 });
  });

  it('maps length to max_tokens, reads usage from the finish chunk, takes CRLF and comments', async () => {
    const out = translateStream(C, A, fixtureText('chat-stream-length.sse'));
    const { message } = await anthropicFinal(out);
    assert.equal(message.stop_reason, 'max_tokens');
    assert.equal((message.content[0] as Anthropic.TextBlock).text, 'Once upon a time');
    assert.equal(message.usage.output_tokens, 4);
    assert.equal(message.usage.input_tokens, 20);
  });

  it('produces output as input arrives: a text delta in gives a text_delta out before end()', () => {
    const st = translator.createStreamTranslator(C, A, 'm');
    const events = sse.split('\n\n').filter(Boolean);
    const first = st.write(events[0] + '\n\n');
    assert.match(first, /event: message_start/);
    let seen = '';
    for (const e of events.slice(1, 4)) seen += st.write(e + '\n\n');
    assert.match(seen, /"thinking_delta","thinking":"Oslo weather needs "/);
    assert.match(seen, /"text_delta","text":"Checking "/);
    // Half an event gives nothing yet; the rest of it gives the delta.
    const half = Math.floor(events[4].length / 2);
    assert.equal(st.write(events[4].slice(0, half)), '');
    assert.match(st.write(events[4].slice(half) + '\n\n'), /"text_delta","text":"Oslo — naïve 日本語 🙂."/);
  });

  it('passes upstream errors on as an Anthropic error event the SDK raises', async () => {
    const err = 'data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}\n\ndata: {"error":{"message":"Upstream exploded","type":"server_error","code":null}}\n\n';
    const out = translateStream(C, A, err);
    const last = sseEvents(out).at(-1)!;
    assert.equal(last.event, 'error');
    assert.deepEqual(JSON.parse(last.data), { type: 'error', error: { type: 'api_error', message: 'Upstream exploded' } });
    await assert.rejects(anthropicFinal(out), (e: any) => e instanceof Anthropic.APIError && /Upstream exploded/.test(e.message));
  });

  it('fail() and an upstream that stops early both end in an error event', async () => {
    const st = translator.createStreamTranslator(C, A, 'm');
    const head = sse.slice(0, sse.indexOf('Checking'));
    const out = st.write(head) + st.fail('socket hang up');
    assert.equal(sseEvents(out).at(-1)!.event, 'error');
    assert.match(out, /socket hang up/);
    assert.equal(st.end(), '', 'nothing after the error');
    const cut = translateStream(C, A, sse.slice(0, sse.indexOf('"finish_reason":"tool_calls"') - 200));
    assert.equal(sseEvents(cut).at(-1)!.event, 'error');
    await assert.rejects(anthropicFinal(cut), Anthropic.APIError);
  });
});

describe('gateway translate: Anthropic upstream stream → Chat client stream', () => {
  const sse = fixtureText('anthropic-stream-tool.sse');

  it('emits chunks ChatCompletionStream assembles, a usage chunk, then [DONE]', async () => {
    const out = translateStream(A, C, sse, { includeUsage: true }, 'gpt-4o');
    const events = sseEvents(out);
    assert.equal(events.at(-1)!.data, '[DONE]');
    const chunks = sseJson(out);
    assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === 'gpt-4o'));
    assert.deepEqual(chunks[0].choices[0].delta, { role: 'assistant', content: '' });
    const usageChunk = chunks.at(-1);
    assert.deepEqual(usageChunk.choices, []);
    assert.equal(usageChunk.usage.prompt_tokens, 472 + 1024);
    assert.equal(usageChunk.usage.completion_tokens, 89);
    assert.equal(usageChunk.usage.prompt_tokens_details.cached_tokens, 1024);
    const reasoning = chunks.map((c) => c.choices[0]?.delta?.reasoning_content ?? '').join('');
    assert.equal(reasoning, 'The user wants the weather in Oslo. I should call get_weather.');
    const final = await chatFinal(out);
    const m = final.choices[0].message;
    assert.equal(m.content, 'Let me check the weather in Oslo — naïve 日本語 🙂.');
    assert.equal(final.choices[0].finish_reason, 'tool_calls');
    const call = m.tool_calls?.[0] as OpenAI.ChatCompletionMessageFunctionToolCall;
    assert.equal(call.id, 'toolu_01T1x1fJ34qAmk2tNTrN7Up6');
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Oslo', unit: 'celsius' });
  });

  it('leaves the usage chunk out when the client did not ask for it', () => {
    const out = translateStream(A, C, sse, { includeUsage: false });
    assert.ok(sseJson(out).every((c) => c.choices.length === 1));
  });

  it('reads the SDK stream through chat.completions.create({stream:true}) too', async () => {
    const out = translateStream(A, C, sse, { includeUsage: true });
    const stream = await openaiClient(out).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    assert.equal(text, 'Let me check the weather in Oslo — naïve 日本語 🙂.');
    assert.equal(usage?.total_tokens, 472 + 1024 + 89);
  });

  it('turns an Anthropic error event into an OpenAI error the SDK raises', async () => {
    const out = translateStream(A, C, fixtureText('anthropic-stream-error.sse'));
    const last = JSON.parse(sseEvents(out).at(-1)!.data);
    assert.equal(last.error.message, 'Overloaded');
    await assert.rejects(chatFinal(out), (e: any) => e instanceof OpenAI.APIError && /Overloaded/.test(e.message));
  });

  it('is the same split anywhere as whole', () => {
    const whole = normalize(translateStream(A, C, sse));
    for (let i = 1; i < sse.length; i += 7) {
      const st = translator.createStreamTranslator(A, C, 'client-model');
      assert.equal(normalize(runStream(st, [sse.slice(0, i), sse.slice(i)])), whole, `split at ${i}`);
    }
  });
});
