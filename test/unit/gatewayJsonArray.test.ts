/**
 * The JSON-array form of Gemini's streamGenerateContent: whole SSE events from the client's
 * stream translator become array elements as they come, whatever the chunking; the array is
 * valid JSON at the end, after an error too, and empty when no event came.
 */
import * as assert from 'node:assert/strict';
import { JsonArrayStream } from '../../src/gateway/jsonArrayStream';
import type { StreamTranslator } from '../../src/gateway/translator';

/** A stand-in translator that hands on what it is given, as an SSE stream of the client's protocol would be. */
function echo(): StreamTranslator & { failedWith?: string } {
  const t: StreamTranslator & { failedWith?: string } = {
    write: (chunk) => chunk,
    end: () => '',
    fail: (message) => {
      t.failedWith = message;
      return `data: ${JSON.stringify({ error: { code: 502, message, status: 'UNAVAILABLE' } })}\n\n`;
    },
    usage: () => ({ inputTokens: 3, outputTokens: 4 }),
    failed: () => t.failedWith !== undefined,
  };
  return t;
}

const events = [{ candidates: [{ content: { parts: [{ text: 'Hel' }], role: 'model' } }] }, { candidates: [{ content: { parts: [{ text: 'lo, "you"\n' }], role: 'model' } }] }, { candidates: [{ content: { parts: [], role: 'model' }, finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 3 } }];

describe('gateway: Gemini JSON-array stream', () => {
  for (const newline of ['\n', '\r\n']) {
    it(`frames every event as an element, cut at every offset (${JSON.stringify(newline)} events)`, () => {
      const sse = events.map((e) => `data: ${JSON.stringify(e)}${newline}${newline}`).join('');
      for (let cut = 0; cut <= sse.length; cut++) {
        const s = new JsonArrayStream(echo());
        const out = s.write(sse.slice(0, cut)) + s.write(sse.slice(cut)) + s.end();
        assert.deepEqual(JSON.parse(out), events, `cut at ${cut}`);
        assert.equal(out.split(',\r\n').length, events.length);
      }
    });
  }

  it('writes each element as soon as its event is whole', () => {
    const s = new JsonArrayStream(echo());
    assert.equal(s.write('data: {"a":1}\n'), '');
    assert.equal(s.write('\n'), '[{"a":1}');
    assert.equal(s.write('data: {"a":2}\n\n: a comment\n\n'), ',\r\n{"a":2}');
    assert.equal(s.end(), ']');
  });

  it('closes the array after an error element when the upstream fails midway', () => {
    const inner = echo();
    const s = new JsonArrayStream(inner);
    const out = s.write(`data: ${JSON.stringify(events[0])}\n\n`) + s.fail('the upstream stopped');
    const arr = JSON.parse(out);
    assert.equal(arr.length, 2);
    assert.equal(arr[1].error.message, 'the upstream stopped');
    assert.equal(s.failed(), true);
    assert.deepEqual(s.usage(), { inputTokens: 3, outputTokens: 4 });
  });

  it('answers an empty stream with an empty array', () => {
    const s = new JsonArrayStream(echo());
    assert.deepEqual(JSON.parse(s.end()), []);
  });
});
