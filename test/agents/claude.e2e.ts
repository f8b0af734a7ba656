/*
 * Claude Code (npm @anthropic-ai/claude-code), tested version below, headless `claude -p "<prompt>"`.
 *
 * GROUND TRUTH (what made the real CLI talk to the double; adapters follow this):
 * - Config folder: $CLAUDE_CONFIG_DIR (default ~/.claude). File: $CLAUDE_CONFIG_DIR/settings.json.
 *   Nothing else is needed: no login, no ~/.claude.json, no onboarding flag for -p. With
 *   CLAUDE_CONFIG_DIR set, nothing is written to $HOME (the CLI's own .claude.json goes into
 *   $CLAUDE_CONFIG_DIR too).
 * - Keys, all inside the settings.json "env" object (NOT process env — the test passes none):
 *     ANTHROPIC_BASE_URL   root URL without /v1 (the CLI appends /v1/messages)
 *     ANTHROPIC_AUTH_TOKEN → sent as `Authorization: Bearer <token>`
 *     ANTHROPIC_API_KEY    → sent as `x-api-key: <key>` (no approval prompt in -p mode)
 *     ANTHROPIC_MODEL      → the `model` of every request
 *   Or, instead of a plaintext key: top-level "apiKeyHelper": "<shell command>" whose stdout is
 *   the key; it is sent as BOTH `x-api-key` and `Authorization: Bearer`.
 * - Protocol: Anthropic Messages. Requests: `HEAD /api/hello` (reachability probe), then
 *   `POST /v1/messages?beta=true` with "stream": true. An unknown model id only prints a
 *   context-window warning on stderr.
 * - Output: the reply text alone on stdout, exit 0.
 * - Negative runs: set CLAUDE_CODE_MAX_RETRIES=0 or a 401 is retried ~10 times.
 */
import * as assert from 'node:assert/strict';
import { startUpstream, type Upstream } from '../upstreams/server';
import { AgentHome, describeRun, installedVersion, uniqueReply } from './harness';

const testedVersion = '2.1.330';

