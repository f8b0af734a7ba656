/**
 * Every upstream stream fixture into every client protocol: the SDKs assemble the same reply,
 * and the output is the same however the upstream bytes were cut (every byte boundary, through
 * a streaming UTF-8 decoder as the server reads sockets, and random multi-cuts). Same-protocol
 * streams pass through byte for byte and still yield usage.
 */
import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import fc from 'fast-check';
import type { GatewayProtocol, StreamContext } from '../../src/gateway/translator';
import { translator } from '../../src/gateway/translate';
import { anthropicFinal, chatFinal, fixtureText, lastBoundary, normalize, protocols, responsesFinal, runStream, sseJson, streamFixture, translateStream, type FixtureProtocol } from './gatewayFixtures';

interface Reply {
  text: string;
  tools: [string, string, unknown][];
  stop: 'tool' | 'end' | 'length';
}

const expected: Record<FixtureProtocol, Reply> = {
  'anthropic-messages': { text: 'Let me check the weather in Oslo — naïve 日本語 🙂.', tools: [['toolu_01T1x1fJ34qAmk2tNTrN7Up6', 'get_weather', { city: 'Oslo', unit: 'celsius' }]], stop: 'tool' },
  'openai-chat': {
    text: 'Checking Oslo — naïve 日本語 🙂.',
    tools: [
      ['call_DdmO9pD3xa9XTPNJ32zg2hcA', 'get_weather', { city: 'Oslo', unit: 'celsius' }],
      ['call_Q3v1kMZqzYk7Wn8fHc2LbR5t', 'get_time', { zone: 'Europe/Oslo' }],
    ],
    stop: 'tool',
  },
  'openai-responses': { text: 'Checking Oslo — naïve 日本語 🙂.', tools: [['call_PZ9HwYxmNfUqjMQzC7W8vdh1', 'get_weather', { city: 'Oslo', unit: 'celsius' }]], stop: 'tool' },
};

/** What the client's own SDK makes of our output. */
async function assemble(client: GatewayProtocol, sse: string): Promise<Reply> {
  if (client === 'anthropic-messages') {
    const { message } = await anthropicFinal(sse);
    const tools = message.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use').map((b): [string, string, unknown] => [b.id, b.name, b.input]);
    const text = message.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
    return { text, tools, stop: message.stop_reason === 'tool_use' ? 'tool' : message.stop_reason === 'max_tokens' ? 'length' : 'end' };
  }
  if (client === 'openai-chat') {
    const c = await chatFinal(sse);
    const m = c.choices[0].message;
    const tools = (m.tool_calls ?? []).map((t): [string, string, unknown] => {
      const f = (t as OpenAI.ChatCompletionMessageFunctionToolCall).function;
      return [t.id, f.name, JSON.parse(f.arguments)];
    });
    const f = c.choices[0].finish_reason;
    return { text: m.content ?? '', tools, stop: f === 'tool_calls' ? 'tool' : f === 'length' ? 'length' : 'end' };
  }
  const { response } = await responsesFinal(sse);
  const tools = response.output.filter((o): o is OpenAI.Responses.ResponseFunctionToolCall => o.type === 'function_call').map((o): [string, string, unknown] => [o.call_id, o.name, JSON.parse(o.arguments)]);
  return { text: response.output_text, tools, stop: response.status === 'incomplete' ? 'length' : tools.length ? 'tool' : 'end' };
}

/** Feeds bytes cut at the given offsets through a streaming UTF-8 decoder, as a socket would. */
function runBytes(upstream: GatewayProtocol, client: GatewayProtocol, bytes: Uint8Array, cuts: readonly number[], context?: StreamContext): string {
  const st = translator.createStreamTranslator(upstream, client, 'client-model', context);
  const decoder = new TextDecoder('utf-8');
  let out = '';
  let prev = 0;
  for (const cut of [...cuts, bytes.length]) {
    out += st.write(decoder.decode(bytes.subarray(prev, cut), { stream: true }));
    prev = cut;
  }
  out += st.write(decoder.decode());
  return out + st.end();
}

const expectedUsage: Record<FixtureProtocol, { inputTokens: number; outputTokens: number }> = {
  'anthropic-messages': { inputTokens: 472 + 1024, outputTokens: 89 },
  'openai-chat': { inputTokens: 1117, outputTokens: 46 },
  'openai-responses': { inputTokens: 328, outputTokens: 151 },
};

