/**
 * The gateway server against real loopback upstream doubles: routing per agent, keys and
 * headers on the way out, live switching, incremental streaming, upstream failures and
 * timeouts, client hang-ups, malformed bodies, 256 concurrent streams and stop().
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import * as zlib from 'node:zlib';
import type { GatewayRoute } from '../../src/gateway/route';
import { startUpstream, type Upstream } from '../upstreams/server';
import { anthropicBody, call, chatBody, GatewayPool, holdHeaders, localToken, openStream, route, startCall, startFloodUpstream, startHeldUpstream, upstreamKeys, waitUntil, type HeldUpstream } from './gatewayFixture';

describe('gateway server', function () {
  this.timeout(30_000);
  const pool = new GatewayPool();
  let up: Upstream;
  let held: HeldUpstream | undefined;
  let chatRoute: GatewayRoute;
  let claudeRoute: GatewayRoute;

  before(async () => {
    up = await startUpstream({ reply: 'pong from the double' });
    chatRoute = route('lab', 'openai-compatible', `${up.url}/v1`, 'qwen3-coder', { headers: { 'X-Team': 'blue' } });
    claudeRoute = route('claude', 'anthropic', `${up.url}/v1`, 'claude-sonnet-4-5', { headers: { 'x-trace': 'on' } });
  });
  afterEach(async () => {
    await pool.stopAll();
    await held?.close();
    held = undefined;
  });
  after(async () => {
    await up.close();
    for (const line of pool.allLogs) {
      for (const secret of [localToken, ...Object.values(upstreamKeys), 'Say hi', 'secret prompt']) assert.ok(!line.includes(secret), `a log line leaks ${secret}: ${line}`);
    }
  });

  it('routes each agent to its model, and requests without an agent to the active model', async () => {
    const seen: (string | undefined)[] = [];
    const { port, usage } = await pool.start({
      resolveRoute: (agentId) => {
        seen.push(agentId);
        return agentId === 'claude-code' ? claudeRoute : chatRoute;
      },
    });
    const before = up.requests.length;
    const a = await call(port, { path: '/a/claude-code/anthropic/v1/messages?beta=true', body: anthropicBody('claude-whatever') });
    assert.equal(a.status, 200, a.text);
    assert.equal(a.json().type, 'message');
    assert.equal(a.json().model, 'claude-whatever', 'the client model is echoed back');
    assert.equal(a.json().content[0].text, 'pong from the double');
    const b = await call(port, { path: '/openai/v1/chat/completions', body: chatBody('anything') });
    assert.equal(b.status, 200, b.text);
    assert.equal(b.json().choices[0].message.content, 'pong from the double');
    const c = await call(port, { path: '/a/opencode/openai/v1/chat/completions', body: chatBody('gpt-x') });
    assert.equal(c.status, 200, c.text);
    const calls = up.requests.slice(before);
    assert.deepEqual(
      calls.map((r) => [r.path, r.model]),
      [
        ['/v1/messages', 'claude-sonnet-4-5'],
        ['/v1/chat/completions', 'qwen3-coder'],
        ['/v1/chat/completions', 'qwen3-coder'],
      ],
    );
    assert.deepEqual(seen, ['claude-code', undefined, 'opencode']);
    assert.deepEqual(
      usage.map((u) => [u.agentId, u.ref, u.clientProtocol, u.upstreamProtocol, u.status]),
      [
        ['claude-code', 'claude/claude-sonnet-4-5', 'anthropic-messages', 'anthropic-messages', 200],
        [undefined, 'lab/qwen3-coder', 'openai-chat', 'openai-chat', 200],
        ['opencode', 'lab/qwen3-coder', 'openai-chat', 'openai-chat', 200],
      ],
    );
    assert.ok(usage.every((u) => u.latencyMs > 0 && (u.inputTokens ?? 0) > 0 && (u.outputTokens ?? 0) > 0));
  });

  it('adds the key and custom headers upstream, in the right style, and never the local token', async () => {
    const azure = route('azure', 'azure-openai', `${up.url}/openai`, 'gpt4o-deploy', { apiVersion: '2024-10-21', headers: { 'x-ms-extra': '1' } });
    const routes: Record<string, GatewayRoute> = { 'claude-code': claudeRoute, codex: azure };
    const { port } = await pool.start({ resolveRoute: (agentId) => routes[agentId ?? ''] ?? chatRoute });
    const before = up.requests.length;
    await call(port, { path: '/openai/v1/chat/completions', body: chatBody('m'), token: null, headers: { authorization: `Bearer ${localToken}` } });
    await call(port, { path: '/a/claude-code/anthropic/v1/messages', body: anthropicBody('m'), headers: { 'anthropic-beta': 'context-1m-2025-08-07' } });
    const az = await call(port, { path: '/a/codex/openai/v1/chat/completions', body: chatBody('m'), token: null, headers: { 'x-goog-api-key': localToken } });
    const [lab, claude, azureCall] = up.requests.slice(before);
    assert.equal(lab.headers.authorization, `Bearer ${upstreamKeys.lab}`);
    assert.equal(lab.headers['x-team'], 'blue');
    assert.equal(lab.headers['x-api-key'], undefined);
    assert.equal(claude.headers['x-api-key'], upstreamKeys.claude);
    assert.equal(claude.headers['anthropic-version'], '2023-06-01');
    assert.equal(claude.headers['anthropic-beta'], 'context-1m-2025-08-07');
    assert.equal(claude.headers['x-trace'], 'on');
    assert.equal(claude.headers.authorization, undefined);
    assert.equal(azureCall.path, '/openai/deployments/gpt4o-deploy/chat/completions');
    assert.equal(azureCall.query['api-version'], '2024-10-21');
    assert.equal(azureCall.headers['api-key'], upstreamKeys.azure);
    assert.equal(azureCall.headers['x-ms-extra'], '1');
    // The double has no Azure chat route: its 404 comes back with its status, in OpenAI shape.
    assert.equal(az.status, 404);
    assert.equal(typeof az.json().error.message, 'string');
    for (const r of [lab, claude, azureCall]) {
      assert.ok(!JSON.stringify(r.headers).includes(localToken), `the local token reached the upstream: ${JSON.stringify(r.headers)}`);
      assert.equal(r.headers['x-goog-api-key'], undefined);
    }
  });

  it('sends no key header for a provider without a key', async () => {
    const local = route('ollama', 'ollama', `${up.url}/v1`, 'llama3');
    const { port } = await pool.start({ resolveRoute: () => local, key: async () => undefined });
    const before = up.requests.length;
    assert.equal((await call(port, { path: '/openai/v1/chat/completions', body: chatBody('m') })).status, 200);
    assert.equal(up.requests[before].headers.authorization, undefined);
  });

  it('lists the routable models as refs, and routes to a ref named as the model', async () => {
    const other = route('other', 'openai-compatible', `${up.url}/v1`, 'deepseek-chat');
    const { port, usage } = await pool.start({
      resolveRoute: () => chatRoute,
      routeForRef: (ref) => (ref === other.ref ? other : undefined),
      models: () => [{ ref: chatRoute.ref, name: 'Qwen3 Coder' }, { ref: other.ref }],
    });
    const openai = await call(port, { path: '/openai/v1/models' });
    assert.deepEqual(
      openai.json().data.map((m: any) => m.id),
      ['lab/qwen3-coder', 'other/deepseek-chat'],
    );
    assert.equal(openai.json().object, 'list');
    const anthropic = await call(port, { path: '/a/claude-code/anthropic/v1/models' });
    assert.deepEqual(
      anthropic.json().data.map((m: any) => [m.type, m.id, m.display_name]),
      [
        ['model', 'lab/qwen3-coder', 'Qwen3 Coder'],
        ['model', 'other/deepseek-chat', 'other/deepseek-chat'],
      ],
    );
    const before = up.requests.length;
    const named = await call(port, { path: '/openai/v1/chat/completions', body: chatBody('other/deepseek-chat') });
    assert.equal(named.status, 200);
    assert.equal(named.json().model, 'other/deepseek-chat');
    // An OpenRouter-style id that is not a known ref goes to the agent's route, unchanged.
    await call(port, { path: '/openai/v1/chat/completions', body: chatBody('anthropic/claude-sonnet-4') });
    assert.deepEqual(
      up.requests.slice(before).map((r) => [r.model, r.headers.authorization]),
      [
        ['deepseek-chat', `Bearer ${upstreamKeys.other}`],
        ['qwen3-coder', `Bearer ${upstreamKeys.lab}`],
      ],
    );
    assert.deepEqual(
      usage.slice(-2).map((u) => u.ref),
      ['other/deepseek-chat', 'lab/qwen3-coder'],
    );
  });

  it('explains what it cannot route: no model picked, a Bedrock route without its region and sign-in', async () => {
    const bedrock = route('b', 'bedrock', 'https://bedrock-runtime.us-east-1.amazonaws.com', 'meta.llama3-70b-instruct-v1:0');
    const routes: Record<string, GatewayRoute | undefined> = { roo: bedrock };
    const { port } = await pool.start({ resolveRoute: (agentId) => routes[agentId ?? ''] });
    const none = await call(port, { path: '/a/cline/anthropic/v1/messages', body: anthropicBody('m') });
    assert.equal(none.status, 400);
    assert.equal(none.json().type, 'error');
    assert.match(none.json().error.message, /No model is selected for the agent cline/);
    const b = await call(port, { path: '/a/roo/anthropic/v1/messages', body: anthropicBody('m') });
    assert.equal(b.status, 500);
    assert.match(b.json().error.message, /a Bedrock route without its region and sign-in \(b\/meta\.llama3-70b-instruct-v1:0\)/);
  });

  it('streams incrementally: the first delta reaches the client while the upstream holds the stream open', async () => {
    held = await startHeldUpstream();
    const heldRoute = route('held', 'openai-compatible', `${held.url}/v1`, 'held-model');
    const { port, usage } = await pool.start({ resolveRoute: () => heldRoute });
    const s = await openStream(port, { path: '/a/claude-code/anthropic/v1/messages', body: anthropicBody('claude-x', true) });
    assert.equal(s.status, 200);
    assert.match(String(s.headers['content-type']), /^text\/event-stream/);
    const early = await s.waitFor('"text":"first "');
    assert.ok(early.startsWith('event: message_start'), early);
    assert.ok(!early.includes('second') && !early.includes('message_stop'), 'nothing after the first delta yet');
    held.release();
    const all = await s.ended;
    assert.match(all, /"text":"second"/);
    assert.ok(all.trimEnd().endsWith('data: {"type":"message_stop"}'), all.slice(-200));
    await waitUntil(() => usage.length === 1, 3000);
    assert.equal(usage[0].stream, true);
    assert.equal(usage[0].status, 200);
    assert.deepEqual([usage[0].inputTokens, usage[0].outputTokens], [3, 2]);
    assert.ok(usage[0].firstTokenMs! > 0 && usage[0].firstTokenMs! < usage[0].latencyMs);
  });

  it('switches live: a stream in flight finishes on the old model, the next request goes to the new one', async () => {
    held = await startHeldUpstream();
    const oldRoute = route('held', 'openai-compatible', `${held.url}/v1`, 'old-model');
    const newRoute = route('held', 'openai-compatible', `${held.url}/v1`, 'new-model');
    let current = oldRoute;
    const { port, usage } = await pool.start({ resolveRoute: () => current });
    const first = await openStream(port, { path: '/openai/v1/chat/completions', body: chatBody('client-model', true) });
    await first.waitFor('first ');
    current = newRoute; // a status-bar pick while the stream runs
    const second = await call(port, { path: '/openai/v1/chat/completions', body: chatBody('client-model') });
    assert.equal(second.status, 200);
    assert.equal(first.text().includes('[DONE]'), false, 'the first stream is still open');
    held.release();
    const firstAll = await first.ended;
    assert.match(firstAll, /"content":"second"/);
    assert.match(firstAll, /data: \[DONE\]/);
    assert.deepEqual(
      held.requests.map((r) => [r.body.model, r.body.stream === true]),
      [
        ['old-model', true],
        ['new-model', false],
      ],
    );
    await waitUntil(() => usage.length === 2, 3000);
    assert.deepEqual(
      usage.map((u) => [u.ref, u.stream]).sort(),
      [
        ['held/new-model', false],
        ['held/old-model', true],
      ],
    );
  });

  it('passes upstream 500 and 429 on with their status and message, in the client protocol', async () => {
    up.setReply((r) => (r.body?.messages?.[0]?.content === 'rate me' ? { error: { status: 429, message: 'Rate limit reached for requests' } } : { error: { status: 500, message: 'The server had an error' } }));
    try {
      const { port, usage } = await pool.start({ resolveRoute: (agentId) => (agentId ? claudeRoute : chatRoute) });
      const a = await call(port, { path: '/openai/v1/chat/completions', body: chatBody('m') });
      assert.equal(a.status, 500);
      assert.deepEqual(a.json().error.message, 'The server had an error');
      const b = await call(port, { path: '/a/claude-code/anthropic/v1/messages', body: anthropicBody('m', false, 'rate me') });
      assert.equal(b.status, 429);
      assert.deepEqual(b.json(), { type: 'error', error: { type: 'rate_limit_error', message: 'Rate limit reached for requests' } });
      assert.deepEqual(
        usage.map((u) => u.status),
        [500, 429],
      );
    } finally {
      up.setReply('pong from the double');
    }
  });

  it('answers 504 in the client shape within the timeout when the upstream is silent', async () => {
    const slow = await startUpstream({ respond: () => ({ text: 'late', delayMs: 5000 }) });
    try {
      const r = route('lab', 'openai-compatible', `${slow.url}/v1`, 'm', { network: { allowInvalidCertificate: false, timeoutMs: 400 } });
      const { port, usage } = await pool.start({ resolveRoute: () => r });
      for (const [path, body, shape] of [
        ['/anthropic/v1/messages', anthropicBody('m'), 'anthropic'],
        ['/openai/v1/chat/completions', chatBody('m'), 'openai'],
      ] as const) {
        const started = Date.now();
        const a = await call(port, { path, body });
        const elapsed = Date.now() - started;
        assert.equal(a.status, 504, a.text);
        assert.ok(elapsed >= 380 && elapsed < 1200, `answered after ${elapsed} ms`);
        const message = shape === 'anthropic' ? a.json().error.message : a.json().error.message;
        if (shape === 'anthropic') assert.equal(a.json().type, 'error');
        assert.match(message, /did not answer within 0\.4 s/);
      }
      assert.deepEqual(
        usage.map((u) => u.status),
        [504, 504],
      );
    } finally {
      await slow.close();
    }
  });

  it('ends a stream whose upstream goes silent with an error event', async () => {
    held = await startHeldUpstream();
    const r = route('held', 'openai-compatible', `${held.url}/v1`, 'held-model', { network: { allowInvalidCertificate: false, timeoutMs: 500 } });
    const { port, usage } = await pool.start({ resolveRoute: () => r });
    const s = await openStream(port, { path: '/anthropic/v1/messages', body: anthropicBody('m', true) });
    await s.waitFor('first ');
    const all = await s.ended;
    assert.match(all, /event: error\ndata: \{"type":"error","error":\{"type":"api_error","message":"The upstream .* did not answer within 0\.5 s/);
    await waitUntil(() => usage.length === 1, 3000);
    assert.equal(usage[0].status, 504);
  });

  it('aborts the upstream request when the client hangs up, streaming or waiting', async () => {
    held = await startHeldUpstream();
    const r = route('held', 'openai-compatible', `${held.url}/v1`, 'held-model');
    const { port, gw, usage } = await pool.start({ resolveRoute: () => r });
    const s = await openStream(port, { path: '/openai/v1/chat/completions', body: chatBody('m', true) });
    await s.waitFor('first ');
    s.abort();
    await held.waitAborted(1);
    await waitUntil(() => gw.inFlight === 0, 3000);
    assert.equal(usage[0].status, 499);

    // Hanging up before the answer's headers: the upstream request is cut too.
    const waiting = startCall(port, { path: '/openai/v1/chat/completions', body: chatBody('m', false, holdHeaders) });
    await held.waitRequests(2);
    waiting.req.destroy();
    await held.waitAborted(2);
    await waitUntil(() => gw.inFlight === 0, 3000);
    assert.deepEqual(
      usage.map((u) => u.status),
      [499, 499],
    );
  });

  it('answers malformed requests with a clear 4xx and keeps serving', async () => {
    const { port, gw } = await pool.start({ resolveRoute: () => chatRoute, maxBodyBytes: 64 * 1024 });
    const path = '/openai/v1/chat/completions';
    const badJson = await call(port, { path, body: '{"model": "m", "messages": [' });
    assert.equal(badJson.status, 400);
    assert.match(badJson.json().error.message, /not valid JSON/);
    const array = await call(port, { path, body: '[1,2]' });
    assert.equal(array.status, 400);
    assert.match(array.json().error.message, /must be a JSON object/);
    const empty = await call(port, { path, body: '' , headers: { 'content-type': 'application/json' } });
    assert.equal(empty.status, 400);
    const form = await call(port, { path, body: 'model=m', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(form.status, 415);
    assert.match(form.json().error.message, /Content-Type: application\/json/);
    const big = await call(port, { path: '/anthropic/v1/messages', body: { ...anthropicBody('m'), pad: 'x'.repeat(100 * 1024) } });
    assert.equal(big.status, 413);
    assert.equal(big.json().error.type, 'request_too_large');
    assert.match(big.json().error.message, /larger than the gateway's limit/);
    // Chunked, so no Content-Length says it up front.
    const chunked = await call(port, { path, body: Buffer.alloc(200 * 1024, 0x20), headers: { 'transfer-encoding': 'chunked' } });
    assert.equal(chunked.status, 413);
    const gz = await call(port, { path, body: zlib.gzipSync(JSON.stringify(chatBody('m'))), headers: { 'content-encoding': 'gzip' } });
    assert.equal(gz.status, 200, gz.text);
    const bomb = await call(port, { path, body: zlib.gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x20)), headers: { 'content-encoding': 'gzip' } });
    assert.equal(bomb.status, 413);
    const notGzip = await call(port, { path, body: 'plain', headers: { 'content-encoding': 'gzip' } });
    assert.equal(notGzip.status, 400);
    const unknownEncoding = await call(port, { path, body: 'x', headers: { 'content-encoding': 'compress' } });
    assert.equal(unknownEncoding.status, 415);
    const garbage = await rawExchange(port, 'GARBAGE / HTTP/1.1\r\n\r\n');
    assert.match(garbage, /^HTTP\/1\.1 400/);
    const ok = await call(port, { path, body: chatBody('m') });
    assert.equal(ok.status, 200);
    assert.equal(gw.inFlight, 0);
  });

  it('answers an unknown path with 404 and a wrong method with 405, in the protocol the path suggests', async () => {
    const { port } = await pool.start({ resolveRoute: () => chatRoute });
    const a = await call(port, { path: '/anthropic/v1/complete', body: anthropicBody('m') });
    assert.equal(a.status, 404);
    assert.equal(a.json().type, 'error');
    assert.equal(a.json().error.type, 'not_found_error');
    assert.match(a.json().error.message, /no endpoint POST \/anthropic\/v1\/complete.*\/anthropic\/v1\/messages/);
    const o = await call(port, { path: '/a/codex/openai/v1/embeddings', body: {} });
    assert.equal(o.status, 404);
    assert.equal(typeof o.json().error.message, 'string');
    const badAgent = await call(port, { path: '/a/Not_An_Id/openai/v1/chat/completions', body: chatBody('m') });
    assert.equal(badAgent.status, 404);
    const get = await call(port, { path: '/openai/v1/chat/completions' });
    assert.equal(get.status, 405);
    const post = await call(port, { path: '/openai/v1/models', body: {} });
    assert.equal(post.status, 405);
  });

  it('records prompts only with recordPrompts', async () => {
    const plain = await pool.start({ resolveRoute: () => chatRoute });
    await call(plain.port, { path: '/openai/v1/chat/completions', body: chatBody('m', false, 'secret prompt') });
    assert.equal(plain.usage[0].prompt, undefined);
    assert.ok(!JSON.stringify(plain.usage).includes('secret prompt'));
    const recording = await pool.start({ resolveRoute: () => claudeRoute, recordPrompts: true });
    await call(recording.port, { path: '/anthropic/v1/messages', body: { ...anthropicBody('m'), messages: [{ role: 'user', content: [{ type: 'text', text: 'secret prompt' }] }] } });
    assert.equal(recording.usage[0].prompt, 'secret prompt');
  });

  it('keeps 256 concurrent streams in bounded memory, and finishes them all', async function () {
    held = await startHeldUpstream();
    const r = route('held', 'openai-compatible', `${held.url}/v1`, 'held-model');
    const { port, gw, usage } = await pool.start({ resolveRoute: () => r });
    const n = 256;
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const streams = await Promise.all(Array.from({ length: n }, (_, i) => openStream(port, { path: '/anthropic/v1/messages', body: anthropicBody('m', true, `stream ${i}`) })));
    await Promise.all(streams.map((s) => s.waitFor('first ', 15_000)));
    assert.equal(gw.inFlight, n);
    const grown = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
    // Test process, gateway, doubles and 512 sockets together: loosely bounded.
    assert.ok(grown < 150, `RSS grew ${grown.toFixed(0)} MB with ${n} open streams`);
    held.release();
    const all = await Promise.all(streams.map((s) => s.ended));
    assert.equal(all.filter((t) => t.includes('"text":"second"') && t.includes('message_stop')).length, n);
    await waitUntil(() => usage.length === n && gw.inFlight === 0, 10_000);
    assert.ok(usage.every((u) => u.status === 200));
  });

  it('honours backpressure: a client that stops reading pauses the upstream, and nothing is lost', async () => {
    const total = 48 * 1024 * 1024;
    const flood = await startFloodUpstream(total);
    try {
      const r = route('lab', 'openai-compatible', `${flood.url}/v1`, 'flood');
      const { port, usage } = await pool.start({ resolveRoute: () => r });
      let received = 0;
      const reply = await new Promise<http.IncomingMessage>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/openai/v1/chat/completions', agent: false, headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', 'x-api-key': localToken } }, resolve);
        req.on('error', reject);
        req.end(JSON.stringify(chatBody('m', true)));
      });
      reply.pause();
      // Let every buffer on the way fill up, then look at how far the upstream got.
      let last = -1;
      for (let i = 0; i < 100 && flood.written() !== last; i++) {
        last = flood.written();
        await new Promise((r) => setTimeout(r, 100));
      }
      const whilePaused = flood.written();
      assert.ok(whilePaused < total / 2, `the upstream wrote ${(whilePaused / 1e6).toFixed(1)} MB of ${(total / 1e6).toFixed(0)} MB while the client read nothing`);
      assert.equal(flood.done(), false);
      reply.on('data', (c: Buffer) => (received += c.length));
      reply.resume(); // a paused stream stays paused when a listener is added
      await new Promise((resolve) => reply.on('end', resolve));
      assert.equal(flood.done(), true);
      assert.ok(received >= total, `received ${received} of ${total} bytes`);
      await waitUntil(() => usage.length === 1, 3000);
      assert.equal(usage[0].status, 200);
    } finally {
      await flood.close();
    }
  });

  it('ends a stream it cannot read with an error event, and a non-JSON answer with 502', async () => {
    const bad = await startUpstream({ fault: (r) => (r.body?.stream ? { status: 200, contentType: 'text/event-stream', body: 'data: {not json\n\n' } : { status: 200, contentType: 'text/html', body: '<html>proxy login</html>' }) });
    try {
      const r = route('lab', 'openai-compatible', `${bad.url}/v1`, 'm');
      const { port, usage } = await pool.start({ resolveRoute: () => r });
      const s = await openStream(port, { path: '/anthropic/v1/messages', body: anthropicBody('m', true) });
      // The translator skips an event it cannot parse; the stream then ends before the reply did.
      assert.match(await s.ended, /event: error\ndata: .*ended before the reply was complete/);
      const plain = await call(port, { path: '/anthropic/v1/messages', body: anthropicBody('m') });
      assert.equal(plain.status, 502);
      assert.match(plain.json().error.message, /not JSON \(text\/html\)/);
      await waitUntil(() => usage.length === 2, 3000);
      assert.deepEqual(
        usage.map((u) => u.status),
        [502, 502],
      );
    } finally {
      await bad.close();
    }
  });

  it('stop() ends open streams with an error event, cuts the upstream calls and stops listening', async () => {
    held = await startHeldUpstream();
    const r = route('held', 'openai-compatible', `${held.url}/v1`, 'held-model');
    const { port, gw, usage } = await pool.start({ resolveRoute: () => r });
    const streams = await Promise.all([0, 1, 2].map(() => openStream(port, { path: '/anthropic/v1/messages', body: anthropicBody('m', true) })));
    await Promise.all(streams.map((s) => s.waitFor('first ')));
    const started = Date.now();
    await gw.stop();
    assert.ok(Date.now() - started < 2500, `stop took ${Date.now() - started} ms`);
    const texts = await Promise.all(streams.map((s) => s.ended));
    for (const t of texts) assert.match(t, /event: error\ndata: .*The Switchboard gateway is stopping/);
    await held.waitAborted(3);
    assert.deepEqual(
      usage.map((u) => u.status),
      [503, 503, 503],
    );
    assert.equal(gw.port, undefined);
    assert.equal(gw.url, undefined);
    await assert.rejects(call(port, { path: '/openai/v1/models' }), /ECONNREFUSED/);
    await gw.stop(); // twice is fine
  });

  it('stop() with a grace period lets a stream finish first', async () => {
    held = await startHeldUpstream();
    const r = route('held', 'openai-compatible', `${held.url}/v1`, 'held-model');
    const { port, gw } = await pool.start({ resolveRoute: () => r });
    const s = await openStream(port, { path: '/anthropic/v1/messages', body: anthropicBody('m', true) });
    await s.waitFor('first ');
    const stopping = gw.stop({ graceMs: 3000 });
    setTimeout(() => held!.release(), 100);
    await stopping;
    const text = await s.ended;
    assert.match(text, /message_stop/);
    assert.doesNotMatch(text, /event: error/);
  });

  it('keeps its port across restarts when free, and falls back to a free one when taken', async () => {
    const first = await pool.start({ resolveRoute: () => chatRoute });
    const wanted = first.port;
    await first.gw.stop();
    const again = await pool.start({ resolveRoute: () => chatRoute, port: wanted });
    assert.equal(again.port, wanted);
    assert.deepEqual(await again.gw.start(), { port: wanted, fellBack: false }, 'start() twice gives the same answer');
    const blocked = await pool.start({ resolveRoute: () => chatRoute, port: wanted });
    const started = await blocked.gw.start();
    assert.equal(started.fellBack, true);
    assert.notEqual(started.port, wanted);
    assert.ok(blocked.logs.some((l) => l.includes(`port ${wanted} is taken; listening on ${started.port} instead`)));
    assert.equal((await call(started.port, { path: '/openai/v1/models' })).status, 200);
    // The same gateway starts again after a stop, on its port.
    await again.gw.stop();
    assert.deepEqual(await again.gw.start(), { port: wanted, fellBack: false });
    assert.equal((await call(wanted, { path: '/openai/v1/chat/completions', body: chatBody('m') })).status, 200);
  });

  it('closes the connection when it refuses a request whose body it did not read', async () => {
    const { port } = await pool.start({ resolveRoute: () => chatRoute });
    const refused = await call(port, { path: '/openai/v1/chat/completions', body: Buffer.alloc(256 * 1024, 0x20), token: 'wrong', headers: { connection: 'keep-alive' } });
    assert.equal(refused.status, 401);
    assert.equal(refused.headers.connection, 'close');
    const answered = await call(port, { path: '/openai/v1/chat/completions', body: chatBody('m'), headers: { connection: 'keep-alive' } });
    assert.equal(answered.headers.connection, 'keep-alive');
  });
});

/** Writes raw bytes on a fresh connection and returns what comes back before it closes. */
function rawExchange(port: number, data: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(data));
    let got = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (got += c));
    socket.on('close', () => resolve(got));
    socket.on('error', reject);
    socket.setTimeout(5000, () => socket.destroy());
  });
}
