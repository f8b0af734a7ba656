/*
 * OpenCode (npm opencode-ai), tested version below, headless `opencode run "<prompt>"`.
 *
 * GROUND TRUTH (what made the real CLI talk to the double; adapters follow this):
 * - Config: $XDG_CONFIG_HOME/opencode/opencode.json (default ~/.config/opencode/opencode.json).
 *   Point XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_STATE_HOME and XDG_CACHE_HOME into the test HOME
 *   (it writes its database, logs and a bun/npm cache there; HOME/.npm appears too). No auth
 *   login needed: the key comes from the provider block.
 * - Keys:
 *     "model": "<provider id>/<model id>"
 *     "provider": { "<provider id>": {
 *        "npm": "@ai-sdk/openai-compatible" | "@ai-sdk/anthropic" | "@ai-sdk/openai" | "@ai-sdk/google",
 *        "name": "…",
 *        "options": { "baseURL": "…", "apiKey": "{env:VAR}" | "{file:/abs/path}" | "<plaintext>" },
 *        "models": { "<model id>": { "name": "…", "limit": { "context": N, "output": N } } } } }
 *   The bundled SDKs are used; nothing is installed at run time.
 * - baseURL per npm package (all include the version segment; the SDK appends the rest):
 *     @ai-sdk/openai-compatible  <root>/v1   → POST /v1/chat/completions, stream, `Authorization: Bearer`
 *     @ai-sdk/openai             <root>/v1   → POST /v1/responses,        stream, `Authorization: Bearer`
 *     @ai-sdk/anthropic          <root>/v1   → POST /v1/messages,         stream, `x-api-key`
 *     @ai-sdk/google             <root>/v1beta → POST /v1beta/models/<m>:streamGenerateContent?alt=sse, `x-goog-api-key`
 * - Requests: two streaming model calls per run (a session title, then the task), both with the
 *   configured model id.
 * - Output: the reply text on stdout (plus a "> build · <model>" header line), exit 0.
 */
import * as assert from 'node:assert/strict';
import type { Protocol } from '../upstreams/server';
import { startUpstream, type Upstream } from '../upstreams/server';
import { AgentHome, describeRun, installedVersion, uniqueReply } from './harness';

const testedVersion = '1.18.33';

interface Variant {
  npm: string;
  protocol: Protocol;
  basePath: string;
  expectPath: (model: string) => string;
  keyHeader: (key: string) => [string, string];
}

const variants: Variant[] = [
  { npm: '@ai-sdk/openai-compatible', protocol: 'openai-chat', basePath: '/v1', expectPath: () => '/v1/chat/completions', keyHeader: (k) => ['authorization', `Bearer ${k}`] },
  { npm: '@ai-sdk/openai', protocol: 'openai-responses', basePath: '/v1', expectPath: () => '/v1/responses', keyHeader: (k) => ['authorization', `Bearer ${k}`] },
  { npm: '@ai-sdk/anthropic', protocol: 'anthropic', basePath: '/v1', expectPath: () => '/v1/messages', keyHeader: (k) => ['x-api-key', k] },
  { npm: '@ai-sdk/google', protocol: 'gemini', basePath: '/v1beta', expectPath: (m) => `/v1beta/models/${m}:streamGenerateContent`, keyHeader: (k) => ['x-goog-api-key', k] },
];

describe('agent e2e: OpenCode', function () {
  this.timeout(150_000);
  let up: Upstream;
  let home: AgentHome;

  before(() => assert.equal(installedVersion('opencode-ai'), testedVersion, 're-verify the ground truth above, then bump testedVersion'));
  afterEach(async () => {
    await up?.close();
    await home?.cleanup();
  });

  variants.forEach((v, i) => {
    // The first variant takes the key from an env var, the others from a file.
    const keyFrom = i === 0 ? 'env' : 'file';
    it(`provider npm ${v.npm} (apiKey "{${keyFrom}:…}") → ${v.protocol}`, async () => {
      const reply = uniqueReply(`opencode-${v.protocol}`);
      const key = `sb-test-opencode-${v.protocol}`;
      const model = `sb-oc-${v.protocol}`;
      up = await startUpstream({ protocols: [v.protocol], reply });
      home = new AgentHome('opencode');
      const keyFile = home.write('secrets/key.txt', key);
      const apiKey = keyFrom === 'env' ? '{env:SWITCHBOARD_OPENCODE_KEY}' : `{file:${keyFile}}`;
      home.write(
        '.config/opencode/opencode.json',
        JSON.stringify(
          {
            $schema: 'https://opencode.ai/config.json',
            model: `switchboard/${model}`,
            provider: {
              switchboard: {
                npm: v.npm,
                name: 'Switchboard',
                options: { baseURL: up.url + v.basePath, apiKey },
                models: { [model]: { name: 'Switchboard test model', limit: { context: 128000, output: 8192 } } },
              },
            },
          },
          null,
          2,
        ),
      );
      const r = await home.run('opencode', ['run', 'Say hello.'], { env: { SWITCHBOARD_OPENCODE_KEY: key } });
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
