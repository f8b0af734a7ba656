/*
 * Cline CLI (npm cline; the real binary is the bundled @cline/cli-linux-x64), tested version
 * below, headless: `cline auth …` once, then `cline "<prompt>"` (act mode, auto-approve on).
 *
 * GROUND TRUTH (what made the real CLI talk to the double; adapters follow this):
 * - State folder: $CLINE_DIR (default ~/.cline); data in $CLINE_DIR/data.
 * - Provider file: $CLINE_DIR/data/settings/providers.json, written by
 *     cline auth --provider openai-compatible --apikey <key> --modelid <model> --baseurl <root>/v1
 *   as (cline auth leaves it 0600)
 *     { "version": 1, "lastUsedProvider": "openai-compatible", "modes": {},
 *       "providers": { "openai-compatible": { "settings": { "provider": "openai-compatible",
 *         "apiKey": "<key>", "model": "<model>", "baseUrl": "<root>/v1" },
 *         "updatedAt": "<ISO date>", "tokenSource": "manual" } } }
 *   A hand-written file of that shape works the same (second test) — but each provider entry
 *   MUST have "updatedAt" (an ISO date): without it the entry is silently ignored and Cline uses
 *   its default "cline" provider (model aion-labs/…, api.cline.bot), which offline fails with
 *   "Cannot connect to API … (FailedToOpenSocket)" after ~60 s. "modes" and "tokenSource" are
 *   optional. The key is plaintext only.
 * - Protocol: OpenAI Chat Completions. Request: `POST /v1/chat/completions` (baseUrl + 
 *   /chat/completions), "stream": true, `Authorization: Bearer <key>`, model = modelid; tools
 *   offered (read_files, run_commands, …) with tool_choice "auto".
 * - In 3.0.x a plain text reply ends the run (exit 0, reply on stdout). The double still calls
 *   `submit_and_exit` whenever Cline offers that tool (older --yolo mode waits for it forever).
 * - Leftover: every run starts a detached `cline --cline-hub-daemon` (own session, ppid 1) that
 *   inherits the run's environment; the harness finds it by its env marker and kills it by PID.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { callToolWhenOffered, startUpstream, type Upstream } from '../upstreams/server';
import { AgentHome, describeRun, installedVersion, uniqueReply } from './harness';

const testedVersion = '3.0.65';

describe('agent e2e: Cline CLI', function () {
  this.timeout(150_000);
  let up: Upstream;
  let home: AgentHome;

  before(() => assert.equal(installedVersion('cline'), testedVersion, 're-verify the ground truth above, then bump testedVersion'));
  afterEach(async () => {
    await up?.close();
    const killed = (await home?.cleanup()) ?? [];
    if (process.env.SWITCHBOARD_E2E_VERBOSE === '1') process.stderr.write(`killed leftovers: ${killed.join('; ') || 'none'}\n`);
  });

  async function start(label: string) {
    const reply = uniqueReply(label);
    up = await startUpstream({ protocols: ['openai-chat'], respond: callToolWhenOffered('submit_and_exit', { result: reply }, reply) });
    home = new AgentHome('cline');
    return reply;
  }

  function assertCalls(model: string, key: string) {
    const calls = up.modelCalls('openai-chat');
    assert.ok(calls.length >= 1, `model calls; saw ${up.requests.map((q) => q.method + ' ' + q.url).join(', ')}`);
    for (const c of calls) {
      assert.equal(c.path, '/v1/chat/completions');
      assert.equal(c.model, model);
      assert.equal(c.stream, true);
      assert.equal(c.headers.authorization, `Bearer ${key}`);
    }
  }

  const clineEnv = () => ({ CLINE_DIR: `${home.home}/cline-dir` });

  it('cline auth --provider openai-compatible … writes providers.json; cline "<prompt>" uses it', async () => {
    const reply = await start('cline-auth');
    const auth = await home.run('cline', ['auth', '--provider', 'openai-compatible', '--apikey', 'sb-test-cline-key', '--modelid', 'sb-cline-model', '--baseurl', `${up.url}/v1`], { env: clineEnv(), timeoutMs: 60_000 });
    assert.equal(auth.code, 0, describeRun(auth));
    const providers = JSON.parse(home.read('cline-dir/data/settings/providers.json'));
    assert.equal(fs.statSync(`${home.home}/cline-dir/data/settings/providers.json`).mode & 0o777, 0o600);
    assert.equal(providers.version, 1);
    assert.equal(providers.lastUsedProvider, 'openai-compatible');
    assert.match(providers.providers['openai-compatible'].updatedAt, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(providers.providers['openai-compatible'].settings, { provider: 'openai-compatible', apiKey: 'sb-test-cline-key', model: 'sb-cline-model', baseUrl: `${up.url}/v1` });
    const r = await home.run('cline', ['Say hello.'], { env: clineEnv(), timeoutMs: 90_000 });
    assert.equal(r.code, 0, describeRun(r));
    assert.ok(r.stdout.includes(reply), describeRun(r));
    assertCalls('sb-cline-model', 'sb-test-cline-key');
  });

  it('a hand-written providers.json (what the adapter will write) works the same', async () => {
    const reply = await start('cline-file');
    home.write(
      'cline-dir/data/settings/providers.json',
      JSON.stringify(
        {
          version: 1,
          lastUsedProvider: 'openai-compatible',
          providers: {
            'openai-compatible': {
              settings: { provider: 'openai-compatible', apiKey: 'sb-test-cline-file', model: 'sb-cline-file-model', baseUrl: `${up.url}/v1` },
              // Required: without updatedAt the entry is silently ignored and Cline falls back to
              // its own "cline" provider (and hangs retrying api.cline.bot offline).
              updatedAt: new Date().toISOString(),
            },
          },
        },
        null,
        2,
      ),
      0o600,
    );
    const r = await home.run('cline', ['Say hello.'], { env: clineEnv(), timeoutMs: 90_000 });
    assert.equal(r.code, 0, describeRun(r));
    assert.ok(r.stdout.includes(reply), describeRun(r));
    assertCalls('sb-cline-file-model', 'sb-test-cline-file');
  });
});
