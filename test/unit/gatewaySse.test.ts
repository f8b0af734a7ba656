/** The gateway's SSE line parser: chunks split anywhere, every line ending, multi-line data, comments. */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { SseParser } from '../../src/gateway/translate';
import { fixtureText, streamFixture, protocols } from './gatewayFixtures';

function parse(chunks: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  const p = new SseParser((e, d) => out.push([e, d]));
  for (const c of chunks) p.write(c);
  p.end();
  return out;
}

/** Splits text at the given (sorted, deduplicated) offsets. */
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

describe('gateway SSE parser', () => {
  it('reads events, names, multi-line data, and skips comments and unknown fields', () => {
    const text = ': comment\nevent: a\ndata: one\ndata: two\nid: 7\nretry: 100\nfoo: bar\n\ndata:no-space\n\ndata\n\nevent: only-name\n\ndata:  two spaces\n\n';
    assert.deepEqual(parse([text]), [
      ['a', 'one\ntwo'],
      ['', 'no-space'],
      ['', ''],
      ['', ' two spaces'],
    ]);
  });

  it('takes LF, CRLF and CR line endings, even a CRLF split between chunks', () => {
    const expected: [string, string][] = [
      ['x', '1'],
      ['', '2'],
    ];
    assert.deepEqual(parse(['event: x\ndata: 1\n\ndata: 2\n\n']), expected);
    assert.deepEqual(parse(['event: x\r\ndata: 1\r\n\r\ndata: 2\r\n\r\n']), expected);
    assert.deepEqual(parse(['event: x\rdata: 1\r\rdata: 2\r\r']), expected);
    assert.deepEqual(parse(['event: x\r', '\ndata: 1\r', '\n\r', '\ndata: 2\r\n\r', '\n']), expected);
  });

  it('drops a leading BOM and an unterminated last event', () => {
    assert.deepEqual(parse(['\uFEFFdata: a\n\ndata: b']), [['', 'a']]);
  });

  it('says where the last blank line ended and where each event began, in characters written', () => {
    const seen: [string, number, number][] = [];
    const p: SseParser = new SseParser((_e, d) => seen.push([d, p.eventStart, p.boundary]));
    // A BOM, a comment block, CRLF split between writes, a lone CR, an event still arriving.
    const chunks = ['\uFEFFdata: a\r', '\n\r', '\n: c\n\ndata: b\r\r', 'data: c\n', 'dat'];
    const boundaries: number[] = [];
    for (const c of chunks) {
      p.write(c);
      boundaries.push(p.boundary);
    }
    const text = chunks.join('');
    // After the CR of `\r\n\r`, the blank line has ended; its LF, when it comes, joins it.
    const afterCr = text.indexOf(': c') - 1;
    assert.deepEqual(boundaries, [0, afterCr, text.indexOf('data: c'), text.indexOf('data: c'), text.indexOf('data: c')]);
    assert.deepEqual(seen, [
      ['a', 0, afterCr],
      ['b', text.indexOf('data: b'), text.indexOf('data: c')],
    ]);
  });

  it('gives the same events however the stream is cut (fast-check)', () => {
    const texts = protocols.map((p) => fixtureText(streamFixture[p]));
    texts.push(texts[1].replace(/\n/g, '\r\n'), texts[0].replace(/\n/g, '\r'));
    for (const text of texts) {
      const whole = parse([text]);
      assert.ok(whole.length > 5);
      fc.assert(
        fc.property(fc.array(fc.nat(), { maxLength: 40 }), (cuts) => {
          assert.deepEqual(parse(splitAt(text, cuts)), whole);
        }),
        { numRuns: 200 },
      );
      // And one character at a time.
      assert.deepEqual(parse([...text]), whole);
    }
  });

  it('is linear: a megabyte in 1-byte-to-4-KiB chunks parses quickly', () => {
    const event = 'event: content_block_delta\ndata: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"hello world"}}\n\n';
    const text = event.repeat(Math.ceil(1_000_000 / event.length));
    let n = 0;
    const p = new SseParser(() => n++);
    const started = process.hrtime.bigint();
    for (let i = 0, size = 1; i < text.length; i += size, size = (size * 7) % 4096 || 1) p.write(text.slice(i, i + size));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(n, Math.ceil(1_000_000 / event.length));
    assert.ok(ms < 500, `${ms} ms`);
  });
});
