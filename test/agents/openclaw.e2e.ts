/*
 * OpenClaw (npm openclaw; needs Node >= 24.16 — on Node 20 npm installs an empty 0.0.1),
 * tested version below, headless `openclaw agent exec "<prompt>"` (prints only the final text;
 * no gateway needs to be running).
 *
 * GROUND TRUTH (what made the real CLI talk to the double; adapters follow this):
 * - Config: $OPENCLAW_CONFIG_PATH (a file path; default ~/.openclaw/openclaw.json), JSON5.
 *   State goes next to it ($HOME/.openclaw/state, plugin-skills) and into $HOME/.cache.
 * - Keys:
 *     models.providers.<provider id> = {
 *       baseUrl: "…",                       see the table below
 *       apiKey: "${ENV_VAR}" | { source: "env", provider: "default", id: "ENV_VAR" } | "<plaintext>",
 *       api: "openai-completions" | "openai-responses" | "anthropic-messages" | "google-generative-ai",
 *       models: [{ id, name, contextWindow, maxTokens }] }
 *     agents.defaults.model.primary = "<provider id>/<model id>"
 * - baseUrl per api, and what arrives:
 *     openai-completions    <root>/v1      → POST /v1/chat/completions (stream), `Authorization: Bearer`
 *     openai-responses      <root>/v1      → POST /v1/responses (stream),        `Authorization: Bearer`
 *     anthropic-messages    <root>  (no /v1) → POST /v1/messages (stream),       `x-api-key`
 *     google-generative-ai  <root>/v1beta  → POST /v1beta/models/<m>:streamGenerateContent?alt=sse, `x-goog-api-key`
 * - Output: the reply text on stdout, exit 0 (stderr: session-sqlite and tool-search log lines).
 *   A run takes ~10-15 s (plugin and SQLite start-up).
 */
import * as assert from 'node:assert/strict';
import type { Protocol } from '../upstreams/server';
import { startUpstream, type Upstream } from '../upstreams/server';
import { AgentHome, describeRun, installedVersion, uniqueReply } from './harness';

const testedVersion = '2026.9.6';

interface Variant {
  api: string;
  protocol: Protocol;
  basePath: string;
  expectPath: (model: string) => string;
  keyHeader: (key: string) => [string, string];
}

const variants: Variant[] = [
  { api: 'openai-completions', protocol: 'openai-chat', basePath: '/v1', expectPath: () => '/v1/chat/completions', keyHeader: (k) => ['authorization', `Bearer ${k}`] },
  { api: 'anthropic-messages', protocol: 'anthropic', basePath: '', expectPath: () => '/v1/messages', keyHeader: (k) => ['x-api-key', k] },
  { api: 'openai-responses', protocol: 'openai-responses', basePath: '/v1', expectPath: () => '/v1/responses', keyHeader: (k) => ['authorization', `Bearer ${k}`] },
  { api: 'google-generative-ai', protocol: 'gemini', basePath: '/v1beta', expectPath: (m) => `/v1beta/models/${m}:streamGenerateContent`, keyHeader: (k) => ['x-goog-api-key', k] },
];

describe('agent e2e: OpenClaw', function () {
  this.timeout(180_000);
  let up: Upstream;
  let home: AgentHome;

  before(() => assert.equal(installedVersion('openclaw'), testedVersion, 're-verify the ground truth above, then bump testedVersion'));
  afterEach(async () => {
    await up?.close();
    await home?.cleanup();
  });

  variants.forEach((v, i) => {
    // The first variant uses the "${VAR}" shorthand, the others an env SecretRef object.
    const keyStyle = i === 0 ? '"${VAR}"' : 'SecretRef';
    it(`api ${v.api} (apiKey ${keyStyle}) → ${v.protocol}`, async () => {
      const reply = uniqueReply(`openclaw-${v.protocol}`);
      const key = `sb-test-openclaw-${v.protocol}`;
      const model = `sb-claw-${v.protocol}`;
      up = await startUpstream({ protocols: [v.protocol], reply });
      home = new AgentHome('openclaw');
      const apiKey = i === 0 ? '${SWITCHBOARD_OPENCLAW_KEY}' : { source: 'env', provider: 'default', id: 'SWITCHBOARD_OPENCLAW_KEY' };
      const config = home.write(
        '.openclaw/openclaw.json',
        // JSON is valid JSON5.
        JSON.stringify(
          {
            models: { providers: { switchboard: { baseUrl: up.url + v.basePath, apiKey, api: v.api, models: [{ id: model, name: 'Switchboard test model', contextWindow: 128000, maxTokens: 8192 }] } } },
            agents: { defaults: { model: { primary: `switchboard/${model}` } } },
          },
          null,
          2,
        ),
      );
      const r = await home.run('openclaw', ['agent', 'exec', 'Say hello.'], { env: { OPENCLAW_CONFIG_PATH: config, SWITCHBOARD_OPENCLAW_KEY: key }, timeoutMs: 150_000 });
      assert.equal(r.code, 0, describeRun(r));
      assert.ok(r.stdout.includes(reply), describeRun(r));
      const calls = up.modelCalls(v.protocol);
      assert.ok(calls.length >= 1, `model calls; saw ${up.requests.map((q) => q.method + ' ' + q.url).join(', ')}`);
      const [header, value] = v.keyHeader(key);
      for (const c of calls) {
        assert.equal(c.model, model);
        assert.equal(c.path, v.expectPath(model));
        assert.equal(c.stream, true);
        assert.equal(c.headers[header], value);
      }
    });
  });
});
