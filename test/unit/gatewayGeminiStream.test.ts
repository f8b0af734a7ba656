/** Gemini streams through the gateway's translator: Gemini upstreams to every client, every upstream to Gemini clients. */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { GatewayProtocol } from '../../src/gateway/translator';
import { createUpstreamDecoder, ResponseCollector, translator, type IrResponse } from '../../src/gateway/translate';
import { anthropicFinal, chatFinal, fixtureText, normalize, responsesFinal, runStream, sseEvents, sseJson, streamFixture, translateStream } from './gatewayFixtures';

const G = 'gemini' as const;
const upstreams: readonly GatewayProtocol[] = ['anthropic-messages', 'openai-chat', 'openai-responses', 'gemini'];

/** Splits text at the given offsets (mod its length). */
function splitAt(text: string, cuts: number[]): string[] {
  const sorted = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let prev = 0;
  for (const c of sorted) {
    out.push(text.slice(prev, c));
    prev = c;
  }
  out.push(text.slice(prev));
  return out;
}

/** The upstream stream as the IR sees it: what a Gemini client must end up with. */
function irOf(protocol: GatewayProtocol, text: string): IrResponse {
  const collector = new ResponseCollector();
  const d = createUpstreamDecoder(protocol, collector.sink);
  d.write(text);
  d.end();
  const r = collector.result();
  assert.ok(r, `the ${protocol} fixture decodes to a whole response`);
  return r;
}

/** Our Gemini SSE assembled the way Gemini CLI does it: chunk by chunk, text joined, calls whole. */
function assemble(sse: string) {
  let text = '';
  let thoughts = '';
  const calls: { id: string; name: string; args: unknown }[] = [];
  let finishReason: string | undefined;
  let usage: any;
  const chunks = sseJson(sse);
  for (const c of chunks) {
    assert.equal(c.error, undefined, `an error chunk: ${JSON.stringify(c)}`);
    assert.equal(c.modelVersion, 'client-model');
    const cand = c.candidates[0];
    for (const p of cand.content.parts) {
      if (p.functionCall) calls.push(p.functionCall);
      else if (p.thought) thoughts += p.text;
      else text += p.text;
    }
    if (cand.finishReason) {
      assert.equal(finishReason, undefined, 'one finish reason');
      finishReason = cand.finishReason;
      usage = c.usageMetadata;
    }
  }
  assert.ok(chunks.every((c, i) => (i === chunks.length - 1) === (c.candidates[0].finishReason !== undefined)), 'only the last chunk finishes');
  return { text, thoughts, calls, finishReason, usage, chunks };
}

describe('gateway translate: streams to a Gemini client', () => {
  for (const upstream of upstreams.filter((p) => p !== G)) {
    it(`${upstream} → Gemini: text and thoughts as deltas, each call whole with its id, finish and usage last`, () => {
      const text = fixtureText(streamFixture[upstream]);
      const ir = irOf(upstream, text);
      const out = translateStream(upstream, G, text);
      assert.ok(sseEvents(out).every((e) => e.event === ''), 'Gemini frames have no event names');
      const got = assemble(out);
      const want = (type: string) =>
        ir.content
          .filter((p) => p.type === type)
          .map((p) => (p as { text: string }).text)
          .join('');
      assert.equal(got.text, want('text'));
      assert.equal(got.thoughts, want('reasoning'));
      assert.deepEqual(
        got.calls,
        ir.content.flatMap((p) => (p.type === 'tool_call' ? [{ id: p.id, name: p.name, args: JSON.parse(p.arguments) }] : [])),
      );
      assert.ok(got.calls.length > 0);
      assert.equal(got.finishReason, 'STOP');
      assert.equal(got.usage.promptTokenCount, ir.usage.inputTokens);
      assert.equal(got.usage.totalTokenCount, (ir.usage.inputTokens ?? 0) + (ir.usage.outputTokens ?? 0));
      assert.ok(got.chunks.filter((c) => c.candidates[0].content.parts.some((p: any) => !p.functionCall && !p.thought)).length > 1, 'text streams in several chunks');
    });
  }

  it('gives the same output however the upstream stream is cut (fast-check)', () => {
    for (const upstream of upstreams) {
      const text = fixtureText(streamFixture[upstream]);
      const whole = runStream(translator.createStreamTranslator(upstream, G, 'client-model'), [text]);
      fc.assert(
        fc.property(fc.array(fc.nat(), { maxLength: 30 }), (cuts) => runStream(translator.createStreamTranslator(upstream, G, 'client-model'), splitAt(text, cuts)) === whole),
        { numRuns: 60 },
      );
    }
  });

  it("ends with an error chunk Google's SDK raises when the upstream fails or stops early", () => {
    const failed = sseJson(translateStream('anthropic-messages', G, fixtureText('anthropic-stream-error.sse')));
    assert.deepEqual(failed[0].candidates[0].content.parts, [{ text: 'Partial' }]);
    assert.deepEqual(failed[failed.length - 1], { error: { code: 500, message: 'Overloaded', status: 'INTERNAL' } });
    const chat = fixtureText(streamFixture['openai-chat']);
    const cut = sseJson(translateStream('openai-chat', G, chat.slice(0, chat.indexOf('"finish_reason":"tool_calls"') - 200)));
    assert.match(cut[cut.length - 1].error.message, /ended before the reply was complete/);
    const st = translator.createStreamTranslator('openai-chat', G, 'client-model');
    const head = st.write(chat.slice(0, 800));
    const tail = sseJson(head + st.fail('The upstream went away.'));
    assert.deepEqual(tail[tail.length - 1].error, { code: 502, message: 'The upstream went away.', status: 'INTERNAL' });
  });
});

