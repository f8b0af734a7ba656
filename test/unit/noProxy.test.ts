/** NO_PROXY matching: hosts, suffixes, wildcards, ports, IP literals; no CIDR. */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { bypassesProxy, parseNoProxy, splitNoProxy } from '../../src/providers/network/noProxy';
import { noProxySchema } from '../../src/providers/network/settings';

describe('NO_PROXY matching', () => {
  const cases: [string, string, boolean][] = [
    ['https://api.example.com/v1', 'example.com', true],
    ['https://example.com/v1', 'example.com', true],
    ['https://notexample.com/v1', 'example.com', false],
    ['https://example.com/v1', '.example.com', false],
    ['https://a.b.example.com/v1', '.example.com', true],
    ['https://a.example.com/v1', '*.example.com', true],
    ['https://example.com/v1', '*.example.com', false],
    ['https://API.Example.COM/v1', 'example.com', true],
    ['https://api.example.com./v1', 'example.com.', true],
    ['https://anything.test', '*', true],
    ['http://127.0.0.1:8080/v1', '127.0.0.1', true],
    ['http://127.0.0.1:8080/v1', '127.0.0.1:8080', true],
    ['http://127.0.0.1:8080/v1', '127.0.0.1:9090', false],
    ['https://api.example.com/v1', 'example.com:443', true],
    ['http://api.example.com/v1', 'example.com:443', false],
    ['http://api.example.com/v1', 'example.com:80', true],
    ['http://[::1]:11434/v1', '::1', true],
    ['http://[::1]:11434/v1', '[::1]:11434', true],
    ['http://[::1]:11434/v1', '[::1]:1', false],
    ['http://10.0.0.5/v1', '10.0.0.0/8', false],
    ['https://x.corp.internal', 'foo.com, corp.internal', true],
    ['https://x.corp.internal', 'foo.com;bar.com  baz.com', false],
  ];
  for (const [url, list, expected] of cases) {
    it(`${url} with "${list}" ${expected ? 'bypasses' : 'uses'} the proxy`, () => assert.equal(bypassesProxy(url, list), expected));
  }

  it('reads lists from arrays and text alike', () => {
    assert.deepEqual(splitNoProxy(' a.com,b.com ;c.com\n d.com '), ['a.com', 'b.com', 'c.com', 'd.com']);
    assert.equal(bypassesProxy('https://c.com', ['a.com', 'b.com c.com']), true);
    assert.equal(bypassesProxy('https://c.com', []), false);
    assert.equal(bypassesProxy('https://c.com', undefined), false);
    assert.equal(bypassesProxy('not a url', '*'), false);
  });

  it('explains entries it cannot read, and the schema reports them by index', () => {
    const { problems } = parseNoProxy(['10.0.0.0/8', 'a*b.com', 'host:port', 'host:70000', '[::1', 'ok.com']);
    assert.equal(problems.length, 5);
    assert.match(problems[0], /CIDR/);
    const parsed = noProxySchema.safeParse(['ok.com', '10.0.0.0/8']);
    assert.ok(!parsed.success);
    assert.deepEqual(parsed.error.issues[0].path, [1]);
  });

  it('never throws, and a host always matches itself and its subdomains', () => {
    const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,8}[a-z0-9])?$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 3 }), label, fc.string(), (parts, sub, junk) => {
        const host = parts.join('.');
        assert.equal(bypassesProxy(`https://${host}/v1`, host), true);
        assert.equal(bypassesProxy(`https://${sub}.${host}/v1`, host), true);
        assert.equal(bypassesProxy(`https://${sub}.${host}/v1`, `.${host}`), true);
        assert.equal(bypassesProxy(`https://${host}x.invalid/v1`, host), host === `${host}x.invalid` || `${host}x.invalid`.endsWith(`.${host}`));
        bypassesProxy(`https://${host}/`, junk);
        parseNoProxy(junk);
      }),
    );
  });
});
