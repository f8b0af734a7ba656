/*
 * Gemini CLI (npm @google/gemini-cli), tested version below, headless `gemini -p "<prompt>"`.
 *
 * GROUND TRUTH (what made the real CLI talk to the double; adapters follow this):
 * - Home: $GEMINI_CLI_HOME replaces the HOME that holds `.gemini/` — config is
 *   $GEMINI_CLI_HOME/.gemini/settings.json (NOT $GEMINI_CLI_HOME/settings.json). Default ~.
 * - settings.json keys:
 *     security.auth.selectedType = "gemini-api-key"   required, or it stops with
 *                                                     "Invalid auth method selected" before any request
 *     model.name = "<model id>"                        optional; without it the CLI first makes a
 *                                                     JSON-mode router call (below)
 * - Env vars (process env, or lines in $GEMINI_CLI_HOME/.gemini/.env — both work):
 *     GEMINI_API_KEY=<key>            → sent as `x-goog-api-key: <key>`
 *     GOOGLE_GEMINI_BASE_URL=<root>   root URL without /v1beta (the SDK appends /v1beta/models/…);
 *                                     http is accepted for 127.0.0.1
 *     GEMINI_CLI_TRUST_WORKSPACE=true needed headless in an untrusted folder, else exit 55
 * - Protocol: Gemini API. Request: `POST /v1beta/models/<model>:streamGenerateContent?alt=sse`.
 *   Without model.name: first `POST /v1beta/models/gemini-3.5-flash-lite:generateContent` with
 *   generationConfig.responseMimeType "application/json" + responseJsonSchema
 *   {complexity_reasoning, complexity_score (1-100)}, then the task goes to the model the router
 *   picked (a built-in gemini-* id) — so an adapter must set model.name to pin the model.
 * - Output: the reply text on stdout, exit 0 (stderr: 256-color and ripgrep warnings).
 */
import * as assert from 'node:assert/strict';
import { startUpstream, type Upstream } from '../upstreams/server';
import { AgentHome, describeRun, installedVersion, uniqueReply } from './harness';

const testedVersion = '0.61.0';

describe('agent e2e: Gemini CLI', function () {
  this.timeout(150_000);
  let up: Upstream;
  let home: AgentHome;

  before(() => assert.equal(installedVersion('@google/gemini-cli'), testedVersion, 're-verify the ground truth above, then bump testedVersion'));
  afterEach(async () => {
    await up?.close();
    await home?.cleanup();
  });

  it('settings.json (auth type + model.name) with GEMINI_API_KEY and GOOGLE_GEMINI_BASE_URL in the env', async () => {
    const reply = uniqueReply('gemini-env');
    up = await startUpstream({ protocols: ['gemini'], reply });
    home = new AgentHome('gemini');
    home.write('gemini-home/.gemini/settings.json', JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key' } }, model: { name: 'sb-gemini-model' } }, null, 2));
    const r = await home.run('gemini', ['-p', 'Say hello.'], {
      env: { GEMINI_CLI_HOME: `${home.home}/gemini-home`, GEMINI_API_KEY: 'sb-test-gemini-key', GOOGLE_GEMINI_BASE_URL: up.url, GEMINI_CLI_TRUST_WORKSPACE: 'true' },
    });
    assert.equal(r.code, 0, describeRun(r));
    assert.ok(r.stdout.includes(reply), describeRun(r));
    const calls = up.modelCalls('gemini');
    assert.ok(calls.length >= 1);
    for (const c of calls) {
      assert.equal(c.model, 'sb-gemini-model');
      assert.equal(c.headers['x-goog-api-key'], 'sb-test-gemini-key');
    }
    const task = calls.find((c) => c.stream);
    assert.ok(task, 'a streaming call');
    assert.equal(task.path, '/v1beta/models/sb-gemini-model:streamGenerateContent');
    assert.equal(task.query.alt, 'sse');
  });

  it('key and base URL from $GEMINI_CLI_HOME/.gemini/.env; without model.name the JSON-mode router call comes first', async () => {
    const reply = uniqueReply('gemini-dotenv');
    up = await startUpstream({ protocols: ['gemini'], reply });
    home = new AgentHome('gemini');
    home.write('gemini-home/.gemini/settings.json', JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key' } } }, null, 2));
    home.write('gemini-home/.gemini/.env', `GEMINI_API_KEY=sb-test-gemini-dotenv\nGOOGLE_GEMINI_BASE_URL=${up.url}\n`);
    const r = await home.run('gemini', ['-p', 'Say hello.'], { env: { GEMINI_CLI_HOME: `${home.home}/gemini-home`, GEMINI_CLI_TRUST_WORKSPACE: 'true' } });
    assert.equal(r.code, 0, describeRun(r));
    assert.ok(r.stdout.includes(reply), describeRun(r));
    const calls = up.modelCalls('gemini');
    for (const c of calls) assert.equal(c.headers['x-goog-api-key'], 'sb-test-gemini-dotenv');
    const router = calls[0];
    assert.equal(router.stream, false, 'router call is generateContent');
    assert.equal(router.body.generationConfig?.responseMimeType, 'application/json');
    assert.ok(router.body.generationConfig?.responseJsonSchema, 'router sends a JSON schema');
    assert.ok(calls.some((c) => c.stream && c.query.alt === 'sse'), 'then the streaming task call');
    assert.ok(!/Routing\].*failed/.test(r.stderr), `router accepted the double's JSON:\n${describeRun(r)}`);
  });
});
