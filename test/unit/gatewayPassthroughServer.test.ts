/**
 * The gateway server passing each protocol's stream through to a client of the same protocol,
 * against the real upstream doubles cutting their streams (test/upstreams/streamTap.ts): a
 * connection that drops mid-line, mid-event or between CR and LF leaves the client every whole
 * event that arrived, byte for byte, then an error event its SDK reads on its own; a stream that
 * ends cleanly goes through byte for byte; one whose last event lacks only its line ends is
 * completed. Judged by Anthropic's MessageStream, OpenAI's ChatCompletionStream and
 * ResponseStream, and @google/genai.
 */
import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
// @google/genai's types are ESM-only under Node16 resolution; its CommonJS build is what loads.
import type * as GenAI from '@google/genai' with { 'resolution-mode': 'import' };
import type { GatewayRoute } from '../../src/gateway/route';
import type { GatewayProtocol } from '../../src/gateway/translator';
import { startUpstream, type RecordedRequest, type StreamCut, type Upstream } from '../upstreams/server';
import { call, GatewayPool, localToken, route } from './gatewayFixture';
import { anthropicFinal, chatFinal, lastBoundary, openaiClient, sseEvents } from './gatewayFixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ApiError, GoogleGenAI } = require('@google/genai') as typeof GenAI;

const reply = 'Streaming through the gateway, word by word, to the very end.';
/** What the gateway tells a client whose upstream dropped the connection (failure.ts). */
const dropped = /could not reach the upstream http:\/\/127\.0\.0\.1:\d+ \(UND_ERR_SOCKET\)/;

interface Case {
  readonly protocol: GatewayProtocol;
  readonly route: (url: string) => GatewayRoute;
  readonly path: string;
  readonly body: object;
  /** The message of the error event that ends the client's stream, or undefined when the last event is not one. */
  readonly errorOf: (e: { event: string; data: string }) => string | undefined;
  /** Reads a whole stream with the protocol's SDK: the reply text it assembled. */
  readonly sdkText: (sse: string) => Promise<string>;
}

const cases: readonly Case[] = [
  {
    protocol: 'anthropic-messages',
    route: (url) => route('claude', 'anthropic', `${url}/v1`, 'up-model'),
    path: '/anthropic/v1/messages',
    body: { model: 'client-model', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'Say hi' }] },
    errorOf: (e) => (e.event === 'error' ? JSON.parse(e.data).error?.message : undefined),
    sdkText: async (sse) => (await anthropicFinal(sse)).message.content.map((b) => (b.type === 'text' ? b.text : '')).join(''),
  },
  {
    protocol: 'openai-chat',
    route: (url) => route('lab', 'openai-compatible', `${url}/v1`, 'up-model'),
    path: '/openai/v1/chat/completions',
    body: { model: 'client-model', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Say hi' }] },
    errorOf: (e) => (e.data === '[DONE]' ? undefined : JSON.parse(e.data).error?.message),
    sdkText: async (sse) => (await chatFinal(sse)).choices[0].message.content ?? '',
  },
  {
    protocol: 'openai-responses',
    route: (url) => route('openai', 'openai', `${url}/v1`, 'up-model'),
    path: '/openai/v1/responses',
    body: { model: 'client-model', stream: true, input: 'Say hi' },
    errorOf: (e) => (e.event === 'response.failed' ? JSON.parse(e.data).response.error.message : undefined),
    sdkText: async (sse) => (await openaiClient(sse).responses.stream({ model: 'client-model', input: 'hi' }).finalResponse()).output_text,
  },
  {
    protocol: 'gemini',
    route: (url) => route('other', 'gemini', `${url}/v1beta`, 'up-model', { model: { modelId: 'up-model', optionFamily: 'gemini' } }),
    path: '/gemini/v1beta/models/client-model:streamGenerateContent?alt=sse',
    body: { contents: [{ role: 'user', parts: [{ text: 'Say hi' }] }] },
    errorOf: (e) => JSON.parse(e.data).error?.message,
    sdkText: async () => '', // read through the gateway itself: see geminiStream()
  },
];

/** The client's view of upstream text: the same, with the client's model name (Gemini's modelVersion is left alone). */
function renamed(p: GatewayProtocol, text: string): string {
  return p === 'gemini' ? text : text.replaceAll('"model":"up-model"', '"model":"client-model"');
}

/** Where an upstream typically dies: inside a line, after a data line before its blank line, on a boundary, in the last event, between CR and LF. */
function cutsOf(text: string): number[] {
  const second = text.indexOf('data: ', text.indexOf('data: ') + 1);
  const lineEnd = text.indexOf('\n', second) + 1;
  const cuts = [1, second + 2, second + 30, lineEnd, text.indexOf('\n', lineEnd) + 1, text.length - 6];
  const crlf = text.indexOf('\r\n\r\n', second);
  if (crlf !== -1) cuts.push(crlf + 1, crlf + 3);
  return cuts;
}

