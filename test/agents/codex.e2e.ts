/*
 * Codex CLI (npm @openai/codex), tested version below, headless
 * `codex exec --skip-git-repo-check "<prompt>"`.
 *
 * GROUND TRUTH (what made the real CLI talk to the double; adapters follow this):
 * - Config folder: $CODEX_HOME (default ~/.codex). File: $CODEX_HOME/config.toml (the user file;
 *   provider tables in a project .codex/config.toml are ignored). No login/auth.json needed.
 * - Keys: top-level `model = "<id>"` and `model_provider = "<provider id>"` (not a reserved id:
 *   openai, ollama, lmstudio, amazon-bedrock), and a table
 *     [model_providers.<provider id>]
 *     name = "…"
 *     base_url = "<root>/v1"        ← Codex appends /responses; include /v1 yourself
 *     wire_api = "responses"
 *     env_key = "<NAME OF AN ENV VAR>"   → its value is sent as `Authorization: Bearer <value>`
 *     request_max_retries = 0, stream_max_retries = 0   (tests only: fail fast)
 *   or, instead of env_key (they cannot be combined):
 *     auth = { command = "<exe>", args = [...], timeout_ms = 5000, refresh_interval_ms = 300000 }
 *   whose stdout is the Bearer token.
 * - Env vars: only the one named by env_key (and CODEX_HOME).
 * - Protocol: OpenAI Responses. Request: `POST /v1/responses` with "stream": true and the model;
 *   needs the SSE events to end in response.completed.
 * - Output: the reply text on stdout (banner and warnings on stderr), exit 0. Harmless stderr:
 *   "could not find bubblewrap", "Model metadata for `<id>` not found", and, with CODEX_HOME
 *   under /tmp, "Refusing to create helper binaries under temporary dir".
 */
import * as assert from 'node:assert/strict';
import { startUpstream, type Upstream } from '../upstreams/server';
import { AgentHome, describeRun, installedVersion, uniqueReply } from './harness';

const testedVersion = '0.169.0';

describe('agent e2e: Codex CLI', function () {
  this.timeout(150_000);
  let up: Upstream;
  let home: AgentHome;

  before(() => assert.equal(installedVersion('@openai/codex'), testedVersion, 're-verify the ground truth above, then bump testedVersion'));
  afterEach(async () => {
    await up?.close();
    await home?.cleanup();
  });

  async function run(providerAuthLines: string, env: Record<string, string>, reply: string, model: string) {
    up = await startUpstream({ protocols: ['openai-responses'], reply });
    home = new AgentHome('codex');
    home.write(
      'codex-home/config.toml',
      [
        `model = "${model}"`,
        'model_provider = "switchboard"',
        '',
        '[model_providers.switchboard]',
        'name = "Switchboard"',
        `base_url = "${up.url}/v1"`,
        'wire_api = "responses"',
        providerAuthLines,
        'request_max_retries = 0',
        'stream_max_retries = 0',
        '',
      ].join('\n'),
    );
    return home.run('codex', ['exec', '--skip-git-repo-check', 'Say hello.'], { env: { CODEX_HOME: `${home.home}/codex-home`, ...env }, timeoutMs: 120_000 });
  }

  function assertCalls(model: string, key: string) {
    const calls = up.modelCalls('openai-responses');
    assert.ok(calls.length >= 1, 'at least one Responses call');
    for (const c of calls) {
      assert.equal(c.method, 'POST');
      assert.equal(c.path, '/v1/responses');
      assert.equal(c.model, model);
      assert.equal(c.stream, true);
      assert.equal(c.headers.authorization, `Bearer ${key}`);
    }
  }

  it('config.toml provider table with env_key: Bearer from the named env var', async () => {
    const reply = uniqueReply('codex-envkey');
    const r = await run('env_key = "SWITCHBOARD_CODEX_KEY"', { SWITCHBOARD_CODEX_KEY: 'sb-test-codex-key' }, reply, 'sb-codex-model');
    assert.equal(r.code, 0, describeRun(r));
    assert.ok(r.stdout.includes(reply), describeRun(r));
    assertCalls('sb-codex-model', 'sb-test-codex-key');
  });

  it('config.toml provider table with auth = { command }: Bearer from the command output', async () => {
    const reply = uniqueReply('codex-authcmd');
    const r = await run('auth = { command = "/bin/echo", args = ["sb-test-codex-cmd"], timeout_ms = 5000, refresh_interval_ms = 300000 }', {}, reply, 'sb-codex-cmd-model');
    assert.equal(r.code, 0, describeRun(r));
    assert.ok(r.stdout.includes(reply), describeRun(r));
    assertCalls('sb-codex-cmd-model', 'sb-test-codex-cmd');
  });
});
