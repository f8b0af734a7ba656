/** Codex (OpenAI Responses) answered by Anthropic, and Claude Code answered by a Responses upstream (OpenAI itself). */
import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { translator } from '../../src/gateway/translate';
import { anthropicFinal, fixtureJson, fixtureText, responsesFinal, runStream, settings, sseEvents, sseJson, translateStream } from './gatewayFixtures';

const A = 'anthropic-messages' as const;
const R = 'openai-responses' as const;

function request(client: typeof A | typeof R, upstream: typeof A | typeof R, body: unknown, s = settings('upstream-model')): Record<string, any> {
  const r = translator.translateRequest(client, upstream, body, s);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.body;
}

describe('gateway translate: Responses client (Codex) → Anthropic upstream, requests', () => {
  const body = fixtureJson('responses-request.json');

  it('turns instructions and developer items into system, items into turns, keeping call ids', () => {
    const r = translator.translateRequest(R, A, body, settings('claude-sonnet-4-5', { optionFamily: 'anthropic' }));
    assert.ok(r.ok);
    assert.equal(r.clientModel, 'gpt-5-codex');
    assert.equal(r.stream, true);
    const out = r.body as any;
    assert.equal(out.model, 'claude-sonnet-4-5');
    assert.deepEqual(out.system, [
      { type: 'text', text: 'You are Codex, a coding agent based on GPT-5.' },
      { type: 'text', text: '<permissions instructions>Sandbox: workspace-write.</permissions instructions>' },
    ]);
    const m = out.messages;
    assert.deepEqual(
      m.map((x: any) => x.role),
      ['user', 'assistant', 'user', 'assistant', 'user'],
    );
    assert.deepEqual(
      m[0].content.map((b: any) => b.type),
      ['text', 'text', 'image'],
    );
    assert.equal(m[0].content[2].source.media_type, 'image/png');
    // Codex's reasoning is OpenAI's (encrypted_content gAAAA…): Anthropic would refuse it as a signature.
    assert.deepEqual(m[1].content, [
      { type: 'text', text: 'It is a single pixel. Checking the weather.' },
      { type: 'tool_use', id: 'call_PZ9HwYxmNfUqjMQzC7W8vdh1', name: 'get_weather', input: { city: 'Oslo', unit: 'celsius' } },
    ]);
    assert.deepEqual(m[2].content, [{ type: 'tool_result', tool_use_id: 'call_PZ9HwYxmNfUqjMQzC7W8vdh1', content: '4°C, light rain' }]);
    assert.deepEqual(m[3].content, [{ type: 'tool_use', id: 'call_Xk2apply9PatchQ7', name: 'apply_patch', input: { input: '*** Begin Patch\n*** Add File: notes.txt\n+rain\n*** End Patch\n' } }]);
    assert.deepEqual(m[4].content, [
      { type: 'tool_result', tool_use_id: 'call_Xk2apply9PatchQ7', content: 'Success. Updated the following files:\nA notes.txt\n' },
      { type: 'text', text: 'Thanks. Anything else?' },
    ]);
    assert.deepEqual(
      out.tools.map((t: any) => t.name),
      ['get_weather', 'apply_patch'],
      'hosted tools (web_search) are dropped',
    );
    assert.deepEqual(out.tools[1].input_schema.required, ['input'], 'a freeform tool becomes a function taking its text as input');
    assert.match(out.tools[1].input_schema.properties.input.description, /lark grammar:\nstart: begin_patch/);
    assert.deepEqual(out.tool_choice, { type: 'auto', disable_parallel_tool_use: true });
    assert.equal(out.max_tokens, 32000, 'Anthropic needs a max_tokens; a default stands in');
    assert.equal(out.stream, true);
    for (const k of ['store', 'include', 'prompt_cache_key', 'reasoning', 'input', 'instructions']) assert.equal(out[k], undefined, k);
  });

  it('takes a plain string input, and refuses previous_response_id (nothing is stored)', () => {
    const out = request(R, A, { model: 'gpt-5', input: 'hello', max_output_tokens: 300, temperature: 0.4 });
    assert.deepEqual(out.messages, [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }]);
    assert.equal(out.max_tokens, 300);
    assert.equal(out.temperature, 0.4);
    const prev = translator.translateRequest(R, A, { model: 'gpt-5', input: 'x', previous_response_id: 'resp_1' }, settings('m'));
    assert.ok(!prev.ok && prev.status === 400 && prev.message.startsWith('previous_response_id: '));
  });

  it('names the bad field of a malformed item', () => {
    const bad = structuredClone(body);
    bad.input[5].call_id = 7;
    const r = translator.translateRequest(R, A, bad, settings('m'));
    assert.ok(!r.ok);
    assert.match(r.message, /^input\[5\]\.call_id: /);
    const noType = translator.translateRequest(R, A, { model: 'm', input: [{ content: 'x' }] }, settings('m'));
    assert.match(!noType.ok ? noType.message : '', /^input\[0\]\.type: /);
  });
});

