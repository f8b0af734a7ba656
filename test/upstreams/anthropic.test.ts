/** The Anthropic double, checked with the official @anthropic-ai/sdk parsers. */
import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { callToolWhenOffered, startUpstream, type Upstream } from './server';

describe('upstream double: Anthropic Messages', () => {
  let up: Upstream;
  afterEach(async () => up?.close());

  it('streams message_start … message_stop that the SDK assembles, and records the request', async () => {
    up = await startUpstream({ protocols: ['anthropic'], reply: 'Streaming works, every word of it.' });
    const client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: up.url, maxRetries: 0 });
    const events: string[] = [];
    const stream = client.messages.stream({ model: 'claude-test-1', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    stream.on('streamEvent', (e) => events.push(e.type));
    const message = await stream.finalMessage();
    assert.equal(message.content[0].type, 'text');
    assert.equal((message.content[0] as Anthropic.TextBlock).text, 'Streaming works, every word of it.');
    assert.equal(message.stop_reason, 'end_turn');
    assert.equal(message.model, 'claude-test-1');
    assert.ok(message.usage.output_tokens > 0);
    assert.equal(events[0], 'message_start');
    assert.equal(events[events.length - 1], 'message_stop');
    assert.ok(events.filter((e) => e === 'content_block_delta').length > 1, 'text arrives in several deltas');
    for (const e of ['content_block_start', 'content_block_stop', 'message_delta']) assert.ok(events.includes(e), e);
    const [r] = up.modelCalls('anthropic');
    assert.equal(r.method, 'POST');
    assert.equal(r.path, '/v1/messages');
    assert.equal(r.model, 'claude-test-1');
    assert.equal(r.stream, true);
    // SDK 1.x sends the key as a Bearer token (older clients and curl use x-api-key; see below).
    assert.equal(r.apiKey, 'sk-ant-test');
    assert.equal(r.body.messages[0].content, 'hi');
  });

  it('answers non-streaming requests, and records ?beta=true, x-api-key and Bearer auth', async () => {
    up = await startUpstream({ protocols: ['anthropic'], reply: 'plain' });
    const client = new Anthropic({ authToken: 'tok-123', apiKey: null, baseURL: up.url, maxRetries: 0 });
    const message = await client.messages.create({ model: 'm', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] });
    assert.equal((message.content[0] as { text: string }).text, 'plain');
    const [r] = up.modelCalls();
    assert.equal(r.path, '/v1/messages');
    assert.equal(r.headers.authorization, 'Bearer tok-123');
    assert.equal(r.apiKey, 'tok-123');
    assert.equal(r.stream, false);
    // What Claude Code sends: POST /v1/messages?beta=true, here with x-api-key as curl would.
    const res = await fetch(`${up.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: { 'x-api-key': 'sk-ant-raw', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-raw', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }),
    });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { content: { text: string }[] }).content[0].text, 'plain');
    const raw = up.modelCalls()[1];
    assert.equal(raw.query.beta, 'true');
    assert.equal(raw.headers['x-api-key'], 'sk-ant-raw');
    assert.equal(raw.apiKey, 'sk-ant-raw');
    assert.equal(raw.model, 'claude-raw');
  });

  it('streams tool_use blocks with input_json_delta', async () => {
    up = await startUpstream({ protocols: ['anthropic'], respond: callToolWhenOffered('get_weather', { city: 'Oslo', days: 2 }) });
    const client = new Anthropic({ apiKey: 'k', baseURL: up.url, maxRetries: 0 });
    const message = await client.messages
      .stream({
        model: 'm',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'weather?' }],
        tools: [{ name: 'get_weather', description: 'w', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      })
      .finalMessage();
    assert.equal(message.stop_reason, 'tool_use');
    const block = message.content[0] as Anthropic.ToolUseBlock;
    assert.equal(block.type, 'tool_use');
    assert.equal(block.name, 'get_weather');
    assert.deepEqual(block.input, { city: 'Oslo', days: 2 });
  });

  it('pages GET /v1/models, answers count_tokens and HEAD probes', async () => {
    up = await startUpstream({ protocols: ['anthropic'], models: ['a', 'b', 'c', 'd', 'e'] });
    const client = new Anthropic({ apiKey: 'k', baseURL: up.url, maxRetries: 0 });
    const ids: string[] = [];
    for await (const m of client.models.list({ limit: 2 })) ids.push(m.id);
    assert.deepEqual(ids, ['a', 'b', 'c', 'd', 'e']);
    assert.equal(up.requests.filter((r) => r.path === '/v1/models').length, 3, 'three pages of two');
    assert.equal((await client.models.retrieve('c')).id, 'c');
    const count = await client.messages.countTokens({ model: 'a', messages: [{ role: 'user', content: 'hello there' }] });
    assert.ok(count.input_tokens > 0);
    const head = await fetch(`${up.url}/api/hello`, { method: 'HEAD' });
    assert.equal(head.status, 200);
  });

  it('answers a wrong key with an authentication_error the SDK maps to AuthenticationError', async () => {
    up = await startUpstream({ protocols: ['anthropic'], expectedKey: 'right' });
    const client = new Anthropic({ apiKey: 'wrong', baseURL: up.url, maxRetries: 0 });
    await assert.rejects(client.messages.create({ model: 'm', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }), Anthropic.AuthenticationError);
  });
});