describe('gateway server: same-protocol streams cut by the upstream', function () {
  this.timeout(60_000);
  const pool = new GatewayPool();
  let up: Upstream;
  let cut: StreamCut | undefined;

  before(async () => {
    up = await startUpstream({ respond: () => ({ text: reply, cut }) });
  });
  afterEach(async () => {
    cut = undefined;
    await pool.stopAll();
  });
  after(() => up.close());

  /** One streamed call through the gateway: what the client got, and what the upstream sent. */
  async function stream(c: Case, port: number): Promise<{ text: string; sent: string; status: number }> {
    const before = up.requests.length;
    const r = await call(port, { path: c.path, body: c.body });
    const record: RecordedRequest | undefined = up.requests.slice(before).find((q) => q.stream);
    assert.ok(record?.sent !== undefined, 'the double streamed');
    return { text: r.text, sent: record.sent, status: r.status };
  }

  /** Google's SDK reading the gateway's Gemini stream: the text it got, then the error it raised (if any). */
  async function geminiStream(port: number): Promise<{ text: string; chunks: number; error?: unknown }> {
    const sdk = new GoogleGenAI({ apiKey: localToken, httpOptions: { baseUrl: `http://127.0.0.1:${port}/gemini`, retryOptions: { attempts: 1 } } });
    let text = '';
    let chunks = 0;
    try {
      for await (const chunk of await sdk.models.generateContentStream({ model: 'client-model', contents: 'Say hi' })) {
        chunks++;
        text += chunk.text ?? '';
      }
    } catch (error) {
      return { text, chunks, error };
    }
    return { text, chunks };
  }

  for (const c of cases) {
    const p = c.protocol;

    it(`${p}: a stream that ends cleanly passes through byte for byte`, async () => {
      const { port, usage } = await pool.start({ resolveRoute: () => c.route(up.url) });
      const { text, sent, status } = await stream(c, port);
      assert.equal(status, 200);
      assert.equal(text, renamed(p, sent));
      if (p === 'gemini') assert.equal((await geminiStream(port)).text, reply);
      else assert.equal(await c.sdkText(text), reply);
      assert.deepEqual(
        usage.map((u) => [u.status, (u.inputTokens ?? 0) > 0, (u.outputTokens ?? 0) > 0]),
        p === 'gemini' ? [[200, true, true], [200, true, true]] : [[200, true, true]],
      );
    });

    it(`${p}: an upstream that drops mid-line leaves every whole event, then an error event the SDK reads`, async () => {
      const { port, usage } = await pool.start({ resolveRoute: () => c.route(up.url) });
      const whole = (await stream(c, port)).sent;
      for (const atByte of cutsOf(whole)) {
        cut = { atByte, how: 'hang-up' };
        const ctx = `${p}, cut at byte ${atByte}`;
        const { text, sent, status } = await stream(c, port);
        assert.equal(Buffer.byteLength(sent), atByte, `${ctx}: the double cut where asked`);
        assert.equal(status, 200);
        const arrived = renamed(p, sent.slice(0, lastBoundary(sent)));
        const before = arrived.endsWith('\r') ? arrived + '\n' : arrived;
        assert.ok(text.startsWith(before), `${ctx}: every whole event, byte for byte`);
        const tail = sseEvents(text.slice(before.length));
        assert.match(text.slice(before.length), /^(event|data): /, `${ctx}: the error starts on a fresh line`);
        for (const e of tail) assert.doesNotThrow(() => JSON.parse(e.data), `${ctx}: a broken event ${e.data.slice(0, 80)}`);
        assert.match(c.errorOf(tail[tail.length - 1]) ?? '', dropped, `${ctx}: ends in the error event`);
        assert.deepEqual(sseEvents(text), [...sseEvents(before), ...tail], `${ctx}: nothing glued`);
        if (p === 'anthropic-messages') await assert.rejects(anthropicFinal(text), (e: unknown) => e instanceof Anthropic.APIError && dropped.test(e.message), ctx);
        if (p === 'openai-chat') await assert.rejects(chatFinal(text), (e: unknown) => e instanceof OpenAI.APIError && dropped.test(e.message), ctx);
        if (p === 'openai-responses') {
          const events: OpenAI.Responses.ResponseStreamEvent[] = [];
          for await (const e of openaiClient(text).responses.stream({ model: 'client-model', input: 'hi' })) events.push(e);
          const last = events[events.length - 1];
          assert.ok(last.type === 'response.failed' && dropped.test(last.response.error?.message ?? ''), ctx);
        }
        if (p === 'gemini') {
          const read = await geminiStream(port);
          assert.ok(read.error instanceof ApiError, `${ctx}: ${String(read.error)}`);
          assert.equal(read.error.status, 502);
          assert.match(read.error.message, dropped);
          assert.equal(read.chunks, sseEvents(before).length, `${ctx}: every whole chunk read before the error`);
        }
      }
      assert.ok(usage.slice(1).every((u) => u.status === 502), 'recorded as the failures they were');
    });

    // The upstream ended its answer properly, but its last event lacks its line ends: the reply
    // is all there, so the client gets it whole (SSE parsers drop an unterminated event, and
    // @google/genai rejects one), rather than an error or a stream its SDK cannot finish.
    it(`${p}: a clean end that lacks only the last line ends is completed; a clean end inside the last line is an error`, async () => {
      const { port } = await pool.start({ resolveRoute: () => c.route(up.url) });
      const whole = (await stream(c, port)).sent;
      const eol = whole.endsWith('\r\n\r\n') ? 4 : 2;
      for (let missing = 1; missing <= eol; missing++) {
        cut = { atByte: Buffer.byteLength(whole) - missing, how: 'end' };
        const { text, sent, status } = await stream(c, port);
        assert.equal(status, 200);
        assert.equal(text, renamed(p, sent + whole.slice(whole.length - missing)), `${missing} missing`);
        if (p === 'gemini') assert.deepEqual(await geminiStream(port), { text: reply, chunks: sseEvents(whole).length });
        else assert.equal(await c.sdkText(text), reply, `${missing} missing`);
      }
      cut = { atByte: Buffer.byteLength(whole) - eol - 3, how: 'end' };
      const { text, sent } = await stream(c, port);
      const arrived = renamed(p, sent.slice(0, lastBoundary(sent)));
      assert.ok(text.startsWith(arrived));
      const tail = sseEvents(text.slice(arrived.length));
      assert.match(c.errorOf(tail[tail.length - 1]) ?? '', /ended before the reply was complete/);
    });
  }
});
