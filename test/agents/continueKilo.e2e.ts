/**
 * Continue's `cn` and the Kilo CLI, configured by Switchboard's adapters: the plan is applied
 * to a fresh HOME through the real edit layer, the key travels as VS Code's terminals carry it
 * (an environment variable, never a file), and the CLI must reach the loopback OpenAI-chat
 * double with the picked model and the key, streaming, and print the double's reply.
 *
 * GROUND TRUTH (@continuedev/cli 1.5.47, @kilocode/cli 7.7.7):
 * - cn: `$CONTINUE_GLOBAL_DIR/config.yaml` (default ~/.continue) needs top-level `name` and
 *   `version`. `${{ secrets.X }}` is looked up in the process environment first, then
 *   ~/.continue/.env, <cwd>/.continue/.env and <cwd>/.env. The model is the one named by
 *   `cliSelectedModel` in index/globalContext.json, else the first model with the chat role
 *   (or no roles). `cn -p` is headless; CONTINUE_CLI_ENABLE_TELEMETRY=0 and
 *   CONTINUE_METRICS_ENABLED=0 switch telemetry off; headless skips the update check.
 * - kilo: `$XDG_CONFIG_HOME/kilo/` merges config.json, kilo.json, kilo.jsonc, opencode.json,
 *   opencode.jsonc (later wins); KILO_CONFIG_DIR does not move it. `kilo run "<prompt>"` makes
 *   one streaming chat call. The KILO_DISABLE_* and KILO_TELEMETRY_LEVEL variables below keep
 *   it off the network.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AgentAdapter } from '../../src/agents/agentAdapter';
import { continueAgent } from '../../src/agents/adapters/continue';
import { kilo } from '../../src/agents/adapters/kilo';
import { leakCheck } from '../harness/leakCheck';
import { startUpstream, type Upstream } from '../upstreams/server';
import { AgentHome, applyThroughAdapter, continueQuietEnv, describeRun, installedVersion, kiloQuietEnv, labEndpoint, terminalEnvOf, uniqueReply } from './harness';

interface Case {
  name: string;
  adapter: AgentAdapter;
  pkg: string;
  testedVersion: string;
  command: [string, string[]];
  /** Variables that move the agent's folders into the test HOME. */
  homeEnv: (home: AgentHome) => Record<string, string>;
  /** Variables only the test needs: no telemetry, no update or model-list fetches. */
  testEnv: Record<string, string>;
  /** What the user had before Switchboard (relative path → text); `@URL@` is the double. */
  seed?: Record<string, string>;
}


const cases: Case[] = [
  {
    name: 'Continue (cn), fresh HOME',
    adapter: continueAgent,
    pkg: '@continuedev/cli',
    testedVersion: '1.5.47',
    command: ['cn', ['-p', 'Say hello.']],
    homeEnv: (home) => ({ CONTINUE_GLOBAL_DIR: path.join(home.home, '.continue') }),
    testEnv: continueQuietEnv,
  },
  {
    name: 'Continue (cn), the user\'s own model first and selected',
    adapter: continueAgent,
    pkg: '@continuedev/cli',
    testedVersion: '1.5.47',
    command: ['cn', ['-p', 'Say hello.']],
    homeEnv: (home) => ({ CONTINUE_GLOBAL_DIR: path.join(home.home, '.continue') }),
    testEnv: continueQuietEnv,
    seed: {
      '.continue/config.yaml': '# mine\nname: Mine\nversion: 1.0.0\nschema: v1\nmodels:\n  - name: My Model\n    provider: openai\n    model: users-own-model\n    apiBase: @URL@/v1\n    apiKey: not-the-key\n',
      '.continue/index/globalContext.json': '{\n  "cliSelectedModel": "My Model"\n}\n',
    },
  },
  {
    name: 'Kilo CLI, the user\'s kilo.jsonc',
    adapter: kilo,
    pkg: '@kilocode/cli',
    testedVersion: '7.7.7',
    command: ['kilo', ['run', 'Say hello.']],
    homeEnv: (home) => ({ XDG_CONFIG_HOME: path.join(home.home, '.config') }),
    testEnv: kiloQuietEnv,
    seed: { '.config/kilo/kilo.jsonc': '{\n  "$schema": "https://app.kilo.ai/config.json",\n  // mine\n  "autoupdate": false,\n}\n' },
  },
];

describe('agent e2e: Continue and Kilo configured by Switchboard\'s adapters', function () {
  this.timeout(180_000);
  let up: Upstream | undefined;
  let home: AgentHome | undefined;

  afterEach(async () => {
    await up?.close();
    await home?.cleanup();
  });

  for (const c of cases) {
    it(`${c.name}: the picked model and key reach the OpenAI-chat double`, async () => {
      assert.equal(installedVersion(c.pkg), c.testedVersion, 're-verify the ground truth above, then bump testedVersion');
      const reply = uniqueReply(c.adapter.id);
      const key = `sb-e2e-${c.adapter.id}-KEY-${Date.now()}`;
      const model = `sb-picked-${c.adapter.id}`;
      up = await startUpstream({ protocols: ['openai-chat'], reply });
      home = new AgentHome(c.adapter.id);
      for (const [relative, text] of Object.entries(c.seed ?? {})) home.write(relative, text.replace(/@URL@/g, up.url), 0o644);
      const endpoint = labEndpoint({ providerType: 'openai-compatible', protocol: 'openai-chat', baseUrl: `${up.url}/v1`, key: { kind: 'env' } }, model);
      const homeEnv = c.homeEnv(home);
      const plan = await applyThroughAdapter(c.adapter, endpoint, home, homeEnv);

      // What VS Code's terminals would carry: the plan's variables, and the key in its variable.
      assert.ok(plan.keyVariable, 'the key travels in an environment variable');
      const terminal = terminalEnvOf(plan, key);
      const [bin, args] = c.command;
      const run = await home.run(bin, args, { env: { ...homeEnv, ...terminal, ...c.testEnv }, timeoutMs: 150_000 });
      assert.ok(run.stdout.includes(reply), describeRun(run));

      const calls = up.modelCalls('openai-chat');
      assert.ok(calls.length >= 1, `no model call reached the double; ${describeRun(run)}`);
      assert.ok(calls.every((call) => call.model === model), `models seen: ${calls.map((call) => call.model).join(', ')}`);
      assert.ok(calls.every((call) => call.apiKey === key), 'the key reached the upstream');
      assert.ok(calls.some((call) => call.stream === true), 'the reply was streamed');

      for (const file of plan.files) assert.ok(fs.existsSync(file.file), `${file.file} was written`);
      assert.deepEqual(leakCheck(key, [home.home]), [], 'no file under HOME holds the key');
    });
  }
});
