/** Error bodies in each client's shape (checked against the SDKs' error classes), upstream error bodies, and input that must never throw. */
import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import fc from 'fast-check';
import { translator } from '../../src/gateway/translate';
import { anthropicClient, fixtureJson, fixtureText, openaiClient, protocols, settings, streamFixture } from './gatewayFixtures';

const A = 'anthropic-messages' as const;

describe('gateway translate: error bodies', () => {
  const anthropicTypes: [number, string, new (...args: any[]) => Error][] = [
    [400, 'invalid_request_error', Anthropic.BadRequestError],
    [401, 'authentication_error', Anthropic.AuthenticationError],
    [403, 'permission_error', Anthropic.PermissionDeniedError],
    [404, 'not_found_error', Anthropic.NotFoundError],
    [429, 'rate_limit_error', Anthropic.RateLimitError],
    [500, 'api_error', Anthropic.InternalServerError],
    [529, 'overloaded_error', Anthropic.InternalServerError],
  ];
  for (const [status, type, cls] of anthropicTypes) {
    it(`Anthropic ${status}: {type:"error",error:{type:"${type}"}} that the SDK raises as ${cls.name}`, async () => {
      const body = translator.errorBody(A, status, `failed with ${status}`);
      assert.deepEqual(body, { type: 'error', error: { type, message: `failed with ${status}` } });
      const client = anthropicClient(JSON.stringify(body), 'application/json', status);
      await assert.rejects(client.messages.create({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'x' }] }), (e: any) => {
        const err = e as { status: number; error?: { error?: { type?: string } } };
        assert.ok(e instanceof cls, e.constructor.name);
        assert.equal(err.status, status);
        assert.equal(err.error?.error?.type, type);
        return true;
      });
    });
  }

  it('Anthropic: other statuses get api_error (5xx) or invalid_request_error (4xx)', () => {
    assert.equal((translator.errorBody(A, 502, 'x') as any).error.type, 'api_error');
    assert.equal((translator.errorBody(A, 422, 'x') as any).error.type, 'invalid_request_error');
  });

  const openaiClasses: [number, new (...args: any[]) => Error][] = [
    [400, OpenAI.BadRequestError],
    [401, OpenAI.AuthenticationError],
    [403, OpenAI.PermissionDeniedError],
    [404, OpenAI.NotFoundError],
    [429, OpenAI.RateLimitError],
    [500, OpenAI.InternalServerError],
  ];
  for (const p of ['openai-chat', 'openai-responses'] as const) {
    for (const [status, cls] of openaiClasses) {
      it(`${p} ${status}: {error:{message,type,code}} that the SDK raises as ${cls.name}`, async () => {
        const body = translator.errorBody(p, status, `failed with ${status}`) as any;
        assert.equal(body.error.message, `failed with ${status}`);
        assert.equal(typeof body.error.type, 'string');
        assert.ok('code' in body.error && 'param' in body.error);
        const client = openaiClient(JSON.stringify(body), 'application/json', status);
        const call = p === 'openai-chat' ? client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }) : client.responses.create({ model: 'm', input: 'x' });
        await assert.rejects(call, (e: any) => {
          assert.ok(e instanceof cls, e.constructor.name);
          assert.equal(e.message, `${status} failed with ${status}`);
          return true;
        });
      });
    }
  }

  it('reads the message out of whatever an upstream sends', () => {
    const cases: [string, string][] = [
      ['{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', 'Overloaded'],
      ['{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}', 'Incorrect API key provided.'],
      ['{"error":"model \\"llama9\\" not found, try pulling it first"}', 'model "llama9" not found, try pulling it first'],
      ['{"detail":"Not Found"}', 'Not Found'],
      ['{"detail":[{"loc":["body","model"],"msg":"field required"}]}', '[{"loc":["body","model"],"msg":"field required"}]'],
      ['[{"error":{"code":400,"message":"Gemini says no","status":"INVALID_ARGUMENT"}}]', 'Gemini says no'],
      ['{"message":"Forbidden"}', 'Forbidden'],
      ['<html><body>502 Bad Gateway</body></html>', '<html><body>502 Bad Gateway</body></html>'],
      ['  upstream timed out \n', 'upstream timed out'],
      ['{not json', '{not json'],
    ];
    for (const [body, message] of cases) assert.deepEqual(translator.upstreamError('openai-chat', 429, body), { status: 429, message }, body);
    assert.deepEqual(translator.upstreamError(A, 529, ''), { status: 529, message: 'The upstream answered HTTP 529.' });
    assert.equal(translator.upstreamError(A, 200, 'odd').status, 502);
    assert.ok(translator.upstreamError(A, 500, 'x'.repeat(10_000)).message.length <= 2001);
  });
});

