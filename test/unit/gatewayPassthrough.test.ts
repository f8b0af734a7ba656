/**
 * Same-protocol pass-through, all four protocols, cut at every offset: the client gets each
 * event whose blank line arrived, byte for byte, then one error event in its own shape that
 * parses on its own, never a part line. A stream that ends cleanly goes through byte for byte;
 * one whose last event lacks only its line ends is completed; one that ends inside its last
 * event ends in the error event. The official SDK parsers judge a sample of the cuts.
 */
import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { GatewayProtocol, StreamTranslator } from '../../src/gateway/translator';
import { translator } from '../../src/gateway/translate';
import { anthropicFinal, chatFinal, fixtureText, lastBoundary, openaiClient, runStream, sseEvents, streamFixture } from './gatewayFixtures';

const all: readonly GatewayProtocol[] = ['anthropic-messages', 'openai-chat', 'openai-responses', 'gemini'];
const message = 'The upstream went away.';

/** The upstream's model in each fixture (Gemini's modelVersion is passed on as it is). */
const upstreamModel: Record<GatewayProtocol, string | undefined> = {
  'anthropic-messages': 'claude-sonnet-4-5-20250929',
  'openai-chat': 'deepseek-reasoner',
  'openai-responses': 'gpt-5-2025-08-07',
  gemini: undefined,
};

/** What the client should see of upstream text: the same, with its model name. */
function renamed(p: GatewayProtocol, text: string): string {
  const m = upstreamModel[p];
  return m ? text.replaceAll(`"model":"${m}"`, '"model":"client-model"') : text;
}

type Event = { event: string; data: string };

/** The event that ends a reply, per protocol. */
const isFinal: Record<GatewayProtocol, (e: Event) => boolean> = {
  'anthropic-messages': (e) => e.event === 'message_stop',
  'openai-chat': (e) => e.data === '[DONE]',
  'openai-responses': (e) => e.event === 'response.completed',
  gemini: (e) => JSON.parse(e.data).candidates?.[0]?.finishReason !== undefined,
};

/** The error event each protocol's client expects, as the last event. */
const errorOf: Record<GatewayProtocol, (e: Event) => string | undefined> = {
  'anthropic-messages': (e) => (e.event === 'error' && JSON.parse(e.data).type === 'error' ? JSON.parse(e.data).error.message : undefined),
  'openai-chat': (e) => JSON.parse(e.data).error?.message,
  'openai-responses': (e) => (e.event === 'response.failed' ? JSON.parse(e.data).response.error.message : undefined),
  gemini: (e) => {
    const err = JSON.parse(e.data).error;
    return err?.code === 502 && err.status === 'INTERNAL' ? err.message : undefined;
  },
};

/** Every event's data is whole: JSON, or Chat's [DONE]. */
function assertWhole(events: Event[], context: string): void {
  for (const e of events) if (e.data !== '[DONE]') assert.doesNotThrow(() => JSON.parse(e.data), `${context}: a broken event ${JSON.stringify(e.data.slice(0, 120))}`);
}

const translate = (p: GatewayProtocol): StreamTranslator => translator.createStreamTranslator(p, p, 'client-model');

/** The upstream's first `cut` characters in two writes, then the connection fails. */
function cutAndFail(p: GatewayProtocol, text: string, cut: number): { out: string; st: StreamTranslator } {
  const st = translate(p);
  const half = cut >> 1;
  const out = st.write(text.slice(0, half)) + st.write(text.slice(half, cut)) + st.fail(message);
  return { out, st };
}

/** Checks one cut: whole events first, byte for byte, then the error event, and nothing else. */
function checkCut(p: GatewayProtocol, text: string, cut: number): void {
  const ctx = `${p}, cut at ${cut}`;
  const { out, st } = cutAndFail(p, text, cut);
  const prefix = text.slice(0, cut);
  const whole = renamed(p, prefix.slice(0, lastBoundary(prefix)));
  // A CR last: the LF that makes it CRLF comes first (nothing to a parser that knows CR alone).
  const sent = whole.endsWith('\r') ? whole + '\n' : whole;
  assert.ok(out.startsWith(sent), `${ctx}: starts with every whole event that arrived`);
  const complete = sseEvents(whole).some(isFinal[p]);
  if (complete) {
    assert.equal(out, sent, `${ctx}: a finished reply gets no error`);
    assert.equal(st.failed?.(), false);
    return;
  }
  const rest = out.slice(sent.length);
  assert.match(rest, /^(event|data): /, `${ctx}: the error event starts on a fresh line`);
  const tail = sseEvents(rest);
  // Only the error: an event whose blank line never came is dropped, as a client reading the upstream itself would drop it.
  assert.equal(tail.length, sseEvents(translate(p).fail(message)).length, `${ctx}: nothing but the error event after the whole events`);
  assertWhole(tail, ctx);
  assert.equal(errorOf[p](tail[tail.length - 1]), message, `${ctx}: the last event is the error in the client's shape`);
  assert.deepEqual(sseEvents(out), [...sseEvents(sent), ...tail], `${ctx}: nothing glued`);
  assert.equal(st.failed?.(), true);
}

