/** The gateway's UTF-8 encoder for the JSON it sends upstream: the same bytes as Node's, by either path. */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { jsonBytes } from '../../src/gateway/jsonBytes';
import { fixtureJson } from './gatewayFixtures';

describe('gateway: JSON text → UTF-8 bytes', () => {
  it('gives exactly what Buffer.from gives, for any JSON.stringify result, whatever the hint', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), (value, unicode, lone) => {
        // Lone surrogates too: JSON.stringify escapes them, so the text stays well-formed.
        const text = JSON.stringify({ value, unicode, lone: lone + '\ud800' });
        const expected = Buffer.from(text, 'utf8');
        assert.ok(jsonBytes(text, false).equals(expected));
        assert.ok(jsonBytes(text, true).equals(expected));
      }),
      { numRuns: 2000 },
    );
  });

  it('encodes the Claude Code request as Node does (an em dash, an arrow and an emoji in its prose)', () => {
    const text = JSON.stringify(fixtureJson('claude-code-request.json'));
    assert.match(text, /[\u2014\u2192]/);
    assert.ok(jsonBytes(text, false).equals(Buffer.from(text)));
  });
});