describe('gateway translate: Anthropic client (Claude Code) → Responses upstream, requests', () => {
  const body = fixtureJson('anthropic-request.json');

  it('builds a stateless Responses request: instructions, items, function calls and outputs with ids kept', () => {
    const out = request(A, R, body, settings('gpt-5', { options: { reasoningEffort: 'high', maxCompletionTokens: 5000 } }));
    assert.equal(out.model, 'gpt-5');
    assert.equal(out.instructions, "You are Claude Code, Anthropic's official CLI for Claude.\n\nAnswer briefly. Use tools when needed.");
    assert.equal(out.store, false);
    assert.deepEqual(out.reasoning, { effort: 'high' });
    assert.deepEqual(out.include, ['reasoning.encrypted_content']);
    assert.equal(out.max_output_tokens, 5000);
    const types = out.input.map((i: any) => i.type + (i.role ? ':' + i.role : ''));
    // Claude Code's thinking is Anthropic's (signature EqQB…): OpenAI would refuse it as encrypted_content.
    assert.deepEqual(types, ['message:user', 'message:assistant', 'function_call', 'function_call', 'function_call_output', 'function_call_output', 'message:user']);
    assert.doesNotMatch(JSON.stringify(out), /EqQB/);
    assert.deepEqual(out.input[0].content[1], { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', detail: 'auto' });
    assert.deepEqual(out.input[2], { type: 'function_call', call_id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', arguments: '{"city":"Oslo","unit":"celsius"}' });
    assert.deepEqual(out.input[4], { type: 'function_call_output', call_id: 'toolu_01A09q90qw90lq917835lq9', output: [{ type: 'input_text', text: '4°C, light rain' }] });
    assert.deepEqual(out.input[5], { type: 'function_call_output', call_id: 'toolu_01B8sTTGsmuCq9bCUmUp7dAo', output: 'ENOENT: no such file' });
    assert.deepEqual(out.tools[0], {
      type: 'function',
      name: 'get_weather',
      description: 'Get the current weather in a given location',
      parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['city'] },
      strict: false,
    });
    assert.equal(out.tools.length, 2);
    assert.equal(out.tool_choice, 'auto');
    assert.equal(out.parallel_tool_calls, false);
    for (const k of ['stop_sequences', 'stop', 'top_k', 'thinking', 'system', 'messages', 'max_tokens']) assert.equal(out[k], undefined, k);
  });
});

describe('gateway translate: Responses ↔ Anthropic, whole responses', () => {
  it("turns an Anthropic message into a Responses response (reasoning keeps its signature, marked as Anthropic's)", () => {
    const r = translator.translateResponse(A, R, fixtureJson('anthropic-response.json'), 'gpt-5-codex');
    assert.ok(r.ok);
    const b = r.body as any;
    assert.equal(b.object, 'response');
    assert.equal(b.model, 'gpt-5-codex');
    assert.equal(b.status, 'completed');
    assert.match(b.id, /^resp_/);
    assert.deepEqual(
      b.output.map((o: any) => o.type),
      ['reasoning', 'message', 'function_call'],
    );
    assert.deepEqual(b.output[0].summary, [{ type: 'summary_text', text: 'Need the weather tool.' }]);
    assert.equal(b.output[0].encrypted_content, 'sbsig1.anthropic.EqQBCgIYAhIMsig');
    assert.equal(b.output[1].content[0].text, 'Let me check that for you.');
    assert.equal(b.output[2].call_id, 'toolu_01T1x1fJ34qAmk2tNTrN7Up6');
    assert.deepEqual(JSON.parse(b.output[2].arguments), { city: 'Oslo', unit: 'celsius' });
    assert.deepEqual(b.usage, { input_tokens: 1596, input_tokens_details: { cached_tokens: 1024 }, output_tokens: 89, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 1685 });
  });

  it('maps max_tokens to an incomplete response', () => {
    const msg = { ...fixtureJson('anthropic-response.json'), stop_reason: 'max_tokens', content: [{ type: 'text', text: 'cut' }] };
    const b = (translator.translateResponse(A, R, msg, 'm') as any).body;
    assert.equal(b.status, 'incomplete');
    assert.deepEqual(b.incomplete_details, { reason: 'max_output_tokens' });
  });

  it('turns a Responses response into an Anthropic message', () => {
    const r = translator.translateResponse(R, A, fixtureJson('responses-response.json'), 'claude-sonnet-4-5');
    assert.ok(r.ok);
    const b = r.body as any;
    assert.deepEqual(b.content, [
      { type: 'thinking', thinking: 'Need the weather tool.', signature: 'sbsig1.openai-responses.gAAAAABor0A0xKz7dVwQ2pLw' },
      { type: 'text', text: 'Let me check that for you.' },
      { type: 'tool_use', id: 'call_PZ9HwYxmNfUqjMQzC7W8vdh1', name: 'get_weather', input: { city: 'Oslo', unit: 'celsius' } },
    ]);
    assert.equal(b.stop_reason, 'tool_use');
    assert.deepEqual(b.usage, { input_tokens: 572, output_tokens: 89, cache_creation_input_tokens: 0, cache_read_input_tokens: 1024 });
    assert.deepEqual(r.usage, { inputTokens: 1596, outputTokens: 89 });
    const failed = translator.translateResponse(R, A, { ...fixtureJson('responses-response.json'), status: 'failed', error: { code: 'server_error', message: 'boom' } }, 'm');
    assert.ok(!failed.ok && failed.status === 502 && failed.message === 'boom');
  });
});

describe('gateway translate: Anthropic upstream stream → Responses client stream (Codex)', () => {
  const sse = fixtureText('anthropic-stream-tool.sse');

  it('emits the sequence ResponseStream assembles, with growing sequence numbers', async () => {
    const st = translator.createStreamTranslator(A, R, 'gpt-5-codex');
    const out = runStream(st, [sse]);
    const { response, types, seqs } = await responsesFinal(out);
    assert.deepEqual(seqs, seqs.map((_, i) => i));
    assert.deepEqual(types.slice(0, 2), ['response.created', 'response.in_progress']);
    assert.equal(types.at(-1), 'response.completed');
    for (const t of [
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
    ])
      assert.ok(types.includes(t), t);
    assert.equal(response.status, 'completed');
    assert.equal(response.model, 'gpt-5-codex');
    assert.equal(response.id, 'resp_msg_01XFDUDYJgAACzvnptvVoYEL');
    assert.deepEqual(
      response.output.map((o) => o.type),
      ['reasoning', 'message', 'function_call'],
    );
    const [rs, msg, fc] = response.output as any[];
    assert.deepEqual(rs.summary, [{ type: 'summary_text', text: 'The user wants the weather in Oslo. I should call get_weather.' }]);
    assert.equal(rs.encrypted_content, 'sbsig1.anthropic.EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds4Ytme3YG7ZDAPtT5Q4Xm1WvJfIcC5hQ4rkOGPE');
    assert.equal(response.output_text, 'Let me check the weather in Oslo — naïve 日本語 🙂.');
    assert.equal(msg.role, 'assistant');
    assert.equal(fc.call_id, 'toolu_01T1x1fJ34qAmk2tNTrN7Up6');
    assert.equal(fc.name, 'get_weather');
    assert.deepEqual(JSON.parse(fc.arguments), { city: 'Oslo', unit: 'celsius' });
    assert.equal(response.usage?.input_tokens, 472 + 1024);
    assert.equal(response.usage?.input_tokens_details.cached_tokens, 1024);
    assert.equal(response.usage?.output_tokens, 89);
    assert.equal(response.usage?.total_tokens, 472 + 1024 + 89);
    assert.deepEqual(st.usage(), { inputTokens: 1496, outputTokens: 89 });
  });

  it("gives Codex what it parses: items whole in output_item.done, and response.completed's id and usage", () => {
    const events = sseJson(translateStream(A, R, sse));
    const done = events.filter((e) => e.type === 'response.output_item.done').map((e) => e.item);
    assert.deepEqual(done[0], { id: done[0].id, type: 'reasoning', summary: [{ type: 'summary_text', text: 'The user wants the weather in Oslo. I should call get_weather.' }], encrypted_content: done[0].encrypted_content });
    assert.deepEqual(done[1].content, [{ type: 'output_text', text: 'Let me check the weather in Oslo — naïve 日本語 🙂.', annotations: [], logprobs: [] }]);
    assert.deepEqual(
      [done[2].type, done[2].call_id, done[2].name, done[2].arguments],
      ['function_call', 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', 'get_weather', '{"city": "Oslo", "unit": "celsius"}'],
    );
    const completed = events.at(-1);
    assert.equal(completed.type, 'response.completed');
    assert.equal(typeof completed.response.id, 'string');
    for (const k of ['input_tokens', 'output_tokens', 'total_tokens']) assert.equal(typeof completed.response.usage[k], 'number', k);
    const names = sseEvents(translateStream(A, R, sse)).map((e) => e.event);
    assert.deepEqual(
      names,
      events.map((e) => e.type),
      'event: names match the data types',
    );
  });

  it('turns an Anthropic error event into response.failed', async () => {
    const out = translateStream(A, R, fixtureText('anthropic-stream-error.sse'));
    const last = sseJson(out).at(-1);
    assert.equal(last.type, 'response.failed');
    assert.equal(last.response.status, 'failed');
    assert.equal(last.response.error.message, 'Overloaded');
    assert.equal(last.response.error.code, 'overloaded_error');
    const { response } = await responsesFinal(out);
    assert.equal(response.status, 'failed');
  });
});

describe('gateway translate: Responses upstream stream → Anthropic client stream (Claude Code on OpenAI)', () => {
  const sse = fixtureText('responses-stream-tool.sse');

  it("emits thinking (encrypted content as signature, marked as OpenAI's), text, tool_use, stop reason and usage", async () => {
    const st = translator.createStreamTranslator(R, A, 'claude-sonnet-4-5');
    const out = runStream(st, [sse]);
    const { message, events } = await anthropicFinal(out);
    assert.equal(events[0], 'message_start');
    assert.equal(events.at(-1), 'message_stop');
    assert.deepEqual(
      message.content.map((b) => b.type),
      ['thinking', 'text', 'tool_use'],
    );
    const thinking = message.content[0] as Anthropic.ThinkingBlock;
    assert.equal(thinking.thinking, '**Checking weather**\n\nThe user asked about Oslo.');
    assert.equal(thinking.signature, 'sbsig1.openai-responses.gAAAAABor0A0xKz7dVwQ2pLwVvX9bY3mN1qR8sT5uH6jK0lM');
    assert.equal((message.content[1] as Anthropic.TextBlock).text, 'Checking Oslo — naïve 日本語 🙂.');
    const tool = message.content[2] as Anthropic.ToolUseBlock;
    assert.deepEqual([tool.id, tool.name, tool.input], ['call_PZ9HwYxmNfUqjMQzC7W8vdh1', 'get_weather', { city: 'Oslo', unit: 'celsius' }]);
    assert.equal(message.stop_reason, 'tool_use');
    assert.equal(message.usage.input_tokens, 328 - 128);
    assert.equal(message.usage.cache_read_input_tokens, 128);
    assert.equal(message.usage.output_tokens, 151);
    assert.deepEqual(st.usage(), { inputTokens: 328, outputTokens: 151 });
  });

  it('turns response.failed into an Anthropic error the SDK raises', async () => {
    const out = translateStream(R, A, fixtureText('responses-stream-failed.sse'));
    assert.equal(sseEvents(out).at(-1)!.event, 'error');
    await assert.rejects(anthropicFinal(out), (e: any) => e instanceof Anthropic.APIError && /Rate limit reached/.test(e.message));
  });

  it('maps an incomplete response (max_output_tokens) to max_tokens', async () => {
    const cut = sse
      .replace(/"status":"completed"(?=,"background")/g, '"status":"incomplete"')
      .replace(/event: response\.completed\ndata: \{"type":"response\.completed"/, 'event: response.incomplete\ndata: {"type":"response.incomplete"')
      .replace(/"incomplete_details":null(?=[^\n]*"type":"response\.incomplete")/, '"incomplete_details":{"reason":"max_output_tokens"}');
    const { message } = await anthropicFinal(translateStream(R, A, cut));
    assert.equal(message.stop_reason, 'max_tokens');
  });
});
