/**
 * The gateway's Gemini endpoints with the real translator, judged by Google's own SDK
 * (@google/genai) on loopback: answers from Chat and Anthropic upstreams, streams, tool calls,
 * countTokens, the model list, errors, `?key=`, and Gemini as the upstream.
 */
import * as assert from 'node:assert/strict';
// @google/genai's types are ESM-only under Node16 resolution; its CommonJS build is what loads.
import type * as GenAI from '@google/genai' with { 'resolution-mode': 'import' };
import type { GatewayRoute } from '../../src/gateway/route';
import { translator } from '../../src/gateway/translate';
import { startUpstream, type RecordedRequest, type ReplySpec, type Upstream } from '../upstreams/server';
import { call, GatewayPool, localToken, route, upstreamKeys } from './gatewayFixture';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ApiError, GoogleGenAI } = require('@google/genai') as typeof GenAI;

describe('gateway server: the Gemini API', function () {
  this.timeout(30_000);
  const pool = new GatewayPool();
  let up: Upstream;
  let reply: (r: RecordedRequest) => ReplySpec = () => ({ text: 'pong from the double' });
  let chatRoute: GatewayRoute;
  let claudeRoute: GatewayRoute;
  let geminiRoute: GatewayRoute;

  before(async () => {
    up = await startUpstream({ respond: (r) => reply(r) });
    chatRoute = route('lab', 'openai-compatible', `${up.url}/v1`, 'qwen3-coder');
    claudeRoute = route('claude', 'anthropic', `${up.url}/v1`, 'claude-sonnet-4-5');
    geminiRoute = route('other', 'gemini', `${up.url}/v1beta`, 'gemini-2.5-flash', { model: { modelId: 'gemini-2.5-flash', optionFamily: 'gemini', temperature: 0.3 } });
  });
  afterEach(async () => {
    reply = () => ({ text: 'pong from the double' });
    await pool.stopAll();
  });
  after(async () => {
    await up.close();
    for (const line of pool.allLogs) for (const secret of [localToken, ...Object.values(upstreamKeys)]) assert.ok(!line.includes(secret), `a log line leaks ${secret}: ${line}`);
  });

  const start = (r: GatewayRoute | ((agent: string | undefined) => GatewayRoute)) =>
    pool.start({ translator, resolveRoute: typeof r === 'function' ? r : () => r, models: () => [{ ref: 'lab/qwen3-coder', name: 'Qwen3 Coder' }, { ref: 'claude/claude-sonnet-4-5' }] });
  const sdk = (port: number, agent = 'gemini-cli') => new GoogleGenAI({ apiKey: localToken, httpOptions: { baseUrl: `http://127.0.0.1:${port}/a/${agent}/gemini`, retryOptions: { attempts: 1 } } });
  const since = (n: number) => up.requests.slice(n);

  it("answers generateContent from a Chat upstream in Gemini's shape, with the provider's key upstream", async () => {
    const { port, usage } = await start(chatRoute);
    const before = up.requests.length;
    const r = await sdk(port).models.generateContent({ model: 'gemini-2.5-pro', contents: 'Say hi', config: { systemInstruction: 'Be brief.', temperature: 0.1 } });
    assert.equal(r.text, 'pong from the double');
    assert.equal(r.candidates?.[0]?.finishReason, 'STOP');
    assert.equal(r.modelVersion, 'gemini-2.5-pro', "the client's model is echoed");
    assert.ok((r.usageMetadata?.promptTokenCount ?? 0) > 0 && (r.usageMetadata?.candidatesTokenCount ?? 0) > 0);
    const [sent] = since(before);
    assert.equal(sent.path, '/v1/chat/completions');
    assert.equal(sent.model, 'qwen3-coder');
    assert.equal(sent.apiKey, upstreamKeys.lab);
    assert.deepEqual(sent.body.messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Say hi' },
    ]);
    assert.equal(sent.body.temperature, 0.1);
    assert.deepEqual(
      usage.map((u) => [u.agentId, u.clientProtocol, u.upstreamProtocol, u.status, u.stream]),
      [['gemini-cli', 'gemini', 'openai-chat', 200, false]],
    );
  });

  it('streams with alt=sse from an Anthropic upstream, and hands over whole function calls the SDK reads', async () => {
    const { port } = await start(claudeRoute);
    const stream = await sdk(port).models.generateContentStream({ model: 'gemini-x', contents: 'Say hi' });
    let text = '';
    let chunks = 0;
    for await (const c of stream) {
      chunks++;
      text += c.text ?? '';
    }
    assert.equal(text, 'pong from the double');
    assert.ok(chunks > 2, 'text arrives in several chunks');
    reply = () => ({ text: 'Reading it.', toolCalls: [{ id: 'toolu_01abc', name: 'read_file', arguments: { path: '/tmp/a.txt', lines: [1, 2] } }] });
    const tools = [{ functionDeclarations: [{ name: 'read_file', parametersJsonSchema: { type: 'object', properties: { path: { type: 'string' } } } }] }];
    const calls: unknown[] = [];
    let finish: string | undefined;
    for await (const c of await sdk(port).models.generateContentStream({ model: 'gemini-x', contents: 'Read /tmp/a.txt', config: { tools } })) {
      calls.push(...(c.functionCalls ?? []));
      finish = c.candidates?.[0]?.finishReason ?? finish;
    }
    assert.deepEqual(calls, [{ id: 'toolu_01abc', name: 'read_file', args: { path: '/tmp/a.txt', lines: [1, 2] } }]);
    assert.equal(finish, 'STOP');
    const whole = await sdk(port).models.generateContent({ model: 'gemini-x', contents: 'Read /tmp/a.txt', config: { tools } });
    assert.deepEqual(whole.functionCalls, [{ id: 'toolu_01abc', name: 'read_file', args: { path: '/tmp/a.txt', lines: [1, 2] } }]);
  });

  it('returns the tool result to the upstream under the id of its call', async () => {
    const { port } = await start(claudeRoute);
    const before = up.requests.length;
    await sdk(port).models.generateContent({
      model: 'gemini-x',
      contents: [
        { role: 'user', parts: [{ text: 'Read it' }] },
        { role: 'model', parts: [{ functionCall: { id: 'read_file__toolu_01abc', name: 'read_file', args: { path: '/a' } } }] },
        { role: 'user', parts: [{ functionResponse: { id: 'read_file__toolu_01abc', name: 'read_file', response: { output: 'contents of a' } } }] },
      ],
    });
    const [sent] = since(before);
    assert.deepEqual(sent.body.messages[1].content, [{ type: 'tool_use', id: 'toolu_01abc', name: 'read_file', input: { path: '/a' } }]);
    assert.deepEqual(sent.body.messages[2].content, [{ type: 'tool_result', tool_use_id: 'toolu_01abc', content: 'contents of a' }]);
  });

  it('answers countTokens and the model list itself, without calling upstream', async () => {
    const { port } = await start(chatRoute);
    const before = up.requests.length;
    const ai = sdk(port);
    const count = await ai.models.countTokens({ model: 'gemini-x', contents: 'Say hi to everyone in the room, please.' });
    assert.ok((count.totalTokens ?? 0) > 5, JSON.stringify(count));
    const pager = await ai.models.list();
    const names: string[] = [];
    for await (const m of pager) names.push(String(m.name));
    assert.deepEqual(names, ['models/lab/qwen3-coder', 'models/claude/claude-sonnet-4-5']);
    const one = await ai.models.get({ model: 'lab/qwen3-coder' });
    assert.equal(one.displayName, 'Qwen3 Coder');
    assert.equal(since(before).length, 0);
  });

  it("sends upstream errors in Gemini's shape, which the SDK raises with their status", async () => {
    const { port } = await start(chatRoute);
    reply = () => ({ error: { status: 429, message: 'Rate limit reached for requests' } });
    await assert.rejects(sdk(port).models.generateContent({ model: 'm', contents: 'hi' }), (e: unknown) => e instanceof ApiError && e.status === 429 && /Rate limit reached/.test(e.message) && /RESOURCE_EXHAUSTED/.test(e.message));
    reply = () => ({ text: 'fine' });
    const bad = await call(port, { path: '/a/gemini-cli/gemini/v1beta/models/m:generateContent', body: { contents: [{ parts: [{ functionCall: { args: {} } }] }] } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json(), { error: { code: 400, message: 'contents[0].parts[0].functionCall.name: Invalid input: expected string, received undefined', status: 'INVALID_ARGUMENT' } });
    const unknown = await call(port, { path: '/a/gemini-cli/gemini/v1beta/models/m:embedContent', body: { content: {} } });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json().error.status, 'NOT_FOUND');
    assert.match(unknown.json().error.message, /gemini\/v1beta\/models\/<model>:generateContent/);
  });

  it('takes the token as ?key= on Gemini paths only, and refuses a wrong one', async () => {
    const { port, logs } = await start(chatRoute);
    const body = { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] };
    const ok = await call(port, { path: `/a/gemini-cli/gemini/v1beta/models/m:generateContent?key=${localToken}`, body, token: null });
    assert.equal(ok.status, 200, ok.text);
    const wrong = await call(port, { path: '/a/gemini-cli/gemini/v1beta/models/m:generateContent?key=not-the-token', body, token: null });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.json().error.status, 'UNAUTHENTICATED');
    const none = await call(port, { path: '/a/gemini-cli/gemini/v1beta/models/m:generateContent', body, token: null });
    assert.equal(none.status, 401);
    const elsewhere = await call(port, { path: `/a/codex/openai/v1/chat/completions?key=${localToken}`, body: { model: 'm', messages: [{ role: 'user', content: 'hi' }] }, token: null });
    assert.equal(elsewhere.status, 401, 'other protocols take their headers only');
    const goog = await call(port, { path: '/gemini/v1beta/models/m:generateContent', body, token: null, headers: { 'x-goog-api-key': localToken } });
    assert.equal(goog.status, 200);
    assert.ok(logs.every((l) => !l.includes('not-the-token')));
  });

  it('streams streamGenerateContent without alt=sse as a JSON array, one element per event', async () => {
    const { port } = await start(chatRoute);
    const r = await call(port, { path: '/a/gemini-cli/gemini/v1beta/models/m:streamGenerateContent', body: { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] } });
    assert.equal(r.status, 200, r.text);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    assert.ok(r.text.startsWith('[{') && r.text.endsWith('}]'), r.text);
    const arr = r.json();
    assert.ok(Array.isArray(arr) && arr.length > 1, "the upstream's stream, event by event");
    assert.equal(r.text.split(',\r\n{').length, arr.length, 'elements separated as Google streams them');
    assert.equal(arr.flatMap((e: any) => e.candidates?.[0]?.content?.parts ?? []).map((p: any) => p.text ?? '').join(''), 'pong from the double');
    assert.ok(arr.at(-1).candidates[0].finishReason, 'the last element closes the turn');
    assert.equal(up.requests.at(-1)!.body.stream, true, 'the upstream was asked to stream');
  });

  it('forwards to a Gemini upstream: the model and method in the URL, the key in x-goog-api-key, settings in generationConfig', async () => {
    const { port, usage } = await start((agent) => (agent === 'gemini-cli' ? geminiRoute : { ...geminiRoute }));
    const before = up.requests.length;
    const a = await call(port, { path: '/a/claude-code/anthropic/v1/messages', body: { model: 'claude-x', max_tokens: 100, messages: [{ role: 'user', content: 'Say hi' }] } });
    assert.equal(a.status, 200, a.text);
    assert.equal(a.json().content[0].text, 'pong from the double');
    assert.equal(a.json().model, 'claude-x');
    const s = await call(port, { path: '/a/claude-code/anthropic/v1/messages', body: { model: 'claude-x', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'Say hi' }] } });
    assert.match(s.text, /event: message_stop/);
    const g = await sdk(port).models.generateContentStream({ model: 'mine', contents: 'Say hi' });
    let text = '';
    for await (const c of g) text += c.text ?? '';
    assert.equal(text, 'pong from the double');
    const sent = since(before);
    assert.deepEqual(
      sent.map((r) => [r.url, r.apiKey, r.body.model, r.body.generationConfig?.temperature]),
      [
        ['/v1beta/models/gemini-2.5-flash:generateContent', upstreamKeys.other, undefined, 0.3],
        ['/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', upstreamKeys.other, undefined, 0.3],
        ['/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', upstreamKeys.other, undefined, 0.3],
      ],
    );
    assert.ok(sent.every((r) => r.headers['x-goog-api-key'] === upstreamKeys.other && r.headers.authorization === undefined));
    assert.deepEqual(
      usage.map((u) => [u.clientProtocol, u.upstreamProtocol, u.status, u.stream, (u.inputTokens ?? 0) > 0]),
      [
        ['anthropic-messages', 'gemini', 200, false, true],
        ['anthropic-messages', 'gemini', 200, true, true],
        ['gemini', 'gemini', 200, true, true],
      ],
    );
  });
});
