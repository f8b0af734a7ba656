/**
 * The gateway in plain Node against the Bedrock double's Converse API: Chat Completions,
 * Responses, Anthropic Messages and Gemini clients answered by Nova and Llama on Bedrock,
 * streamed (ConverseStream) and not, with tool calls and their results coming back, judged by
 * the official SDKs over HTTP. The double checks the SigV4 signature or the Bedrock API key
 * and the Converse body, and records what it received. Also: AWS errors and mid-stream
 * exceptions in the client's error shape, and a client hang-up reaching the upstream.
 */
import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
// @google/genai's types are ESM-only under Node16 resolution; its CommonJS build is what loads.
import type * as GenAI from '@google/genai' with { 'resolution-mode': 'import' };
import type { GatewayRoute } from '../../src/gateway/route';
import { startUpstream, type RecordedRequest, type Upstream } from '../upstreams/server';
import { anthropicBody, bedrockApiKey as apiKey, bedrockCredentials as credentials, bedrockRoute, call, chatBody, GatewayPool, localToken, openStream, waitUntil } from './gatewayFixture';
import { anthropicFinal, chatFinal, responsesFinal, sseEvents, sseJson } from './gatewayFixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { GoogleGenAI } = require('@google/genai') as typeof GenAI;

const region = 'us-west-2';
const nova = 'us.amazon.nova-pro-v1:0';
const llama = 'meta.llama3-3-70b-instruct-v1:0';
const weather = { name: 'get_weather', arguments: { city: 'Oslo', unit: 'celsius' }, id: 'tooluse_bdrk_01' };
const parameters = { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } }, required: ['city'] };
const chatTool = { type: 'function' as const, function: { name: 'get_weather', description: 'Weather', parameters } };

