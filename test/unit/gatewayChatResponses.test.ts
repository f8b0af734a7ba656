/** Codex (Responses) answered by a chat upstream (DeepSeek, Ollama…), and chat clients (OpenCode) answered by a Responses upstream. */
import * as assert from 'node:assert/strict';
import type OpenAI from 'openai';
import { translator } from '../../src/gateway/translate';
import { chatFinal, fixtureJson, fixtureText, responsesFinal, runStream, settings, sseJson, translateStream } from './gatewayFixtures';

const C = 'openai-chat' as const;
const R = 'openai-responses' as const;

function request(client: typeof C | typeof R, upstream: typeof C | typeof R, body: unknown, s = settings('upstream-model')): Record<string, any> {
  const r = translator.translateRequest(client, upstream, body, s);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.body;
}

describe('gateway translate: Responses client (Codex) → Chat upstream, requests', () => {
  it('builds chat messages from items: one system message, tool calls and outputs with call ids kept', () => {
    const r = translator.translateRequest(R, C, fixtureJson('responses-request.json'), settings('deepseek-chat'));
    assert.ok(r.ok);
    assert.equal(r.streamContext, undefined, 'only chat clients need a stream context');
    const out = r.body as any;
    assert.equal(out.model, 'deepseek-chat');
    assert.deepEqual(out.stream_options, { include_usage: true });
    const m = out.messages;
    assert.deepEqual(
      m.map((x: any) => x.role),
      ['system', 'user', 'assistant', 'tool', 'assistant', 'tool', 'user'],
    );
    assert.equal(m[0].content, 'You are Codex, a coding agent based on GPT-5.\n\n<permissions instructions>Sandbox: workspace-write.</permissions instructions>');
    assert.deepEqual(
      m[1].content.map((p: any) => p.type),
      ['text', 'text', 'image_url'],
    );
    assert.equal(m[2].content, 'It is a single pixel. Checking the weather.');
    assert.equal(m[2].reasoning_content, undefined, 'encrypted OpenAI reasoning is not for another model');
    assert.deepEqual(m[2].tool_calls, [{ id: 'call_PZ9HwYxmNfUqjMQzC7W8vdh1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo","unit":"celsius"}' } }]);
    assert.deepEqual(m[3], { role: 'tool', tool_call_id: 'call_PZ9HwYxmNfUqjMQzC7W8vdh1', content: '4°C, light rain' });
    assert.deepEqual(JSON.parse(m[4].tool_calls[0].function.arguments), { input: '*** Begin Patch\n*** Add File: notes.txt\n+rain\n*** End Patch\n' });
    assert.equal(m[4].content, null);
    assert.deepEqual(m[5], { role: 'tool', tool_call_id: 'call_Xk2apply9PatchQ7', content: 'Success. Updated the following files:\nA notes.txt\n' });
    assert.equal(m[6].content, 'Thanks. Anything else?');
    assert.deepEqual(
      out.tools.map((t: any) => t.function.name),
      ['get_weather', 'apply_patch'],
    );
    assert.equal(out.reasoning_effort, 'medium');
    assert.equal(out.parallel_tool_calls, false);
    for (const k of ['input', 'instructions', 'store', 'include', 'reasoning']) assert.equal(out[k], undefined, k);
  });

  it('gives reasoning a chat model showed back to it as reasoning_content', () => {
    const body = {
      model: 'gpt-5-codex',
      input: [
        { role: 'user', content: 'hi' },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'thinking out loud' }], encrypted_content: null },
        { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'done' },
      ],
    };
    const m = request(R, C, body).messages;
    assert.equal(m[1].reasoning_content, 'thinking out loud');
    assert.equal(m[1].content, null);
  });
});

