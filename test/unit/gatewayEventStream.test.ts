/**
 * The gateway's AWS event-stream decoder and the Bedrock stream reader built on it: published
 * frames, frames split at every byte offset, every header value type, bad CRCs, oversize and
 * impossible frames, and Bedrock's exception messages.
 */
import * as assert from 'node:assert/strict';
import { BedrockStreamReader } from '../../src/gateway/bedrockStream';
import { crc32 } from '../../src/gateway/crc32';
import { EventStreamDecoder, EventStreamError, maxFrameBytes, type EventStreamMessage } from '../../src/gateway/eventStream';
import { UpstreamStreamError } from '../../src/gateway/streamReader';
import { chunkFrame, crc32Bitwise, encodeFrame, exceptionFrame } from '../upstreams/eventStream';
import { sseEvents } from './gatewayFixtures';

const bytes = (...values: number[]) => Buffer.from(values);

/** Every message of `data`, fed in pieces cut at the given offsets. */
function decodeSplit(data: Buffer, cuts: readonly number[]): EventStreamMessage[] {
  const d = new EventStreamDecoder();
  const out: EventStreamMessage[] = [];
  let at = 0;
  for (const cut of [...cuts, data.length]) {
    out.push(...d.write(data.subarray(at, cut)));
    at = cut;
  }
  d.end();
  return out;
}

describe('gateway event stream: CRC-32', () => {
  it('gives the standard check value and agrees with a bit-by-bit CRC', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
    assert.equal(crc32(Buffer.alloc(0)), 0);
    const random = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7919 + 13) & 0xff));
    assert.equal(crc32(random), crc32Bitwise(random));
    assert.equal(crc32(random, 100, 900), crc32Bitwise(random.subarray(100, 900)));
  });
});

describe('gateway event stream: frames', () => {
  // A published example of the encoding: {"foo": "bar"} without headers, then with a content type.
  const plain = bytes(0, 0, 0, 30, 0, 0, 0, 0, 186, 242, 246, 138, ...Buffer.from('{"foo": "bar"}'), 174, 114, 88, 228);

  it('decodes a published frame, and the test encoder writes the same bytes', () => {
    const [m] = decodeSplit(plain, []);
    assert.deepEqual(m.headers, {});
    assert.equal(m.payload.toString(), '{"foo": "bar"}');
    assert.deepEqual(encodeFrame({}, '{"foo": "bar"}'), plain);
    const typed = encodeFrame({ 'content-type': 'application/json' }, '{"foo": "bar"}');
    assert.deepEqual([...typed.subarray(0, 12)], [0, 0, 0, 62, 0, 0, 0, 32, 64, 93, 249, 70]);
    assert.deepEqual([...typed.subarray(-4)], [111, 162, 191, 59]);
    assert.deepEqual(decodeSplit(typed, [])[0].headers, { 'content-type': 'application/json' });
  });

  it('decodes frames split at every byte offset, one or two cuts, into the same messages', () => {
    const data = Buffer.concat([chunkFrame({ type: 'message_start', text: 'é漢' }), exceptionFrame('throttlingException', 'slow down'), plain]);
    const whole = decodeSplit(data, []);
    assert.equal(whole.length, 3);
    const expected = JSON.stringify(whole.map((m) => [m.headers, m.payload.toString('base64')]));
    for (let i = 0; i <= data.length; i++) {
      assert.equal(JSON.stringify(decodeSplit(data, [i]).map((m) => [m.headers, m.payload.toString('base64')])), expected, `cut at ${i}`);
    }
    for (let i = 0; i <= data.length; i += 7) {
      for (let j = i; j <= data.length; j += 5) assert.equal(decodeSplit(data, [i, j]).length, 3, `cuts at ${i}, ${j}`);
    }
    // One byte at a time.
    assert.equal(decodeSplit(data, Array.from({ length: data.length }, (_, i) => i)).length, 3);
  });

  it('reads every header value type', () => {
    const h: number[] = [];
    const name = (n: string) => h.push(n.length, ...Buffer.from(n));
    name('t');
    h.push(0);
    name('f');
    h.push(1);
    name('b');
    h.push(2, 0xff);
    name('s');
    h.push(3, 0x01, 0x02);
    name('i');
    h.push(4, 0xff, 0xff, 0xff, 0xfe);
    name('l');
    h.push(5, 0, 0, 0, 1, 0, 0, 0, 0);
    name('bytes');
    h.push(6, 0, 3, 1, 2, 3);
    name('str');
    h.push(7, 0, 2, 0x68, 0x69);
    name('ts');
    h.push(8, 0, 0, 1, 0x8a, 0x4b, 0x67, 0x8c, 0x00);
    name('id');
    h.push(9, ...Array.from({ length: 16 }, (_, i) => i));
    const [m] = decodeSplit(encodeFrame({}, 'x', Buffer.from(h)), []);
    assert.equal(m.headers.t, true);
    assert.equal(m.headers.f, false);
    assert.equal(m.headers.b, -1);
    assert.equal(m.headers.s, 258);
    assert.equal(m.headers.i, -2);
    assert.equal(m.headers.l, 4294967296n);
    assert.deepEqual([...(m.headers.bytes as Uint8Array)], [1, 2, 3]);
    assert.equal(m.headers.str, 'hi');
    assert.equal((m.headers.ts as Date).getTime(), 0x018a4b678c00);
    assert.deepEqual([...(m.headers.id as Uint8Array)], Array.from({ length: 16 }, (_, i) => i));
    assert.equal(m.payload.toString(), 'x');
  });

  it('refuses a frame whose prelude or message fails its CRC', () => {
    const badPrelude = Buffer.from(plain);
    badPrelude[9] ^= 1;
    assert.throws(() => new EventStreamDecoder().write(badPrelude), (e: Error) => e instanceof EventStreamError && /prelude fails its CRC/.test(e.message));
    const badPayload = Buffer.from(plain);
    badPayload[15] ^= 0x20;
    assert.throws(() => new EventStreamDecoder().write(badPayload), /message CRC/);
    const badLength = Buffer.from(plain);
    badLength[3] = 31;
    assert.throws(() => new EventStreamDecoder().write(badLength), /prelude fails its CRC/, 'the length is covered by the prelude CRC');
  });

  it('refuses a frame claiming more than 16 MiB as soon as its prelude is in, without waiting for it', () => {
    const prelude = Buffer.alloc(12);
    prelude.writeUInt32BE(maxFrameBytes + 1, 0);
    prelude.writeUInt32BE(0, 4);
    prelude.writeUInt32BE(crc32Bitwise(prelude.subarray(0, 8)), 8);
    assert.throws(() => new EventStreamDecoder().write(prelude), /more than the 16777216 allowed/);
    const fine = Buffer.from(prelude);
    fine.writeUInt32BE(maxFrameBytes, 0);
    fine.writeUInt32BE(crc32Bitwise(fine.subarray(0, 8)), 8);
    assert.deepEqual(new EventStreamDecoder().write(fine), [], 'exactly 16 MiB may come');
  });

  it('refuses impossible lengths, headers running past their section, and a stream ending inside a frame', () => {
    const short = Buffer.alloc(12);
    short.writeUInt32BE(15, 0);
    short.writeUInt32BE(crc32Bitwise(short.subarray(0, 8)), 8);
    assert.throws(() => new EventStreamDecoder().write(short), /impossible lengths/);
    assert.throws(() => decodeSplit(encodeFrame({}, '', Buffer.from([5, 0x61])), []), /runs past/);
    assert.throws(() => decodeSplit(encodeFrame({}, '', Buffer.from([1, 0x61, 42])), []), /Unknown header value type 42/);
    const d = new EventStreamDecoder();
    d.write(plain.subarray(0, 20));
    assert.throws(() => d.end(), /ended inside a frame/);
  });
});