describe('agent e2e: Claude Code', function () {
  this.timeout(150_000);
  let up: Upstream;
  let home: AgentHome;

  before(() => assert.equal(installedVersion('@anthropic-ai/claude-code'), testedVersion, 're-verify the ground truth above, then bump testedVersion'));
  afterEach(async () => {
    await up?.close();
    await home?.cleanup();
  });

  /** Writes settings.json (with __URL__ → the double's URL) and runs `claude -p`. */
  async function run(settings: Record<string, unknown>, reply: string) {
    up = await startUpstream({ protocols: ['anthropic'], reply });
    home = new AgentHome('claude');
    const withUrl = JSON.parse(JSON.stringify(settings).replaceAll('__URL__', up.url));
    home.write('claude-config/settings.json', JSON.stringify(withUrl, null, 2));
    return home.run('claude', ['-p', 'Say hello.'], { env: { CLAUDE_CONFIG_DIR: `${home.home}/claude-config` }, timeoutMs: 120_000 });
  }

  it('settings.json env: ANTHROPIC_BASE_URL + ANTHROPIC_AUTH_TOKEN (Bearer) + ANTHROPIC_MODEL', async () => {
    const reply = uniqueReply('claude-bearer');
    const r = await run({ env: { ANTHROPIC_BASE_URL: '__URL__', ANTHROPIC_AUTH_TOKEN: 'sb-test-claude-token', ANTHROPIC_MODEL: 'sb-claude-model' } }, reply);
    assert.equal(r.code, 0, describeRun(r));
    assert.ok(r.stdout.includes(reply), describeRun(r));
    const calls = up.modelCalls('anthropic');
    assert.ok(calls.length >= 1, 'at least one Messages call');
    for (const c of calls) {
      assert.equal(c.path, '/v1/messages');
      assert.equal(c.query.beta, 'true');
      assert.equal(c.model, 'sb-claude-model');
      assert.equal(c.headers.authorization, 'Bearer sb-test-claude-token');
    }
    assert.ok(calls.some((c) => c.stream === true), 'streams');
    assert.ok(up.requests.some((q) => q.method === 'HEAD' && q.path === '/api/hello'), 'HEAD /api/hello probe');
  });

  it('settings.json env: ANTHROPIC_API_KEY is sent as x-api-key', async () => {
    const reply = uniqueReply('claude-xkey');
    const r = await run({ env: { ANTHROPIC_BASE_URL: '__URL__', ANTHROPIC_API_KEY: 'sb-test-claude-xkey', ANTHROPIC_MODEL: 'sb-claude-xkey-model' } }, reply);
    assert.equal(r.code, 0, describeRun(r));
    assert.ok(r.stdout.includes(reply), describeRun(r));
    const calls = up.modelCalls('anthropic');
    assert.ok(calls.length >= 1);
    for (const c of calls) {
      assert.equal(c.model, 'sb-claude-xkey-model');
      assert.equal(c.headers['x-api-key'], 'sb-test-claude-xkey');
    }
  });

  // The VS Code extension starts the CLI with claudeCode.environmentVariables in its process
  // environment; the adapter leaves the model out of that setting because this holds.
  it('settings.json env wins over the process environment (endpoint, model and key)', async () => {
    const reply = uniqueReply('claude-precedence');
    up = await startUpstream({ protocols: ['anthropic'], reply });
    home = new AgentHome('claude');
    home.write('claude-config/settings.json', JSON.stringify({ env: { ANTHROPIC_BASE_URL: up.url, ANTHROPIC_AUTH_TOKEN: 'sb-test-from-settings', ANTHROPIC_MODEL: 'sb-model-from-settings' } }, null, 2));
    const stale = { ANTHROPIC_BASE_URL: 'http://127.0.0.1:9', ANTHROPIC_AUTH_TOKEN: 'sb-test-from-process', ANTHROPIC_MODEL: 'sb-model-from-process', CLAUDE_CODE_MAX_RETRIES: '0' };
    const r = await home.run('claude', ['-p', 'Say hello.'], { env: { CLAUDE_CONFIG_DIR: `${home.home}/claude-config`, ...stale }, timeoutMs: 120_000 });
    assert.equal(r.code, 0, describeRun(r));
    assert.ok(r.stdout.includes(reply), describeRun(r));
    const calls = up.modelCalls('anthropic');
    assert.ok(calls.length >= 1, 'the endpoint came from settings.json, not the dead one in the process environment');
    for (const c of calls) {
      assert.equal(c.model, 'sb-model-from-settings');
      assert.equal(c.headers.authorization, 'Bearer sb-test-from-settings');
    }
    // Not vacuous: the process environment does reach the CLI where settings.json is silent.
    home.write('claude-config/settings.json', JSON.stringify({ env: { ANTHROPIC_BASE_URL: up.url, ANTHROPIC_AUTH_TOKEN: 'sb-test-from-settings' } }, null, 2));
    const before = calls.length;
    const second = await home.run('claude', ['-p', 'Say hello.'], { env: { CLAUDE_CONFIG_DIR: `${home.home}/claude-config`, ...stale }, timeoutMs: 120_000 });
    assert.equal(second.code, 0, describeRun(second));
    const later = up.modelCalls('anthropic').slice(before);
    assert.ok(later.length >= 1 && later.every((c) => c.model === 'sb-model-from-process'), describeRun(second));
  });

  it('apiKeyHelper: the command output is the key (no plaintext key in settings.json)', async () => {
    const reply = uniqueReply('claude-helper');
    const r = await run({ apiKeyHelper: 'echo sb-test-claude-helper', env: { ANTHROPIC_BASE_URL: '__URL__', ANTHROPIC_MODEL: 'sb-claude-helper-model' } }, reply);
    assert.equal(r.code, 0, describeRun(r));
    assert.ok(r.stdout.includes(reply), describeRun(r));
    const calls = up.modelCalls('anthropic');
    assert.ok(calls.length >= 1);
    for (const c of calls) {
      assert.equal(c.model, 'sb-claude-helper-model');
      assert.equal(c.headers['x-api-key'], 'sb-test-claude-helper');
      assert.equal(c.headers.authorization, 'Bearer sb-test-claude-helper');
    }
  });
});