describe('gateway translate: malformed input never throws', () => {
  it('a malformed request of each protocol is a 400 that names the path', () => {
    const bad: [(typeof protocols)[number], unknown, RegExp][] = [
      [A, { model: 'm', messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', data: 'x' } }] }] }, /^messages\[0\]\.content\[0\]\.source\.media_type: /],
      [A, { model: 'm', messages: [{ role: 'user', content: [{ type: 'tool_result' }] }] }, /^messages\[0\]\.content\[0\]\.tool_use_id: /],
      [A, { model: 'm', messages: [], tools: [{ description: 'no name' }] }, /^tools\[0\]\.name: /],
      [A, { model: 'm', messages: [], thinking: { type: 'enabled' } }, /^thinking\.budget_tokens: /],
      ['openai-chat', { model: 'm', messages: [{ role: 'tool', content: 'x' }] }, /^messages\[0\]\.tool_call_id: /],
      ['openai-chat', { model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }] }, /^messages\[0\]\.content\[0\]\.image_url\.url: /],
      ['openai-chat', { model: 'm', messages: [{ role: 'assistant', tool_calls: [{ id: 'c', function: { arguments: '{}' } }] }] }, /^messages\[0\]\.tool_calls\[0\]\.function\.name: /],
      ['openai-chat', { model: 'm', messages: [{ role: 'wizard', content: 'x' }] }, /^messages\[0\]\.role: /],
      ['openai-chat', { messages: [] }, /^model: /],
      ['openai-responses', { model: 'm', input: [{ type: 'function_call_output', call_id: 'c' }] }, /^input\[0\]\.output: /],
      ['openai-responses', { model: 'm', input: [{ type: 'message', role: 'user', content: [{ type: 'input_text' }] }] }, /^input\[0\]\.content\[0\]\.text: /],
      ['openai-responses', { model: 'm', input: 5 }, /^input: /],
    ];
    for (const [client, body, message] of bad) {
      for (const upstream of protocols.filter((p) => p !== client)) {
        const r = translator.translateRequest(client, upstream, body, settings('m'));
        assert.ok(!r.ok, `${client} → ${upstream}: ${JSON.stringify(body)}`);
        assert.equal(r.status, 400);
        assert.match(r.message, message);
      }
    }
  });

  it('arbitrary JSON as a request, for every pair: a translation or a 400, never an exception', () => {
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({ model: fc.string(), messages: fc.array(fc.jsonValue(), { maxLength: 3 }), input: fc.oneof(fc.string(), fc.array(fc.jsonValue(), { maxLength: 3 })) }, { requiredKeys: ['model'] }),
    );
    fc.assert(
      fc.property(body, fc.constantFrom(...protocols), fc.constantFrom(...protocols), (b, client, upstream) => {
        const r = translator.translateRequest(client, upstream, b, settings('m'));
        if (!r.ok) assert.equal(r.status, 400);
      }),
      { numRuns: 500 },
    );
  });

  it('arbitrary JSON as an upstream answer: a translation or a 502, never an exception', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(...protocols), fc.constantFrom(...protocols), (b, upstream, client) => {
        const r = translator.translateResponse(upstream, client, b, 'm');
        if (!r.ok) assert.equal(r.status, 502);
      }),
      { numRuns: 500 },
    );
    const shapes = [fixtureJson('anthropic-response.json'), fixtureJson('chat-response.json'), fixtureJson('responses-response.json')];
    fc.assert(
      fc.property(fc.constantFrom(...shapes), fc.jsonValue(), fc.constantFrom(...protocols), fc.constantFrom(...protocols), (shape, junk, upstream, client) => {
        // Real shapes with one field replaced by junk.
        const keys = Object.keys(shape);
        const b = { ...shape, [keys[JSON.stringify(junk).length % keys.length]]: junk };
        translator.translateResponse(upstream, client, b, 'm');
      }),
      { numRuns: 300 },
    );
  });

  it('garbage and mangled events in an upstream stream never throw', () => {
    const events = protocols.map((p) => fixtureText(streamFixture[p]).split('\n\n'));
    fc.assert(
      fc.property(fc.constantFrom(0, 1, 2), fc.constantFrom(...protocols), fc.array(fc.oneof(fc.string(), fc.jsonValue().map((v) => `data: ${JSON.stringify(v)}\n\n`)), { maxLength: 8 }), fc.nat(), (u, client, junk, drop) => {
        const upstream = protocols[u];
        const list = [...events[u]];
        list.splice(drop % list.length, 1);
        const st = translator.createStreamTranslator(upstream, client, 'm');
        for (const e of list) st.write(e + '\n\n');
        for (const j of junk) st.write(j);
        st.end();
        st.usage();
      }),
      { numRuns: 300 },
    );
  });
});
