/** The shared double server: recording, probes, waitFor and a bounded close. */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as zlib from 'node:zlib';
import { startUpstream, type StreamCut, type Upstream } from './server';
import { valueForSchema } from './wire';

describe('upstream double: server', () => {
  let up: Upstream;
  afterEach(async () => up?.close());

  it('binds 127.0.0.1 on an OS-assigned port and serves all protocols on one port by default', async () => {
    up = await startUpstream({ reply: 'r' });
    assert.match(up.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(up.port > 0);
    const post = (path: string, body: unknown) => fetch(up.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal((await post('/v1/messages', { model: 'a', max_tokens: 1, messages: [] })).status, 200);
    assert.equal((await post('/v1/chat/completions', { model: 'b', messages: [] })).status, 200);
    assert.equal((await post('/v1/responses', { model: 'c', input: 'x' })).status, 200);
    assert.equal((await post('/v1beta/models/d:generateContent', { contents: [] })).status, 200);
    assert.deepEqual(
      up.modelCalls().map((r) => [r.protocol, r.model]),
      [
        ['anthropic', 'a'],
        ['openai-chat', 'b'],
        ['openai-responses', 'c'],
        ['gemini', 'd'],
      ],
    );
  });

  it('records unknown routes as 404 and tolerates GET/HEAD probes', async () => {
    up = await startUpstream();
    assert.equal((await fetch(`${up.url}/nope?x=1`, { method: 'POST', body: 'not json' })).status, 404);
    assert.equal((await fetch(`${up.url}/api/hello`)).status, 200);
    assert.equal((await fetch(`${up.url}/anything`, { method: 'HEAD' })).status, 200);
    const [nope] = up.requests;
    assert.equal(nope.path, '/nope');
    assert.deepEqual(nope.query, { x: '1' });
    assert.equal(nope.rawBody, 'not json');
    assert.equal(nope.body, undefined);
    assert.equal(nope.status, 404);
    assert.equal(up.modelCalls().length, 0);
  });

  it('decodes compressed request bodies', async () => {
    up = await startUpstream({ protocols: ['openai-responses'] });
    const body = zlib.gzipSync(JSON.stringify({ model: 'gz', input: 'x', stream: false }));
    const res = await fetch(`${up.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body });
    assert.equal(res.status, 200);
    assert.equal(up.modelCalls()[0].model, 'gz');
  });

  it('records a streamed body, and cuts it short by hanging up or by ending the answer early', async () => {
    let cut: StreamCut | undefined;
    up = await startUpstream({ respond: () => ({ text: 'one two three four five', cut }) });
    const post = () => fetch(`${up.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', stream: true, messages: [] }) });
    const whole = await (await post()).text();
    assert.equal(up.requests[0].sent, whole);
    assert.ok(whole.endsWith('data: [DONE]\n\n'));
    cut = { atByte: 37, how: 'end' };
    const short = await (await post()).text();
    assert.equal(short, up.requests[1].sent);
    assert.equal(short.length, 37);
    cut = { atByte: whole.length - 3, how: 'hang-up' };
    const dropped = await post();
    assert.equal(dropped.status, 200);
    await assert.rejects(dropped.text(), TypeError, 'the body never ends: the connection dropped');
    assert.equal(up.requests[2].sent?.length, whole.length - 3);
  });

  it('waitFor resolves on arrival and rejects after its timeout', async () => {
    up = await startUpstream();
    const waiting = up.waitFor((r) => r.path === '/later', 2000);
    await fetch(`${up.url}/later`);
    assert.equal((await waiting).path, '/later');
    await assert.rejects(up.waitFor((r) => r.path === '/never', 50), /no matching request within 50 ms/);
  });

  it('setReply changes later replies, including errors in the protocol shape', async () => {
    up = await startUpstream({ protocols: ['openai-chat'] });
    up.setReply({ error: { status: 429, message: 'slow down' } });
    const res = await fetch(`${up.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [] }) });
    assert.equal(res.status, 429);
    assert.equal(((await res.json()) as { error: { message: string } }).error.message, 'slow down');
  });

  it('close() is bounded even with a keep-alive socket and a stalled stream open', async () => {
    up = await startUpstream({ respond: () => ({ text: 'late', delayMs: 60_000 }) });
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve) => http.get(`${up.url}/api/hello`, { agent }, (res) => res.resume().on('end', resolve)));
    const stalled = new Promise<void>((resolve) => {
      const req = http.request(`${up.url}/v1/chat/completions`, { method: 'POST' }, () => resolve());
      req.on('error', () => resolve());
      req.end(JSON.stringify({ model: 'm', messages: [], stream: true }));
    });
    await up.waitFor((r) => r.path === '/v1/chat/completions');
    const t0 = Date.now();
    await up.close();
    await stalled;
    assert.ok(Date.now() - t0 < 2500, `closed in ${Date.now() - t0} ms`);
    agent.destroy();
  });

  it('valueForSchema fills objects, enums, arrays and nullable unions', () => {
    assert.deepEqual(
      valueForSchema(
        { type: 'object', properties: { a: { type: 'string' }, b: { enum: [3, 4] }, c: { type: 'array', items: { type: 'number' }, minItems: 1 }, d: { anyOf: [{ type: 'null' }, { type: 'boolean' }] }, e: { type: ['null', 'integer'], minimum: 2 } } },
        't',
      ),
      { a: 't', b: 3, c: [1], d: false, e: 2 },
    );
  });
});