describe('gateway event stream: Bedrock chunks as Anthropic SSE', () => {
  const start = { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude', content: [], usage: { input_tokens: 3, output_tokens: 1 } } };
  const delta = { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'line one\nline two' } };

  it('turns each chunk into one SSE event as soon as its frame is complete, and skips other events', () => {
    const r = new BedrockStreamReader();
    const a = chunkFrame(start);
    assert.equal(r.write(a.subarray(0, a.length - 1)), '', 'nothing before the frame is whole');
    const first = r.write(a.subarray(a.length - 1));
    assert.deepEqual(sseEvents(first), [{ event: 'message_start', data: JSON.stringify(start) }]);
    const pretty = encodeFrame({ ':event-type': 'chunk', ':message-type': 'event' }, JSON.stringify({ bytes: Buffer.from(JSON.stringify(delta, null, 2)).toString('base64') }));
    const other = encodeFrame({ ':event-type': 'metadata', ':message-type': 'event' }, '{}');
    const out = r.write(Buffer.concat([other, pretty]));
    const events = sseEvents(out);
    assert.equal(events.length, 1);
    assert.equal(events[0].event, 'content_block_delta');
    assert.deepEqual(JSON.parse(events[0].data), delta, 'a pretty-printed event stays one data line with the same JSON');
    assert.equal(r.end(), '');
  });

  it('throws an exception message as an UpstreamStreamError with its type, message and status', () => {
    const r = new BedrockStreamReader();
    assert.throws(
      () => r.write(Buffer.concat([chunkFrame(start), exceptionFrame('throttlingException', 'Too many tokens, please wait.')])),
      (e: unknown) => e instanceof UpstreamStreamError && e.status === 429 && e.message === 'Amazon Bedrock: throttlingException: Too many tokens, please wait.',
    );
    assert.throws(() => new BedrockStreamReader().write(exceptionFrame('modelStreamErrorException', 'boom')), (e: unknown) => e instanceof UpstreamStreamError && e.status === 502 && /modelStreamErrorException: boom/.test(e.message));
  });

  it('turns broken framing and unreadable chunks into upstream protocol errors', () => {
    const bad = chunkFrame(start);
    bad[bad.length - 1] ^= 1;
    assert.throws(() => new BedrockStreamReader().write(bad), (e: unknown) => e instanceof UpstreamStreamError && e.status === 502 && /not valid event-stream framing/.test(e.message));
    const notBase64Json = encodeFrame({ ':event-type': 'chunk', ':message-type': 'event' }, JSON.stringify({ bytes: Buffer.from('not json').toString('base64') }));
    assert.throws(() => new BedrockStreamReader().write(notBase64Json), (e: unknown) => e instanceof UpstreamStreamError && /not an Anthropic event/.test(e.message));
    const r = new BedrockStreamReader();
    r.write(chunkFrame(start).subarray(0, 30));
    assert.throws(() => r.end(), (e: unknown) => e instanceof UpstreamStreamError && /ended inside a frame/.test(e.message));
  });
});
