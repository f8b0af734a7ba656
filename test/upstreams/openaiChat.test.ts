/** The Chat Completions double, checked with the official openai SDK parsers. */
import * as assert from 'node:assert/strict';
import OpenAI from 'openai';
import { callToolWhenOffered, startUpstream, type Upstream } from './server';

describe('upstream double: OpenAI Chat Completions', () => {
  let up: Upstream;
  afterEach(async () => up?.close());

  it('streams chunks then [DONE] that chat.completions.create({stream:true}) parses', async () => {
    up = await startUpstream({ protocols: ['openai-chat'], reply: 'Chunked reply from the double.' });
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: `${up.url}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'gpt-test', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] });
    let text = '';
    let chunks = 0;
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      chunks++;
      assert.equal(chunk.object, 'chat.completion.chunk');
      assert.equal(chunk.model, 'gpt-test');
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    assert.equal(text, 'Chunked reply from the double.');
    assert.ok(chunks > 3);
    assert.equal(finish, 'stop');
    assert.ok(usage && usage.total_tokens > 0);
    const [r] = up.modelCalls('openai-chat');
    assert.equal(r.path, '/v1/chat/completions');
    assert.equal(r.model, 'gpt-test');
    assert.equal(r.stream, true);
    assert.equal(r.headers.authorization, 'Bearer sk-test');
    assert.equal(r.apiKey, 'sk-test');
    assert.ok(up.requests.some((q) => q.rawBody.includes('"stream":true')));
  });

  it('answers non-streaming requests and base URLs without /v1', async () => {
    up = await startUpstream({ protocols: ['openai-chat'], reply: 'json reply' });
    const client = new OpenAI({ apiKey: 'k', baseURL: up.url, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    assert.equal(completion.choices[0].message.content, 'json reply');
    assert.equal(completion.choices[0].finish_reason, 'stop');
    assert.equal(up.modelCalls()[0].path, '/chat/completions');
    assert.equal(up.modelCalls()[0].stream, false);
  });

  it('streams tool calls that the SDK stream helper assembles', async () => {
    up = await startUpstream({ protocols: ['openai-chat'], respond: callToolWhenOffered('submit_and_exit', { result: 'done' }) });
    const client = new OpenAI({ apiKey: 'k', baseURL: `${up.url}/v1`, maxRetries: 0 });
    const tools: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'submit_and_exit', parameters: { type: 'object', properties: { result: { type: 'string' } } } } }];
    const final = await client.chat.completions.stream({ model: 'm', messages: [{ role: 'user', content: 'go' }], tools }).finalChatCompletion();
    const call = final.choices[0].message.tool_calls?.[0];
    assert.equal(final.choices[0].finish_reason, 'tool_calls');
    assert.ok(call && call.type === 'function');
    assert.equal(call.function.name, 'submit_and_exit');
    assert.deepEqual(JSON.parse(call.function.arguments), { result: 'done' });
    assert.match(call.id, /^call_/);
    // Without the tool on offer, the same responder answers with text.
    const plain = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'go' }] });
    assert.equal(plain.choices[0].message.tool_calls, undefined);
    assert.ok(plain.choices[0].message.content);
  });

  it('answers JSON-schema requests with JSON, lists models, maps a wrong key to 401', async () => {
    up = await startUpstream({ protocols: ['openai-chat'], models: ['x', 'y'], expectedKey: 'good' });
    const client = new OpenAI({ apiKey: 'good', baseURL: `${up.url}/v1`, maxRetries: 0 });
    const res = await client.chat.completions.create({
      model: 'x',
      messages: [{ role: 'user', content: 'json please' }],
      response_format: { type: 'json_schema', json_schema: { name: 'r', schema: { type: 'object', properties: { choice: { type: 'string', enum: ['flash', 'pro'] }, n: { type: 'integer' } }, required: ['choice'] } } },
    });
    assert.deepEqual(JSON.parse(res.choices[0].message.content ?? ''), { choice: 'flash', n: 1 });
    const ids: string[] = [];
    for await (const m of client.models.list()) ids.push(m.id);
    assert.deepEqual(ids, ['x', 'y']);
    const bad = new OpenAI({ apiKey: 'bad', baseURL: `${up.url}/v1`, maxRetries: 0 });
    await assert.rejects(bad.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'x' }] }), OpenAI.AuthenticationError);
  });
});
