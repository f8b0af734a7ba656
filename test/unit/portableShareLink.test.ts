/** Share links: one provider in a vscode:// link, never a key. */
import * as assert from 'node:assert/strict';
import { isCredentialHeader, isKeyLikeName } from '../../src/providers/portable/credentials';
import { describeProblem } from '../../src/providers/portable/problems';
import { parseShareLink, shareLinkFor } from '../../src/providers/portable/shareLink';
import type { Provider } from '../../src/providers/provider';
import { model, provider } from '../fakes/builders';

const lab = (): Provider => provider('lab', { name: 'Lab', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:8000/v1', agents: ['codex'], headers: { 'X-Title': 'lab' }, models: [model('qwen/qwen3:free', { displayName: 'Qwen' })] } as never);

const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** Splits a link as vscode.Uri does: path and query. */
function parse(link: string) {
  const url = new URL(link);
  return parseShareLink(url.pathname, url.search.slice(1));
}

describe('portable: share links', () => {
  it('round-trips a provider through the link it makes', () => {
    const made = shareLinkFor(lab());
    assert.ok(made.ok);
    assert.match(made.value, /^vscode:\/\/switchboard\.switchboard\/import\?provider=[A-Za-z0-9_-]+$/);
    const parsed = parse(made.value);
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.deepEqual(parsed.value, lab());
  });

  it('refuses key-like parameters, whatever their spelling, before anything else', () => {
    for (const name of ['key', 'apiKey', 'api_key', 'API-KEY', 'token', 'access_token', 'secret', 'password', 'authorization', 'bearer', 'credentials']) {
      const parsed = parseShareLink('/import', `provider=${encode(lab())}&${name}=sk-123`);
      assert.ok(!parsed.ok, name);
      assert.equal(parsed.problem.path, name);
      assert.match(parsed.problem.message, /Links never carry keys/);
      assert.doesNotMatch(describeProblem(parsed.problem), /sk-123/, 'the message never repeats the key');
    }
  });

  it('refuses foreign parameters, a missing or doubled provider, and another path', () => {
    const cases: [string, string, RegExp][] = [
      ['/import', `provider=${encode(lab())}&utm=x`, /^utm: Unknown parameter “utm”/],
      ['/import', '', /^provider: The link has no provider=… parameter\.$/],
      ['/import', `provider=${encode(lab())}&provider=${encode(lab())}`, /more than one provider/],
      ['/export', `provider=${encode(lab())}`, /start with \/import/],
      ['/import', 'provider=%%%', /not base64url/],
      ['/import', `provider=${Buffer.from('{"id":').toString('base64url')}`, /not valid JSON/],
      ['/import', `provider=${encode([1])}`, /no provider object/],
    ];
    for (const [path, query, expected] of cases) {
      const parsed = parseShareLink(path, query);
      assert.ok(!parsed.ok, query);
      assert.match(describeProblem(parsed.problem), expected);
    }
  });

  it('refuses a key-like field anywhere in the provider, and a credential header', () => {
    const cases: [unknown, string][] = [
      [{ ...lab(), apiKey: 'sk-1' }, 'provider.apiKey'],
      [{ ...lab(), models: [{ ...lab().models[0], token: 'x' }] }, 'provider.models[0].token'],
      [{ ...lab(), network: { secret: 'x' } }, 'provider.network.secret'],
      [{ ...lab(), headers: { Authorization: 'Bearer sk-1' } }, 'provider.headers.Authorization'],
      [{ ...lab(), headers: { 'X-Api-Key': 'sk-1' } }, 'provider.headers["X-Api-Key"]'],
    ];
    for (const [raw, path] of cases) {
      const parsed = parseShareLink('/import', `provider=${encode(raw)}`);
      assert.ok(!parsed.ok, path);
      assert.equal(parsed.problem.path, path);
      assert.match(parsed.problem.message, /never carry keys|carries a credential/);
    }
  });

  it('refuses a foreign field and an invalid provider with the path', () => {
    const foreign = parseShareLink('/import', `provider=${encode({ ...lab(), colour: 'red' })}`);
    assert.ok(!foreign.ok);
    assert.equal(describeProblem(foreign.problem), 'provider.colour: “colour” is not a field Switchboard knows here.');
    const invalid = parseShareLink('/import', `provider=${encode({ ...lab(), baseUrl: 'ftp://x' })}`);
    assert.ok(!invalid.ok);
    assert.equal(describeProblem(invalid.problem), 'provider.baseUrl: Use http or https, not ftp.');
  });

  it('will not make a link of a provider whose header carries a credential', () => {
    const made = shareLinkFor({ ...lab(), headers: { Authorization: 'Bearer x' } });
    assert.ok(!made.ok);
    assert.match(made.problem.message, /carries a credential/);
  });

  it('tells key-like names and credential headers from ordinary ones', () => {
    assert.deepEqual(['apiKey', 'Access-Token', 'id', 'name', 'accessKeyId', 'maxOutputTokens'].map(isKeyLikeName), [true, true, false, false, false, false]);
    assert.deepEqual(['Authorization', 'x-api-key', 'Ocp-Apim-Subscription-Key', 'X-Auth-Token', 'X-Title', 'HTTP-Referer', 'anthropic-version'].map(isCredentialHeader), [true, true, true, true, false, false, false]);
  });
});
