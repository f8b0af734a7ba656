/**
 * The gateway in plain Node against the Bedrock double: Chat Completions (OpenCode), Responses
 * (Codex) and Anthropic Messages (Claude Code) clients answered by a Claude model on Bedrock,
 * streamed and not, with tool calls, judged by the official SDKs over HTTP. The double checks
 * the SigV4 signature or the Bedrock API key and records what it received. Claude Code's betas
 * that Bedrock knows go in the signed body, the others are dropped. Also: AWS errors
 * and mid-stream exceptions in the client's error shape, broken framing, and a client hang-up
 * reaching the upstream. Other Bedrock models (Converse): gatewayConverse.test.ts.
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { GatewayRoute } from '../../src/gateway/route';
import { startUpstream, type RecordedRequest, type Upstream } from '../upstreams/server';
import { chunkFrame, crc32Bitwise } from '../upstreams/eventStream';
import { anthropicBody, bedrockApiKey as apiKey, bedrockCredentials as credentials, bedrockRoute, call, chatBody, GatewayPool, localToken, openStream, waitUntil } from './gatewayFixture';
import { anthropicFinal, chatFinal, responsesFinal, sseEvents, sseJson } from './gatewayFixtures';

const region = 'eu-central-1';
const claude = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const weather = { name: 'get_weather', arguments: { city: 'Oslo', unit: 'celsius' }, id: 'toolu_bdrk_01' };
const tool = { type: 'function' as const, function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } }, required: ['city'] } } };

describe('gateway → Amazon Bedrock (Claude)', function () {
  this.timeout(30_000);
  const pool = new GatewayPool();
  let up: Upstream;
  let signed: GatewayRoute;
  const keys: Record<string, string> = { aws: credentials.secretAccessKey, awskey: apiKey };

  before(async () => {
    up = await startUpstream({ protocols: [], bedrock: { region, credentials, apiKey } });
    signed = bedrockRoute(up.url, region, { method: 'accessKey', accessKeyId: credentials.accessKeyId }, claude);
  });
  afterEach(async () => {
    await pool.stopAll();
    up.setReply('Hello from the Switchboard test double.');
  });
  after(async () => {
    await up.close();
    for (const line of pool.allLogs) for (const secret of [localToken, credentials.secretAccessKey, apiKey, 'FwoGZXIvYXdzSESSION']) assert.ok(!line.includes(secret), `a log line leaks a secret: ${line}`);
  });

  const start = (r: GatewayRoute = signed) => pool.start({ resolveRoute: () => r, key: async (id) => keys[id] });
  const lastCall = () => up.requests.filter((r) => r.protocol === 'bedrock').at(-1) as RecordedRequest;

  /** What every call to the double must look like: signed for the region, the body Bedrock takes. */
  function assertBedrockCall(r: RecordedRequest, stream: boolean) {
    assert.equal(r.status, 200, r.rawBody);
    assert.equal(r.model, claude);
    assert.equal(r.path, `/model/${encodeURIComponent(claude)}/${stream ? 'invoke-with-response-stream' : 'invoke'}`);
    assert.equal(r.stream, stream);
    assert.deepEqual(r.aws, { auth: 'sigv4', accessKeyId: credentials.accessKeyId, sessionToken: false });
    assert.equal(r.body.anthropic_version, 'bedrock-2023-05-31');
    assert.equal(r.body.model, undefined);
    assert.equal(r.body.stream, undefined);
    assert.ok(!JSON.stringify(r.headers).includes(localToken), 'the local token never reaches AWS');
  }

  it('answers a Chat Completions client, whole and streamed, with a tool call', async () => {
    up.setReply({ text: 'Checking.', toolCalls: [weather] });
    const { port, usage } = await start();
    const openai = new OpenAI({ apiKey: localToken, baseURL: `http://127.0.0.1:${port}/a/opencode/openai/v1`, maxRetries: 0 });
    const whole = await openai.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'Weather in Oslo?' }], tools: [tool] });
    assertBedrockCall(lastCall(), false);
    assert.equal(whole.model, 'claude');
    assert.equal(whole.choices[0].finish_reason, 'tool_calls');
    assert.equal(whole.choices[0].message.content, 'Checking.');
    assert.deepEqual(
      whole.choices[0].message.tool_calls?.map((c) => (c.type === 'function' ? [c.id, c.function.name, JSON.parse(c.function.arguments)] : [])),
      [[weather.id, 'get_weather', weather.arguments]],
    );
    assert.deepEqual(lastCall().body.tools.map((t: { name: string }) => t.name), ['get_weather'], 'tools reach Bedrock in Anthropic shape');
    const s = await openStream(port, { path: '/a/opencode/openai/v1/chat/completions', body: { ...chatBody('claude', true), tools: [tool], stream_options: { include_usage: true } } });
    assert.equal(s.status, 200);
    const sse = await s.ended;
    assertBedrockCall(lastCall(), true);
    const final = await chatFinal(sse);
    assert.equal(final.choices[0].message.content, 'Checking.');
    const streamed = final.choices[0].message.tool_calls?.[0];
    assert.ok(streamed?.type === 'function' && streamed.function.arguments === JSON.stringify(weather.arguments));
    assert.equal(final.choices[0].finish_reason, 'tool_calls');
    await waitUntil(() => usage.length === 2);
    assert.deepEqual(usage.map((u) => [u.ref, u.upstreamProtocol, u.status, u.stream]), [
      [signed.ref, 'anthropic-messages', 200, false],
      [signed.ref, 'anthropic-messages', 200, true],
    ]);
    assert.ok(usage.every((u) => (u.inputTokens ?? 0) > 0 && (u.outputTokens ?? 0) > 0), 'usage is read from Bedrock’s Anthropic events');
  });

  it('answers a Responses client (Codex), whole and streamed, with a tool call', async () => {
    up.setReply({ text: 'Let me look.', toolCalls: [weather] });
    const { port } = await start();
    const openai = new OpenAI({ apiKey: localToken, baseURL: `http://127.0.0.1:${port}/a/codex/openai/v1`, maxRetries: 0 });
    const tools = [{ type: 'function' as const, name: 'get_weather', description: 'Weather', parameters: tool.function.parameters, strict: false }];
    const whole = await openai.responses.create({ model: 'gpt-5-codex', input: 'Weather in Oslo?', instructions: 'You are Codex.', tools });
    assertBedrockCall(lastCall(), false);
    assert.deepEqual(lastCall().body.system, [{ type: 'text', text: 'You are Codex.' }]);
    assert.equal(whole.output_text, 'Let me look.');
    const fc = whole.output.find((o) => o.type === 'function_call');
    assert.ok(fc && fc.type === 'function_call');
    assert.deepEqual([fc.call_id, fc.name, JSON.parse(fc.arguments)], [weather.id, 'get_weather', weather.arguments]);
    const s = await openStream(port, { path: '/a/codex/openai/v1/responses', body: { model: 'gpt-5-codex', input: 'Weather in Oslo?', tools, stream: true } });
    const sse = await s.ended;
    assertBedrockCall(lastCall(), true);
    const { response, types, seqs } = await responsesFinal(sse);
    assert.equal(response.status, 'completed');
    assert.equal(types.at(-1), 'response.completed');
    assert.deepEqual(seqs, seqs.map((_, i) => i), 'sequence numbers count up from 0');
    assert.deepEqual(response.output.map((o) => o.type), ['message', 'function_call']);
    const call2 = response.output[1];
    assert.ok(call2.type === 'function_call' && call2.arguments === JSON.stringify(weather.arguments));
  });

  it('answers an Anthropic Messages client (Claude Code), whole and streamed, with the client’s model name and a tool call', async () => {
    up.setReply({ text: 'On it.', toolCalls: [weather] });
    const { port } = await start();
    const anthropic = new Anthropic({ apiKey: localToken, baseURL: `http://127.0.0.1:${port}/a/claude-code/anthropic`, maxRetries: 0 });
    const tools = [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } } }];
    const whole = await anthropic.messages.create({ model: 'claude-x', max_tokens: 256, messages: [{ role: 'user', content: 'Weather in Oslo?' }], tools }, { headers: { 'anthropic-beta': 'fine-grained-tool-streaming-2025-05-14' } });
    assertBedrockCall(lastCall(), false);
    assert.equal(lastCall().headers['anthropic-beta'], undefined, 'Bedrock takes betas in the body only');
    assert.equal(lastCall().body.anthropic_beta, undefined, 'Bedrock refuses betas it does not know: this one is dropped');
    assert.equal(lastCall().body.max_tokens, 256);
    assert.equal(whole.model, 'claude-x');
    assert.equal(whole.stop_reason, 'tool_use');
    assert.deepEqual(whole.content.map((b) => b.type), ['text', 'tool_use']);
    const s = await openStream(port, { path: '/a/claude-code/anthropic/v1/messages', body: { ...anthropicBody('claude-x', true), tools } });
    assert.match(String(s.headers['content-type']), /^text\/event-stream/);
    const sse = await s.ended;
    assertBedrockCall(lastCall(), true);
    const { message, events } = await anthropicFinal(sse);
    assert.equal(events[0], 'message_start');
    assert.equal(events.at(-1), 'message_stop');
    assert.equal(message.model, 'claude-x');
    const use = message.content.find((b) => b.type === 'tool_use');
    assert.ok(use && use.type === 'tool_use');
    assert.deepEqual([use.id, use.input], [weather.id, weather.arguments]);
  });

  it('passes the betas Bedrock knows from Claude Code’s anthropic-beta header in the signed body, whole and streamed, and drops the others', async () => {
    const { port } = await start();
    const send = async (stream: boolean, path: string, body: object, beta: string) => {
      const s = await openStream(port, { path, body: { ...body, stream }, headers: { 'anthropic-beta': beta } });
      const text = await s.ended;
      assert.equal(s.status, 200, text);
      const r = lastCall();
      // The double checks the SigV4 signature and its payload hash against the bytes it received.
      assertBedrockCall(r, stream);
      assert.equal(r.headers['x-amz-content-sha256'], crypto.createHash('sha256').update(r.rawBody).digest('hex'));
      assert.equal(r.headers['anthropic-beta'], undefined, 'Bedrock takes betas in the body only');
      return r;
    };
    const mixed = ' claude-code-20250219,interleaved-thinking-2025-05-14, oauth-2025-04-20,,context-1m-2025-08-07 ,fine-grained-tool-streaming-2025-05-14,interleaved-thinking-2025-05-14, prompt-caching-2024-07-31';
    const unknown = 'claude-code-20250219,oauth-2025-04-20,fine-grained-tool-streaming-2025-05-14';
    const messages = '/a/claude-code/anthropic/v1/messages';
    for (const stream of [false, true]) {
      const known = await send(stream, messages, anthropicBody('claude-x'), mixed);
      assert.deepEqual(known.body.anthropic_beta, ['interleaved-thinking-2025-05-14', 'context-1m-2025-08-07'], 'known betas, each once, in the header’s order');
      const none = await send(stream, messages, anthropicBody('claude-x'), unknown);
      assert.ok(!('anthropic_beta' in none.body), 'no anthropic_beta when Bedrock knows none of them');
      const chat = await send(stream, '/a/opencode/openai/v1/chat/completions', chatBody('claude'), mixed);
      assert.ok(!('anthropic_beta' in chat.body), 'only an Anthropic client’s betas are passed on');
    }
    const own = await send(false, messages, { ...anthropicBody('claude-x'), anthropic_beta: ['context-1m-2025-08-07', 'effort-2025-11-24', 'claude-code-20250219', 7] }, mixed);
    assert.deepEqual(own.body.anthropic_beta, ['context-1m-2025-08-07', 'effort-2025-11-24', 'interleaved-thinking-2025-05-14'], 'a body’s own betas pass the same filter and merge with the header’s, without duplicates');
  });

  it('streams as the frames arrive: the first text reaches the client while Bedrock is still sending', async () => {
    up.setReply({ text: 'one two three four five six seven eight', frameDelayMs: 60 });
    const { port } = await start();
    const s = await openStream(port, { path: '/a/claude-code/anthropic/v1/messages', body: anthropicBody('c', true) });
    const early = await s.waitFor('text_delta');
    assert.ok(!early.includes('message_stop'), 'the first delta came before the stream ended');
    const all = await s.ended;
    assert.ok(all.includes('message_stop'));
  });

  it('signs in with a Bedrock API key, or with a profile’s temporary credentials from the host', async () => {
    up.setReply('keyed');
    const keyed = bedrockRoute(up.url, region, { method: 'apiKey' }, claude, 'awskey');
    const a = await start(keyed);
    const r1 = await call(a.port, { path: '/openai/v1/chat/completions', body: chatBody('m') });
    assert.equal(r1.status, 200, r1.text);
    assert.equal(r1.json().choices[0].message.content, 'keyed');
    assert.deepEqual(lastCall().aws, { auth: 'bearer' });
    assert.equal(lastCall().apiKey, apiKey);
    const profiled = bedrockRoute(up.url, region, { method: 'profile', profile: 'dev' }, claude, 'awsprofile');
    const asked: string[] = [];
    const b = await pool.start({
      resolveRoute: () => profiled,
      key: async () => assert.fail('a profile route reads no key'),
      awsCredentials: async (id) => {
        asked.push(id);
        return { ...credentials, sessionToken: 'FwoGZXIvYXdzSESSION' };
      },
    });
    const r2 = await call(b.port, { path: '/openai/v1/chat/completions', body: chatBody('m', false) });
    assert.equal(r2.status, 200, r2.text);
    assert.deepEqual(lastCall().aws, { auth: 'sigv4', accessKeyId: credentials.accessKeyId, sessionToken: true });
    assert.deepEqual(asked, ['awsprofile']);
    const failing = await pool.start({ resolveRoute: () => profiled, awsCredentials: async () => Promise.reject(Object.assign(new Error('The SSO session has expired.'), { name: 'CredentialsProviderError' })) });
    const r3 = await call(failing.port, { path: '/a/claude-code/anthropic/v1/messages', body: anthropicBody('m') });
    assert.equal(r3.status, 401);
    assert.equal(r3.json().type, 'error');
    assert.match(r3.json().error.message, /AWS profile “dev”.*CredentialsProviderError: The SSO session has expired/);
  });

  it('gives AWS’s refusals back in the client’s error shape, with the AWS error type', async () => {
    const wrong = await pool.start({ resolveRoute: () => signed, key: async () => 'not-the-secret' });
    const denied = await call(wrong.port, { path: '/openai/v1/chat/completions', body: chatBody('m') });
    assert.equal(denied.status, 403);
    assert.match(denied.json().error.message, /^InvalidSignatureException: The request signature we calculated does not match/);
    assert.ok(!denied.text.includes('not-the-secret'));
    up.setReply({ error: { status: 429, message: 'Too many requests, please wait before trying again.' } });
    const { port } = await start();
    const throttled = await call(port, { path: '/a/claude-code/anthropic/v1/messages', body: anthropicBody('m') });
    assert.equal(throttled.status, 429);
    assert.equal(throttled.json().error.type, 'rate_limit_error');
    assert.equal(throttled.json().error.message, 'ThrottlingException: Too many requests, please wait before trying again.');
  });

  it('ends a stream with a clean error event when Bedrock sends an exception mid-stream', async () => {
    up.setReply({ text: 'alpha beta gamma delta', streamException: { afterChunks: 4, type: 'throttlingException', message: 'Too many tokens, please wait.' } });
    const { port, usage } = await start();
    const a = await openStream(port, { path: '/a/claude-code/anthropic/v1/messages', body: anthropicBody('m', true) });
    const anthropicSse = await a.ended;
    const events = sseEvents(anthropicSse);
    assert.equal(events.at(-1)?.event, 'error');
    assert.deepEqual(JSON.parse(events.at(-1)!.data).type, 'error');
    assert.match(JSON.parse(events.at(-1)!.data).error.message, /throttlingException: Too many tokens, please wait\./);
    await assert.rejects(anthropicFinal(anthropicSse), /Too many tokens/, 'the SDK raises it as an API error');
    const c = await openStream(port, { path: '/openai/v1/chat/completions', body: chatBody('m', true) });
    const chatSse = await c.ended;
    const last = sseJson(chatSse).at(-1);
    assert.match(last.error.message, /throttlingException/);
    await assert.rejects(chatFinal(chatSse), /Too many tokens/);
    await waitUntil(() => usage.length === 2);
    assert.deepEqual(usage.map((u) => [u.status, u.stream]), [
      [429, true],
      [429, true],
    ]);
  });

  it('cuts a client’s stream with an error event when the frames are broken, and refuses oversize frames', async () => {
    const frames = [chunkFrame({ type: 'message_start', message: { id: 'm', type: 'message', role: 'assistant', model: 'x', content: [], usage: { input_tokens: 1, output_tokens: 1 } } })];
    const corrupt = chunkFrame({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    corrupt[corrupt.length - 2] ^= 0xff;
    const huge = Buffer.alloc(12);
    huge.writeUInt32BE(64 * 1024 * 1024, 0);
    huge.writeUInt32BE(crc32Bitwise(huge.subarray(0, 8)), 8);
    for (const [bad, pattern] of [
      [corrupt, /message CRC/],
      [huge, /more than the 16777216 allowed/],
    ] as const) {
      const raw = http.createServer((req, res) => {
        req.resume();
        res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
        res.write(Buffer.concat([...frames, bad]));
        // Never ends by itself: only the gateway's cut closes it.
      });
      await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
      const base = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
      const { port, usage } = await pool.start({ resolveRoute: () => bedrockRoute(base, region, { method: 'apiKey' }, claude, 'awskey'), key: async () => apiKey });
      const s = await openStream(port, { path: '/a/claude-code/anthropic/v1/messages', body: anthropicBody('m', true) });
      const sse = await s.ended;
      const last = sseEvents(sse).at(-1)!;
      assert.equal(last.event, 'error');
      assert.match(JSON.parse(last.data).error.message, /not valid event-stream framing/);
      assert.match(JSON.parse(last.data).error.message, pattern);
      await waitUntil(() => usage.length === 1);
      assert.equal(usage[0].status, 502);
      raw.closeAllConnections();
      await new Promise((r) => raw.close(r));
    }
  });

  it('aborts the Bedrock stream when the client hangs up', async () => {
    up.setReply({ text: Array.from({ length: 40 }, (_, i) => `word${i}`).join(' '), frameDelayMs: 200 });
    const { port, usage } = await start();
    const before = up.requests.length;
    const s = await openStream(port, { path: '/a/codex/openai/v1/responses', body: { model: 'm', input: 'hi', stream: true } });
    await s.waitFor('output_text.delta');
    s.abort();
    const r = up.requests[before];
    await waitUntil(() => r.closedEarly === true);
    await waitUntil(() => usage.length === 1);
    assert.equal(usage[0].status, 499);
  });
});