describe('gateway translate: Gemini upstream streams to other clients', () => {
  const gemini = fixtureText(streamFixture.gemini);

  it('Anthropic client: thinking, text, whole tool_use blocks, tool_use stop, usage (SDK-assembled)', async () => {
    const { message } = await anthropicFinal(translateStream(G, 'anthropic-messages', gemini));
    assert.deepEqual(
      message.content.map((b) => b.type),
      ['thinking', 'text', 'tool_use', 'tool_use'],
    );
    assert.equal((message.content[0] as any).thinking, 'Oslo weather needs a tool call; time too.');
    assert.equal((message.content[1] as any).text, 'Checking Oslo — naïve 日本語 🙂.');
    assert.deepEqual((message.content[2] as any).input, { city: 'Oslo', unit: 'celsius' });
    assert.deepEqual((message.content[3] as any).input, { zone: 'Europe/Oslo' });
    assert.notEqual((message.content[2] as any).id, (message.content[3] as any).id);
    assert.equal(message.stop_reason, 'tool_use');
    assert.equal(message.usage.output_tokens, 70);
    assert.equal(message.usage.input_tokens, 120);
  });

  it('Chat and Responses clients (SDK-assembled)', async () => {
    const chat = await chatFinal(translateStream(G, 'openai-chat', gemini, { includeUsage: true }));
    assert.equal(chat.choices[0].message.content, 'Checking Oslo — naïve 日本語 🙂.');
    assert.deepEqual(
      chat.choices[0].message.tool_calls?.map((c) => c.type === 'function' && [c.function.name, JSON.parse(c.function.arguments)]),
      [
        ['get_weather', { city: 'Oslo', unit: 'celsius' }],
        ['get_time', { zone: 'Europe/Oslo' }],
      ],
    );
    assert.equal(chat.choices[0].finish_reason, 'tool_calls');
    assert.equal(chat.usage?.completion_tokens, 70);
    const { response } = await responsesFinal(translateStream(G, 'openai-responses', gemini));
    assert.deepEqual(
      response.output.map((o) => o.type),
      ['reasoning', 'message', 'function_call', 'function_call'],
    );
    assert.equal(response.usage?.input_tokens, 120);
  });

  it('gives the same output however the Gemini stream is cut, CRLF or LF (fast-check)', () => {
    for (const text of [gemini, gemini.replace(/\r\n/g, '\n')]) {
      for (const client of ['anthropic-messages', 'openai-chat', 'openai-responses'] as const) {
        const whole = normalize(runStream(translator.createStreamTranslator(G, client, 'client-model'), [text]));
        fc.assert(
          fc.property(fc.array(fc.nat(), { maxLength: 30 }), (cuts) => normalize(runStream(translator.createStreamTranslator(G, client, 'client-model'), splitAt(text, cuts))) === whole),
          { numRuns: 40 },
        );
      }
    }
  });

  it("turns a Gemini error chunk into the client's error event, and a stream cut before its finish into an error", () => {
    const error = 'data: {"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}\r\n\r\n';
    const first = gemini.slice(0, gemini.indexOf('\r\n\r\n') + 4);
    const anthropic = sseEvents(translateStream(G, 'anthropic-messages', first + error));
    const last = JSON.parse(anthropic[anthropic.length - 1].data);
    assert.deepEqual(last, { type: 'error', error: { type: 'rate_limit_error', message: 'Resource has been exhausted (e.g. check quota).' } });
    const cut = sseJson(translateStream(G, 'openai-chat', first));
    assert.match(cut[cut.length - 1].error.message, /ended before the reply was complete/);
  });

  it('a blocked prompt finishes as a refusal', () => {
    const blocked = 'data: {"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},"usageMetadata":{"promptTokenCount":9,"totalTokenCount":9},"responseId":"r1"}\n\n';
    const chat = sseJson(translateStream(G, 'openai-chat', blocked));
    assert.ok(chat.some((c) => c.choices?.[0]?.finish_reason === 'content_filter'));
  });
});

describe('gateway translate: Gemini to Gemini passes the stream through', () => {
  const gemini = fixtureText(streamFixture.gemini);

  it('untouched, with usage read from it', () => {
    const st = translator.createStreamTranslator(G, G, 'client-model');
    const out = runStream(st, splitAt(gemini, [7, 300, 301, 900]));
    assert.equal(out, gemini);
    assert.deepEqual(st.usage(), { inputTokens: 120, outputTokens: 70 });
  });

  it('closes a stream cut short with an error chunk, and fails once', () => {
    const cut = gemini.slice(0, gemini.lastIndexOf('data:'));
    const st = translator.createStreamTranslator(G, G, 'client-model');
    const out = runStream(st, [cut]);
    assert.ok(out.startsWith(cut));
    const frames = sseJson(out);
    assert.match(frames[frames.length - 1].error.message, /ended before the reply was complete/);
    assert.equal(st.fail('again'), '');
  });
});
