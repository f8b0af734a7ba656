/** The Responses double, checked with the official openai SDK parsers. */
import * as assert from 'node:assert/strict';
import OpenAI from 'openai';
import { callToolWhenOffered, startUpstream, type Upstream } from './server';

describe('upstream double: OpenAI Responses', () => {
  let up: Upstream;
  afterEach(async () => up?.close());

  it('streams events with increasing sequence_number, ending in response.completed', async () => {
    up = await startUpstream({ protocols: ['openai-responses'], reply: 'Responses stream from the double.' });
    const client = new OpenAI({ apiKey: 'sk-resp', baseURL: `${up.url}/v1`, maxRetries: 0 });
    const stream = await client.responses.create({ model: 'gpt-resp', input: 'hi', stream: true });
    const types: string[] = [];
    const seqs: number[] = [];
    let text = '';
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      types.push(event.type);
      seqs.push(event.sequence_number);
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = event.response;
    }
    assert.equal(text, 'Responses stream from the double.');
    assert.deepEqual(seqs, seqs.map((_, i) => i));
    assert.equal(types[0], 'response.created');
    assert.equal(types[types.length - 1], 'response.completed');
    for (const t of ['response.in_progress', 'response.output_item.added', 'response.content_part.added', 'response.output_text.done', 'response.content_part.done', 'response.output_item.done']) {
      assert.ok(types.includes(t), t);
    }
    assert.ok(completed);
    assert.equal(completed.status, 'completed');
    assert.equal(completed.output_text ?? completed.output.map((o) => (o.type === 'message' ? o.content.map((c) => (c.type === 'output_text' ? c.text : '')).join('') : '')).join(''), 'Responses stream from the double.');
    assert.ok(completed.usage && completed.usage.total_tokens > 0);
    const [r] = up.modelCalls('openai-responses');
    assert.equal(r.path, '/v1/responses');
    assert.equal(r.model, 'gpt-resp');
    assert.equal(r.stream, true);
    assert.equal(r.apiKey, 'sk-resp');
  });

  it('works with the responses.stream helper and non-streaming create', async () => {
    up = await startUpstream({ protocols: ['openai-responses'], reply: 'helper text' });
    const client = new OpenAI({ apiKey: 'k', baseURL: `${up.url}/v1`, maxRetries: 0 });
    const final = await client.responses.stream({ model: 'm', input: 'x' }).finalResponse();
    assert.equal(final.output_text, 'helper text');
    const plain = await client.responses.create({ model: 'm', input: 'x' });
    assert.equal(plain.output_text, 'helper text');
    assert.equal(up.modelCalls()[1].stream, false);
  });

  it('streams function calls', async () => {
    up = await startUpstream({ protocols: ['openai-responses'], respond: callToolWhenOffered('shell', { command: ['echo', 'hi'] }) });
    const client = new OpenAI({ apiKey: 'k', baseURL: `${up.url}/v1`, maxRetries: 0 });
    const final = await client.responses
      .stream({ model: 'm', input: 'x', tools: [{ type: 'function', name: 'shell', strict: false, parameters: { type: 'object', properties: {} } }] })
      .finalResponse();
    const call = final.output[0];
    assert.equal(call.type, 'function_call');
    if (call.type !== 'function_call') return;
    assert.equal(call.name, 'shell');
    assert.deepEqual(JSON.parse(call.arguments), { command: ['echo', 'hi'] });
  });
});