describe('gateway translate: same-protocol pass-through cut anywhere', () => {
  for (const p of all) {
    const text = fixtureText(streamFixture[p]);

    it(`${p}: an upstream that fails at any offset leaves whole events, then a clean error event`, () => {
      for (let cut = 0; cut <= text.length; cut++) checkCut(p, text, cut);
    });

    it(`${p}: a stream that ends cleanly passes through byte for byte, however it is split`, () => {
      for (let at = 0; at <= text.length; at++) {
        const st = translate(p);
        assert.equal(runStream(st, [text.slice(0, at), text.slice(at)]), renamed(p, text), `split at ${at}`);
        assert.equal(st.failed?.(), false);
      }
    });

    it(`${p}: nothing is held back beyond the event whose blank line has not come`, () => {
      const st = translate(p);
      let sent = '';
      for (let i = 0; i < text.length; i += 97) {
        sent += st.write(text.slice(i, i + 97));
        const upTo = text.slice(0, i + 97);
        assert.equal(sent, renamed(p, upTo.slice(0, lastBoundary(upTo))), `after ${i + 97} characters`);
      }
    });

    // The upstream ended properly, but its last event lacks its line ends: the reply is there,
    // so the client gets it with the line ends added, as the upstream meant it. SSE parsers drop
    // an event whose blank line never came, and @google/genai rejects one ("Incomplete JSON segment").
    it(`${p}: a last event that lacks only its line ends is completed, not failed`, () => {
      const eol = text.endsWith('\r\n\r\n') ? 4 : 2;
      for (let missing = 1; missing <= eol; missing++) {
        const st = translate(p);
        assert.equal(runStream(st, [text.slice(0, text.length - missing)]), renamed(p, text), `${missing} characters missing`);
        assert.equal(st.failed?.(), false);
        assert.deepEqual(st.usage(), (() => {
          const whole = translate(p);
          runStream(whole, [text]);
          return whole.usage();
        })());
      }
    });

    it(`${p}: a clean end inside the last event's data is an error, the part event dropped`, () => {
      const cut = text.lastIndexOf('data: ') + 9; // `data: [DO`, `data: {"t`
      const st = translate(p);
      const out = runStream(st, [text.slice(0, cut)]);
      const whole = renamed(p, text.slice(0, lastBoundary(text.slice(0, cut))));
      assert.ok(out.startsWith(whole));
      const tail = sseEvents(out.slice(whole.length));
      assertWhole(tail, p);
      assert.match(errorOf[p](tail[tail.length - 1]) ?? '', /ended before the reply was complete/);
      assert.equal(st.failed?.(), true);
    });
  }

  it('a chat client that did not ask for usage never gets the usage chunk, wherever the stream is cut', () => {
    const text = fixtureText(streamFixture['openai-chat']);
    const usageAt = text.indexOf('data: {', text.indexOf('"finish_reason":"tool_calls"'));
    for (let cut = usageAt - 3; cut <= text.length; cut++) {
      const st = translator.createStreamTranslator('openai-chat', 'openai-chat', 'client-model', { includeUsage: false });
      const out = st.write(text.slice(0, cut)) + st.fail(message);
      const events = sseEvents(out);
      assertWhole(events, `cut at ${cut}`);
      assert.ok(events.every((e) => e.data === '[DONE]' || JSON.parse(e.data).error || JSON.parse(e.data).choices.length === 1), `cut at ${cut}`);
    }
  });

  it('fails once, and an error after the reply finished adds nothing', () => {
    for (const p of all) {
      const text = fixtureText(streamFixture[p]);
      const st = translate(p);
      st.write(text.slice(0, text.length >> 1));
      assert.notEqual(st.fail(message), '');
      assert.equal(st.fail('again'), '');
      assert.equal(st.end(), '');
      const done = translate(p);
      done.write(text);
      assert.equal(done.fail(message), '', p);
      assert.equal(done.end(), '', p);
    }
  });
});

/** Offsets where an upstream typically dies: inside a line, after a data line before its blank line, and between CR and LF. */
function sampleCuts(text: string): number[] {
  const second = text.indexOf('data: ', text.indexOf('data: ') + 1);
  const lineEnd = text.indexOf('\n', second) + 1;
  const cuts = [second + 3, second + 40, lineEnd, text.indexOf('\n', lineEnd) + 1, text.length - 7];
  const cr = text.indexOf('\r\n\r\n');
  if (cr !== -1) cuts.push(cr + 1, cr + 3);
  return cuts;
}

describe("gateway translate: the client's SDK reads a cut pass-through to its error", () => {
  it('Anthropic MessageStream: the events that came, then an APIError with the message', async () => {
    const text = fixtureText(streamFixture['anthropic-messages']);
    for (const cut of sampleCuts(text)) {
      const { out } = cutAndFail('anthropic-messages', text, cut);
      await assert.rejects(anthropicFinal(out), (e: unknown) => e instanceof Anthropic.APIError && e.message.includes(message), `cut at ${cut}`);
    }
  });

  it('OpenAI ChatCompletionStream: the chunks that came, then an APIError with the message', async () => {
    const text = fixtureText(streamFixture['openai-chat']);
    for (const cut of sampleCuts(text)) {
      const { out } = cutAndFail('openai-chat', text, cut);
      await assert.rejects(chatFinal(out), (e: unknown) => e instanceof OpenAI.APIError && e.message.includes(message), `cut at ${cut}`);
    }
  });

  it('OpenAI ResponseStream: the events that came, then response.failed with the message', async () => {
    const text = fixtureText(streamFixture['openai-responses']);
    for (const cut of sampleCuts(text)) {
      const { out } = cutAndFail('openai-responses', text, cut);
      const types: string[] = [];
      let failed: OpenAI.Responses.ResponseFailedEvent | undefined;
      const stream = openaiClient(out).responses.stream({ model: 'client-model', input: 'hi' });
      for await (const e of stream) {
        types.push(e.type);
        if (e.type === 'response.failed') failed = e;
      }
      assert.equal(failed?.response.error?.message, message, `cut at ${cut}`);
      assert.equal(types.at(-1), 'response.failed');
      assert.equal(types.length, sseEvents(out).length, `cut at ${cut}: every event read`);
    }
  });
});
