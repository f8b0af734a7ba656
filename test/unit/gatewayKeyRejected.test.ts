/**
 * A key the upstream refuses, through the gateway against loopback doubles: the request is
 * answered with the upstream's refusal (never replayed), the host hears keyRejected for that
 * provider, and with a key command's cache behind key() the next request carries the rotated
 * key. Refusals that are permissions, not the key, and keys the gateway did not get from key()
 * (a profile's AWS credentials) say nothing.
 */
import * as assert from 'node:assert/strict';
import { KeyCommandCache, type KeyCommandResult } from '../../src/providers/keyCommand';
import { startUpstream, type Upstream, type UpstreamOptions } from '../upstreams/server';
import { anthropicBody, bedrockApiKey, bedrockCredentials, bedrockRoute, call, chatBody, GatewayPool, localToken, openStream, route } from './gatewayFixture';

const oldKey = 'sk-lab-OLD-key-0001';
const newKey = 'sk-lab-NEW-key-0002';

describe('gateway: a key the upstream refuses', function () {
  this.timeout(30_000);
  const pool = new GatewayPool();
  const options: UpstreamOptions = { expectedKey: newKey };
  let up: Upstream;

  before(async () => (up = await startUpstream(options)));
  afterEach(async () => {
    await pool.stopAll();
    options.expectedKey = newKey;
    delete options.fault;
  });
  after(async () => {
    await up.close();
    for (const line of pool.allLogs) for (const secret of [localToken, oldKey, newKey, bedrockApiKey]) assert.ok(!line.includes(secret), `a log line leaks a secret: ${line}`);
  });

  /** The vault: it printed the old key ten minutes ago and prints the new one now; the clock is the test's. */
  function vault() {
    let now = 1_000_000;
    let runs = 0;
    const run = async (): Promise<KeyCommandResult> => {
      runs += 1;
      return { ok: true, key: newKey };
    };
    const cache = new KeyCommandCache(run, 10 * 60_000, () => now);
    cache.prime('lab', 'vault read lab', oldKey);
    now += 60_000;
    return { cache, runs: () => runs };
  }

  it('answers the 401 as it came, once, and the next request runs the command and carries the new key', async () => {
    const v = vault();
    let keyCalls = 0;
    const rejected: string[] = [];
    const { port, usage } = await pool.start({
      resolveRoute: () => route('lab', 'openai-compatible', `${up.url}/v1`, 'qwen3-coder'),
      key: async (id) => {
        keyCalls += 1;
        const got = await v.cache.get(id, 'vault read lab');
        return got.ok ? got.key : undefined;
      },
      keyRejected: (id) => {
        rejected.push(id);
        v.cache.reject(id);
      },
    });
    const before = up.requests.length;
    const refused = await openStream(port, { path: '/openai/v1/chat/completions', body: chatBody('m', true) });
    assert.equal(refused.status, 401, 'a stream refused before it started');
    await refused.ended;
    assert.deepEqual(rejected, ['lab']);
    assert.deepEqual(up.requests.slice(before).map((r) => r.apiKey), [oldKey], 'not replayed');

    const ok = await call(port, { path: '/openai/v1/chat/completions', body: chatBody('m') });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(up.requests.slice(before).map((r) => r.apiKey), [oldKey, newKey]);
    assert.deepEqual([keyCalls, v.runs(), rejected.length], [2, 1, 1]);
    assert.deepEqual(usage.map((u) => u.status), [401, 200]);
  });

  it('says nothing for answers that do not refuse the key: a 403 permission, a 400, a 429, a 500', async () => {
    const rejected: string[] = [];
    const { port } = await pool.start({ resolveRoute: () => route('lab', 'anthropic', `${up.url}/v1`, 'claude-sonnet-4-5'), key: async () => newKey, keyRejected: (id) => rejected.push(id) });
    const answers = [
      { status: 403, body: { type: 'error', error: { type: 'permission_error', message: 'Your API key does not have permission to use the specified resource.' } } },
      { status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: too large' } } },
      { status: 429, body: { type: 'error', error: { type: 'rate_limit_error', message: 'Slow down.' } } },
      { status: 500, body: { type: 'error', error: { type: 'api_error', message: 'Oops.' } } },
    ];
    for (const answer of answers) {
      options.fault = () => answer;
      const r = await call(port, { path: '/anthropic/v1/messages', body: anthropicBody('m') });
      assert.equal(r.status, answer.status, r.text);
    }
    assert.deepEqual(rejected, []);
  });

  it('hears a Gemini-style 400 that names the key, and goes on when the host callback throws', async () => {
    const rejected: string[] = [];
    const { port, logs } = await pool.start({
      resolveRoute: () => route('lab', 'openai-compatible', `${up.url}/v1`, 'm'),
      key: async () => newKey,
      keyRejected: (id) => {
        rejected.push(id);
        throw new Error(`broken host ${newKey}`);
      },
    });
    options.fault = () => ({ status: 400, body: { error: { code: 400, message: 'API key not valid. Please pass a valid API key.', status: 'INVALID_ARGUMENT', details: [{ reason: 'API_KEY_INVALID' }] } } });
    const r = await call(port, { path: '/openai/v1/chat/completions', body: chatBody('m') });
    assert.equal(r.status, 400, r.text);
    assert.deepEqual(rejected, ['lab']);
    assert.ok(logs.some((l) => l.includes('key refusal callback failed')));
  });

  it('on Bedrock: a refused API key is heard, a profile’s credentials (not from key()) are not', async () => {
    const region = 'eu-central-1';
    const model = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
    const aws = await startUpstream({ protocols: [], bedrock: { region, credentials: bedrockCredentials, apiKey: bedrockApiKey } });
    try {
      const rejected: string[] = [];
      const keyed = await pool.start({ resolveRoute: () => bedrockRoute(aws.url, region, { method: 'apiKey' }, model, 'awskey'), key: async () => 'ABSK-rotated-away', keyRejected: (id) => rejected.push(id) });
      const r1 = await call(keyed.port, { path: '/openai/v1/chat/completions', body: chatBody('m') });
      assert.equal(r1.status, 403, r1.text);
      assert.deepEqual(rejected, ['awskey']);
      const profiled = await pool.start({
        resolveRoute: () => bedrockRoute(aws.url, region, { method: 'profile', profile: 'dev' }, model, 'awsprofile'),
        awsCredentials: async () => ({ ...bedrockCredentials, secretAccessKey: 'not-the-secret' }),
        keyRejected: (id) => rejected.push(id),
      });
      const r2 = await call(profiled.port, { path: '/openai/v1/chat/completions', body: chatBody('m') });
      assert.equal(r2.status, 403, r2.text);
      assert.deepEqual(rejected, ['awskey'], 'no key from key() to forget');
    } finally {
      await aws.close();
    }
  });
});