describe('gateway → Amazon Bedrock Converse (Nova, Llama…)', function () {
  this.timeout(30_000);
  const pool = new GatewayPool();
  let up: Upstream;
  let signed: GatewayRoute;
  const keys: Record<string, string> = { aws: credentials.secretAccessKey, awskey: apiKey };

  before(async () => {
    up = await startUpstream({ protocols: [], bedrock: { region, credentials, apiKey } });
    signed = bedrockRoute(up.url, region, { method: 'accessKey', accessKeyId: credentials.accessKeyId }, nova);
  });
  afterEach(async () => {
    await pool.stopAll();
    up.setReply('Hello from the Switchboard test double.');
  });
  after(async () => {
    await up.close();
    for (const line of pool.allLogs) for (const secret of [localToken, credentials.secretAccessKey, apiKey]) assert.ok(!line.includes(secret), `a log line leaks a secret: ${line}`);
  });

  const start = (r: GatewayRoute = signed) => pool.start({ resolveRoute: () => r, key: async (id) => keys[id] });
  const lastCall = () => up.requests.filter((r) => r.protocol === 'bedrock-converse').at(-1) as RecordedRequest;

  /** What every call to the double must look like: Converse on the model's path, signed for the region, the body Bedrock took. */
  function assertConverseCall(r: RecordedRequest, stream: boolean, modelId = nova) {
    assert.equal(r.status, 200, r.rawBody);
    assert.equal(r.model, modelId);
    assert.equal(r.path, `/model/${encodeURIComponent(modelId)}/${stream ? 'converse-stream' : 'converse'}`);
    assert.equal(r.stream, stream);
    assert.deepEqual(r.aws, { auth: 'sigv4', accessKeyId: credentials.accessKeyId, sessionToken: false });
    assert.equal(r.body.model, undefined);
    assert.equal(r.body.stream, undefined);
    assert.equal(r.body.anthropic_version, undefined, 'Converse has no anthropic_version');
    assert.ok(!JSON.stringify(r.headers).includes(localToken), 'the local token never reaches AWS');
  }

  it('answers a Chat Completions client, whole and streamed, with a tool call, and sends its result back under the call’s id', async () => {
    up.setReply({ text: 'Checking.', toolCalls: [weather] });
    const { port, usage } = await start();
    const openai = new OpenAI({ apiKey: localToken, baseURL: `http://127.0.0.1:${port}/a/opencode/openai/v1`, maxRetries: 0 });
    const whole = await openai.chat.completions.create({ model: 'nova', messages: [{ role: 'user', content: 'Weather in Oslo?' }], tools: [chatTool], temperature: 0.4 });
    assertConverseCall(lastCall(), false);
    assert.deepEqual(lastCall().body.toolConfig.tools[0].toolSpec, { name: 'get_weather', description: 'Weather', inputSchema: { json: parameters } });
    assert.equal(lastCall().body.inferenceConfig.temperature, 0.4);
    assert.equal(whole.model, 'nova');
    assert.equal(whole.choices[0].finish_reason, 'tool_calls');
    assert.equal(whole.choices[0].message.content, 'Checking.');
    const [tc] = whole.choices[0].message.tool_calls ?? [];
    assert.ok(tc?.type === 'function');
    assert.deepEqual([tc.id, tc.function.name, JSON.parse(tc.function.arguments)], [weather.id, 'get_weather', weather.arguments]);
    up.setReply('It is 4°C.');
    const next = await openai.chat.completions.create({
      model: 'nova',
      messages: [{ role: 'user', content: 'Weather in Oslo?' }, whole.choices[0].message, { role: 'tool', tool_call_id: tc.id, content: '4°C, light rain' }],
      tools: [chatTool],
    });
    assert.equal(next.choices[0].message.content, 'It is 4°C.');
    assert.deepEqual(lastCall().body.messages[2].content[0], { toolResult: { toolUseId: weather.id, content: [{ text: '4°C, light rain' }], status: 'success' } });
    up.setReply({ text: 'Checking.', toolCalls: [weather] });
    const s = await openStream(port, { path: '/a/opencode/openai/v1/chat/completions', body: { ...chatBody('nova', true), tools: [chatTool], stream_options: { include_usage: true } } });
    assert.equal(s.status, 200);
    const sse = await s.ended;
    assertConverseCall(lastCall(), true);
    const final = await chatFinal(sse);
    assert.equal(final.choices[0].message.content, 'Checking.');
    const streamed = final.choices[0].message.tool_calls?.[0];
    assert.ok(streamed?.type === 'function' && streamed.id === weather.id && streamed.function.arguments === JSON.stringify(weather.arguments));
    assert.equal(final.choices[0].finish_reason, 'tool_calls');
    assert.ok((final.usage?.prompt_tokens ?? 0) > 0);
    await waitUntil(() => usage.length === 3);
    assert.deepEqual(
      usage.map((u) => [u.ref, u.upstreamProtocol, u.status, u.stream]),
      [
        [signed.ref, 'bedrock-converse', 200, false],
        [signed.ref, 'bedrock-converse', 200, false],
        [signed.ref, 'bedrock-converse', 200, true],
      ],
    );
    assert.ok(usage.every((u) => (u.inputTokens ?? 0) > 0 && (u.outputTokens ?? 0) > 0), 'usage is read from Converse’s usage and metadata');
  });

  it('answers a Responses client (Codex) from Llama, whole and streamed, with a tool call', async () => {
    up.setReply({ text: 'Let me look.', toolCalls: [weather] });
    const { port } = await start(bedrockRoute(up.url, region, { method: 'accessKey', accessKeyId: credentials.accessKeyId }, llama, 'aws', { maxOutputTokens: 900 }));
    const openai = new OpenAI({ apiKey: localToken, baseURL: `http://127.0.0.1:${port}/a/codex/openai/v1`, maxRetries: 0 });
    const tools = [{ type: 'function' as const, name: 'get_weather', description: 'Weather', parameters, strict: false }];
    const whole = await openai.responses.create({ model: 'gpt-5-codex', input: 'Weather in Oslo?', instructions: 'You are Codex.', tools });
    assertConverseCall(lastCall(), false, llama);
    assert.deepEqual(lastCall().body.system, [{ text: 'You are Codex.' }]);
    assert.equal(lastCall().body.inferenceConfig.maxTokens, 900, "the model's max output");
    assert.equal(whole.output_text, 'Let me look.');
    const fc = whole.output.find((o) => o.type === 'function_call');
    assert.ok(fc && fc.type === 'function_call');
    assert.deepEqual([fc.call_id, fc.name, JSON.parse(fc.arguments)], [weather.id, 'get_weather', weather.arguments]);
    const s = await openStream(port, { path: '/a/codex/openai/v1/responses', body: { model: 'gpt-5-codex', input: 'Weather in Oslo?', tools, stream: true } });
    const sse = await s.ended;
    assertConverseCall(lastCall(), true, llama);
    const { response, types, seqs } = await responsesFinal(sse);
    assert.equal(response.status, 'completed');
    assert.equal(types.at(-1), 'response.completed');
    assert.deepEqual(
      seqs,
      seqs.map((_, i) => i),
    );
    assert.deepEqual(
      response.output.map((o) => o.type),
      ['message', 'function_call'],
    );
    const call2 = response.output[1];
    assert.ok(call2.type === 'function_call' && call2.call_id === weather.id && call2.arguments === JSON.stringify(weather.arguments));
  });

  it('answers an Anthropic Messages client (Claude Code), whole and streamed, with reasoning, a tool call and the client’s model name', async () => {
    up.setReply({ text: 'On it.', toolCalls: [weather], reasoning: { text: 'Oslo, so call the weather tool.' } });
    const { port } = await start();
    const anthropic = new Anthropic({ apiKey: localToken, baseURL: `http://127.0.0.1:${port}/a/claude-code/anthropic`, maxRetries: 0 });
    const tools = [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } } }];
    const whole = await anthropic.messages.create({ model: 'claude-x', max_tokens: 256, messages: [{ role: 'user', content: 'Weather in Oslo?' }], tools }, { headers: { 'anthropic-beta': 'fine-grained-tool-streaming-2025-05-14,interleaved-thinking-2025-05-14' } });
    assertConverseCall(lastCall(), false);
    assert.equal(lastCall().headers['anthropic-beta'], undefined);
    assert.ok(!('anthropic_beta' in lastCall().body), 'betas are Claude’s on InvokeModel; Converse takes none');
    assert.equal(lastCall().body.inferenceConfig.maxTokens, 256);
    assert.equal(whole.model, 'claude-x');
    assert.equal(whole.stop_reason, 'tool_use');
    assert.deepEqual(
      whole.content.map((b) => b.type),
      ['thinking', 'text', 'tool_use'],
    );
    const s = await openStream(port, { path: '/a/claude-code/anthropic/v1/messages', body: { ...anthropicBody('claude-x', true), tools } });
    assert.match(String(s.headers['content-type']), /^text\/event-stream/);
    const sse = await s.ended;
    assertConverseCall(lastCall(), true);
    const { message, events } = await anthropicFinal(sse);
    assert.equal(events[0], 'message_start');
    assert.equal(events.at(-1), 'message_stop');
    assert.equal(message.model, 'claude-x');
    const thinking = message.content[0];
    assert.ok(thinking.type === 'thinking' && thinking.thinking === 'Oslo, so call the weather tool.');
    const use = message.content.find((b) => b.type === 'tool_use');
    assert.ok(use && use.type === 'tool_use');
    assert.deepEqual([use.id, use.input], [weather.id, weather.arguments]);
    assert.equal(message.stop_reason, 'tool_use');
  });

  it('answers a Gemini client (Gemini CLI), whole and streamed, with a tool call the SDK reads', async () => {
    up.setReply({ text: 'Reading.', toolCalls: [weather] });
    const { port } = await start();
    const sdk = new GoogleGenAI({ apiKey: localToken, httpOptions: { baseUrl: `http://127.0.0.1:${port}/a/gemini-cli/gemini`, retryOptions: { attempts: 1 } } });
    const tools = [{ functionDeclarations: [{ name: 'get_weather', parametersJsonSchema: parameters }] }];
    const whole = await sdk.models.generateContent({ model: 'gemini-x', contents: 'Weather in Oslo?', config: { tools, systemInstruction: 'Be brief.' } });
    assertConverseCall(lastCall(), false);
    assert.deepEqual(lastCall().body.system, [{ text: 'Be brief.' }]);
    assert.equal(whole.candidates?.[0]?.content?.parts?.map((p) => p.text ?? '').join(''), 'Reading.');
    assert.deepEqual(whole.functionCalls, [{ id: weather.id, name: 'get_weather', args: weather.arguments }]);
    const calls: unknown[] = [];
    let text = '';
    for await (const c of await sdk.models.generateContentStream({ model: 'gemini-x', contents: 'Weather in Oslo?', config: { tools } })) {
      calls.push(...(c.functionCalls ?? []));
      text += c.candidates?.[0]?.content?.parts?.map((p) => p.text ?? '').join('') ?? '';
    }
    assertConverseCall(lastCall(), true);
    assert.equal(text, 'Reading.');
    assert.deepEqual(calls, [{ id: weather.id, name: 'get_weather', args: weather.arguments }]);
  });

  it('streams as the frames arrive, and signs in with a Bedrock API key too', async () => {
    up.setReply({ text: 'one two three four five six seven eight', frameDelayMs: 60 });
    const { port } = await start(bedrockRoute(up.url, region, { method: 'apiKey' }, nova, 'awskey'));
    const s = await openStream(port, { path: '/a/claude-code/anthropic/v1/messages', body: anthropicBody('c', true) });
    const early = await s.waitFor('text_delta');
    assert.ok(!early.includes('message_stop'), 'the first delta came before the stream ended');
    assert.ok((await s.ended).includes('message_stop'));
    assert.deepEqual(lastCall().aws, { auth: 'bearer' });
    assert.equal(lastCall().apiKey, apiKey);
  });

  it('gives AWS’s refusals back in the client’s error shape, with the AWS error type', async () => {
    up.setReply({ error: { status: 400, message: 'This model doesn’t support tool use in streaming mode.' } });
    const { port } = await start();
    const chat = await call(port, { path: '/openai/v1/chat/completions', body: chatBody('m') });
    assert.equal(chat.status, 400);
    assert.equal(chat.json().error.message, 'ValidationException: This model doesn’t support tool use in streaming mode.');
    up.setReply({ error: { status: 429, message: 'Too many requests, please wait before trying again.' } });
    const throttled = await call(port, { path: '/a/claude-code/anthropic/v1/messages', body: anthropicBody('m') });
    assert.equal(throttled.status, 429);
    assert.equal(throttled.json().error.type, 'rate_limit_error');
    assert.equal(throttled.json().error.message, 'ThrottlingException: Too many requests, please wait before trying again.');
  });

  it('ends a stream with a clean error event when Bedrock sends an exception mid-stream', async () => {
    up.setReply({ text: 'alpha beta gamma delta', streamException: { afterChunks: 3, type: 'throttlingException', message: 'Too many tokens, please wait.' } });
    const { port, usage } = await start();
    const a = await openStream(port, { path: '/a/claude-code/anthropic/v1/messages', body: anthropicBody('m', true) });
    const anthropicSse = await a.ended;
    const last = sseEvents(anthropicSse).at(-1)!;
    assert.equal(last.event, 'error');
    assert.match(JSON.parse(last.data).error.message, /throttlingException: Too many tokens, please wait\./);
    await assert.rejects(anthropicFinal(anthropicSse), /Too many tokens/, 'the SDK raises it as an API error');
    const r = await openStream(port, { path: '/a/codex/openai/v1/responses', body: { model: 'm', input: 'hi', stream: true } });
    const responsesSse = await r.ended;
    const failed = sseJson(responsesSse).at(-1);
    assert.equal(failed.type, 'response.failed');
    assert.match(failed.response.error.message, /throttlingException/);
    await waitUntil(() => usage.length === 2);
    assert.deepEqual(
      usage.map((u) => [u.status, u.stream]),
      [
        [429, true],
        [429, true],
      ],
    );
  });

  it('aborts the ConverseStream when the client hangs up', async () => {
    up.setReply({ text: Array.from({ length: 40 }, (_, i) => `word${i}`).join(' '), frameDelayMs: 200 });
    const { port, usage } = await start();
    const before = up.requests.length;
    const s = await openStream(port, { path: '/a/codex/openai/v1/responses', body: { model: 'm', input: 'hi', stream: true } });
    await s.waitFor('output_text.delta');
    s.abort();
    const r = up.requests[before];
    assert.equal(r.protocol, 'bedrock-converse');
    await waitUntil(() => r.closedEarly === true);
    await waitUntil(() => usage.length === 1);
    assert.equal(usage[0].status, 499);
  });
});