describe('gateway translate: Chat client (OpenCode) → Responses upstream, requests', () => {
  it('builds input items, instructions and a stateless body', () => {
    const out = request(C, R, fixtureJson('chat-request.json'), settings('gpt-5'));
    assert.equal(out.instructions, 'You are OpenCode, a coding agent.\n\nPrefer short answers.');
    assert.equal(out.store, false);
    const kinds = out.input.map((i: any) => i.type + (i.role ? ':' + i.role : ''));
    assert.deepEqual(kinds, ['message:user', 'message:assistant', 'function_call', 'function_call', 'function_call_output', 'function_call_output', 'message:user']);
    assert.deepEqual(out.input[0].content, [
      { type: 'input_text', text: "What is in this picture, and what's the weather in Oslo?" },
      { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', detail: 'high' },
      { type: 'input_image', image_url: 'https://example.com/cat.jpg', detail: 'auto' },
    ]);
    assert.deepEqual(out.input[1], { type: 'message', role: 'assistant', content: 'It is a single pixel. Checking the weather.' });
    assert.deepEqual(out.input[2], { type: 'function_call', call_id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', name: 'get_weather', arguments: '{"city":"Oslo","unit":"celsius"}' });
    assert.deepEqual(out.input[4], { type: 'function_call_output', call_id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', output: '4°C, light rain' });
    assert.equal(out.max_output_tokens, 2048);
    assert.equal(out.temperature, 0.2);
    assert.equal(out.top_p, 0.9);
    assert.deepEqual(out.reasoning, { effort: 'low' });
    assert.deepEqual(out.include, ['reasoning.encrypted_content']);
    assert.equal(out.tool_choice, 'auto');
    assert.equal(out.parallel_tool_calls, false);
    assert.deepEqual(out.tools[1], { type: 'function', name: 'read_file', description: 'Read a file', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] }, strict: false });
    for (const k of ['messages', 'stop', 'presence_penalty', 'frequency_penalty', 'max_completion_tokens', 'stream_options', 'reasoning_effort']) assert.equal(out[k], undefined, k);
  });

  it('hands the stream context (include_usage) to the stream translator', () => {
    const r = translator.translateRequest(C, R, fixtureJson('chat-request.json'), settings('gpt-5'));
    assert.ok(r.ok);
    assert.deepEqual(r.streamContext, { includeUsage: true });
    const noUsage = translator.translateRequest(C, R, { ...fixtureJson('chat-request.json'), stream_options: undefined }, settings('gpt-5'));
    assert.ok(noUsage.ok);
    assert.deepEqual(noUsage.streamContext, { includeUsage: false });
  });
});

describe('gateway translate: Chat ↔ Responses, whole responses', () => {
  it('turns a Responses response into a chat completion', () => {
    const r = translator.translateResponse(R, C, fixtureJson('responses-response.json'), 'gpt-4o');
    assert.ok(r.ok);
    const b = r.body as any;
    const m = b.choices[0].message;
    assert.equal(m.content, 'Let me check that for you.');
    assert.equal(m.reasoning_content, 'Need the weather tool.');
    assert.equal(m.tool_calls[0].id, 'call_PZ9HwYxmNfUqjMQzC7W8vdh1');
    assert.equal(b.choices[0].finish_reason, 'tool_calls');
    assert.deepEqual(b.usage, { prompt_tokens: 1596, completion_tokens: 89, total_tokens: 1685, prompt_tokens_details: { cached_tokens: 1024 }, completion_tokens_details: { reasoning_tokens: 10 } });
  });

  it('turns a chat completion into a Responses response', () => {
    const r = translator.translateResponse(C, R, fixtureJson('chat-response.json'), 'gpt-5-codex');
    assert.ok(r.ok);
    const b = r.body as any;
    assert.equal(b.model, 'gpt-5-codex');
    assert.equal(b.id, 'resp_chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT');
    assert.deepEqual(
      b.output.map((o: any) => o.type),
      ['reasoning', 'message', 'function_call'],
    );
    assert.equal(b.output[0].encrypted_content, undefined);
    assert.equal(b.output[2].call_id, 'call_DdmO9pD3xa9XTPNJ32zg2hcA');
    assert.equal(b.usage.output_tokens_details.reasoning_tokens, 10);
  });
});

describe('gateway translate: Chat upstream stream → Responses client stream (Codex on DeepSeek)', () => {
  it('emits reasoning summary, message and two function calls that ResponseStream assembles', async () => {
    const st = translator.createStreamTranslator(C, R, 'gpt-5-codex');
    const out = runStream(st, [fixtureText('chat-stream-tool.sse')]);
    const { response, seqs } = await responsesFinal(out);
    assert.deepEqual(seqs, seqs.map((_, i) => i));
    assert.equal(response.status, 'completed');
    assert.deepEqual(
      response.output.map((o) => o.type),
      ['reasoning', 'message', 'function_call', 'function_call'],
    );
    const rs = response.output[0] as OpenAI.Responses.ResponseReasoningItem;
    assert.deepEqual(rs.summary, [{ type: 'summary_text', text: 'Oslo weather needs a tool call; time too.' }]);
    assert.equal(rs.encrypted_content, undefined);
    assert.equal(response.output_text, 'Checking Oslo — naïve 日本語 🙂.');
    const calls = response.output.slice(2) as OpenAI.Responses.ResponseFunctionToolCall[];
    assert.deepEqual(
      calls.map((c) => [c.call_id, c.name, JSON.parse(c.arguments)]),
      [
        ['call_DdmO9pD3xa9XTPNJ32zg2hcA', 'get_weather', { city: 'Oslo', unit: 'celsius' }],
        ['call_Q3v1kMZqzYk7Wn8fHc2LbR5t', 'get_time', { zone: 'Europe/Oslo' }],
      ],
    );
    assert.deepEqual(
      [response.usage?.input_tokens, response.usage?.input_tokens_details.cached_tokens, response.usage?.output_tokens, response.usage?.output_tokens_details.reasoning_tokens],
      [1117, 1024, 46, 12],
    );
    assert.deepEqual(st.usage(), { inputTokens: 1117, outputTokens: 46 });
  });

  it('ends a reply cut by length in response.incomplete', async () => {
    const out = translateStream(C, R, fixtureText('chat-stream-length.sse'));
    const last = sseJson(out).at(-1);
    assert.equal(last.type, 'response.incomplete');
    assert.deepEqual(last.response.incomplete_details, { reason: 'max_output_tokens' });
    const { response } = await responsesFinal(out);
    assert.equal(response.output_text, 'Once upon a time');
  });
});

describe('gateway translate: Responses upstream stream → Chat client stream (OpenCode on OpenAI)', () => {
  it('emits chunks ChatCompletionStream assembles', async () => {
    const out = translateStream(R, C, fixtureText('responses-stream-tool.sse'), { includeUsage: true }, 'gpt-5');
    const chunks = sseJson(out);
    assert.equal(chunks.map((c) => c.choices[0]?.delta?.reasoning_content ?? '').join(''), '**Checking weather**\n\nThe user asked about Oslo.');
    const final = await chatFinal(out);
    const m = final.choices[0].message;
    assert.equal(final.model, 'gpt-5');
    assert.equal(final.id, 'resp_68af4030592c81938ec0a5fbab4a3e9f05438e46b5f69a3b');
    assert.equal(m.content, 'Checking Oslo — naïve 日本語 🙂.');
    const call = m.tool_calls?.[0] as OpenAI.ChatCompletionMessageFunctionToolCall;
    assert.deepEqual([call.id, call.function.name, JSON.parse(call.function.arguments)], ['call_PZ9HwYxmNfUqjMQzC7W8vdh1', 'get_weather', { city: 'Oslo', unit: 'celsius' }]);
    assert.equal(final.choices[0].finish_reason, 'tool_calls');
    assert.equal(final.usage?.prompt_tokens, 328);
    assert.equal(final.usage?.completion_tokens_details?.reasoning_tokens, 64);
  });

  it('turns response.failed into an OpenAI error chunk', () => {
    const out = translateStream(R, C, fixtureText('responses-stream-failed.sse'));
    const last = sseJson(out).at(-1);
    assert.equal(last.error.message, 'Rate limit reached. Please try again in 2.5s.');
  });
});