describe('gateway translate: every upstream stream into every client protocol', () => {
  for (const upstream of protocols) {
    const sse = fixtureText(streamFixture[upstream]);
    const bytes = new TextEncoder().encode(sse);
    for (const client of protocols) {
      const name = `${upstream} → ${client}`;
      const whole = normalize(translateStream(upstream, client, sse));

      it(`${name}: the client's SDK assembles the upstream's reply, ids kept`, async () => {
        assert.deepEqual(await assemble(client, whole), expected[upstream]);
        const st = translator.createStreamTranslator(upstream, client, 'm');
        runStream(st, [sse]);
        assert.deepEqual(st.usage(), expectedUsage[upstream]);
      });

      it(`${name}: the same output cut at every byte boundary`, () => {
        for (let i = 1; i < bytes.length; i++) assert.equal(normalize(runBytes(upstream, client, bytes, [i])), whole, `cut at byte ${i}`);
      });

      it(`${name}: the same output under random cuts (fast-check)`, () => {
        fc.assert(
          fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 60 }), (cuts) => {
            assert.equal(normalize(runBytes(upstream, client, bytes, cuts.sort((a, b) => a - b))), whole);
          }),
          { numRuns: 60 },
        );
      });
    }
  }

  it("same protocol: the stream passes through as it came but for the model name, usage still read", () => {
    const upstreamModel: Record<FixtureProtocol, string> = { 'anthropic-messages': 'claude-sonnet-4-5-20250929', 'openai-chat': 'deepseek-reasoner', 'openai-responses': 'gpt-5-2025-08-07' };
    for (const p of protocols) {
      const sse = fixtureText(streamFixture[p]).replaceAll(`"model":"${upstreamModel[p]}"`, '"model":"client-model"');
      assert.ok(!sse.includes(upstreamModel[p]));
      const st = translator.createStreamTranslator(p, p, 'client-model');
      const pieces: string[] = [];
      for (let i = 0; i < sse.length; i += 101) pieces.push(st.write(sse.slice(i, i + 101)));
      assert.equal(pieces.join('') + st.end(), sse, p);
      let sent = '';
      for (let i = 0; i < pieces.length; i++) {
        sent += pieces[i];
        const upTo = sse.slice(0, i * 101 + 101);
        assert.equal(sent, upTo.slice(0, lastBoundary(upTo)), 'nothing held back beyond the event still arriving');
      }
      assert.deepEqual(st.usage(), expectedUsage[p], p);
    }
  });

  it('same protocol: the model name is changed back even when split across chunks', () => {
    const sse = fixtureText(streamFixture['openai-chat']);
    const at = sse.indexOf('deepseek-reasoner') + 4;
    const st = translator.createStreamTranslator('openai-chat', 'openai-chat', 'my-model');
    const out = runStream(st, [sse.slice(0, at), sse.slice(at)]);
    assert.ok(sseJson(out).every((c) => c.model === 'my-model'));
  });

  it('same protocol: a chat client that did not ask for usage gets no usage chunk', () => {
    const sse = fixtureText(streamFixture['openai-chat']);
    const out = runStream(translator.createStreamTranslator('openai-chat', 'openai-chat', 'm', { includeUsage: false }), [sse]);
    const chunks = sseJson(out);
    assert.equal(chunks.length, sseJson(sse).length - 1);
    assert.ok(chunks.every((c) => c.choices.length === 1));
    assert.ok(out.endsWith('data: [DONE]\n\n'));
    const kept = translator.createStreamTranslator('openai-chat', 'openai-chat', 'm', { includeUsage: false });
    runStream(kept, [sse]);
    assert.deepEqual(kept.usage(), expectedUsage['openai-chat'], 'usage is still counted');
  });

  it('same protocol: an upstream that stops early, or fail(), ends in the protocol error event', async () => {
    const a = fixtureText(streamFixture['anthropic-messages']);
    const cut = runStream(translator.createStreamTranslator('anthropic-messages', 'anthropic-messages', 'm'), [a.slice(0, a.indexOf('event: message_delta'))]);
    await assert.rejects(anthropicFinal(cut), Anthropic.APIError);
    const r = fixtureText(streamFixture['openai-responses']);
    const st = translator.createStreamTranslator('openai-responses', 'openai-responses', 'm');
    const out = st.write(r.slice(0, 2000)) + st.fail('reset');
    assert.equal(sseJson(out).at(-1).type, 'response.failed');
    assert.equal(st.end(), '');
    // Cut after a whole data line whose blank line has not come: that event is dropped, the error follows.
    const mid = a.indexOf('\n', a.indexOf('data: {"type":"content_block_delta"')) + 1;
    const at = translator.createStreamTranslator('anthropic-messages', 'anthropic-messages', 'm');
    const midOut = at.write(a.slice(0, mid)) + at.fail('reset');
    await assert.rejects(anthropicFinal(midOut), (e: any) => e instanceof Anthropic.APIError && /reset/.test(e.message));
    const c = translator.createStreamTranslator('openai-chat', 'openai-chat', 'm');
    const chatOut = c.write('data: {"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}]}\n\n') + c.end();
    assert.match(sseJson(chatOut).at(-1).error.message, /ended before/);
  });
});
