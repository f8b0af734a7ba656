/**
 * The real CLIs, configured by Switchboard's own adapters rather than by hand: the plan a
 * status-bar pick produces is applied to a fresh HOME through the real edit layer, the key
 * travels the way VS Code's terminals carry it (an environment variable, never a file), and
 * the CLI must then reach the loopback double with the picked model and the key, over its
 * protocol, and print the double's reply. Afterwards no file under HOME holds the key.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AgentAdapter } from '../../src/agents/agentAdapter';
import { claudeCode } from '../../src/agents/adapters/claudeCode';
import { codex } from '../../src/agents/adapters/codex';
import { geminiCli } from '../../src/agents/adapters/geminiCli';
import { openClaw } from '../../src/agents/adapters/openClaw';
import { openCode } from '../../src/agents/adapters/openCode';
import type { WireProtocol } from '../../src/providers/providerTypes';
import { leakCheck } from '../harness/leakCheck';
import { startUpstream, type Upstream } from '../upstreams/server';
import { AgentHome, applyThroughAdapter, describeRun, labEndpoint, terminalEnvOf, uniqueReply } from './harness';

interface Case {
  adapter: AgentAdapter;
  protocol: WireProtocol;
  double: 'anthropic' | 'openai-responses' | 'openai-chat' | 'gemini';
  /** The base URL as the provider type means it. */
  baseUrl: (upstream: string) => string;
  command: (home: AgentHome) => [string, string[]];
  /** Variables that move the agent's folders into the test HOME. */
  homeEnv: (home: AgentHome) => Record<string, string>;
  /** Variables only the test needs (fail fast, trust the folder). */
  testEnv?: Record<string, string>;
}

const cases: Case[] = [
  {
    adapter: claudeCode,
    protocol: 'anthropic-messages',
    double: 'anthropic',
    baseUrl: (url) => `${url}/v1`,
    command: () => ['claude', ['-p', 'Say hello.']],
    homeEnv: (home) => ({ CLAUDE_CONFIG_DIR: path.join(home.home, '.claude') }),
    testEnv: { CLAUDE_CODE_MAX_RETRIES: '0' },
  },
  {
    adapter: codex,
    protocol: 'openai-responses',
    double: 'openai-responses',
    baseUrl: (url) => `${url}/v1`,
    command: () => ['codex', ['exec', '--skip-git-repo-check', 'Say hello.']],
    homeEnv: (home) => ({ CODEX_HOME: path.join(home.home, '.codex') }),
  },
  {
    adapter: geminiCli,
    protocol: 'gemini',
    double: 'gemini',
    baseUrl: (url) => `${url}/v1beta`,
    command: () => ['gemini', ['-p', 'Say hello.']],
    homeEnv: (home) => ({ GEMINI_CLI_HOME: home.home }),
    testEnv: { GEMINI_CLI_TRUST_WORKSPACE: 'true' },
  },
  {
    adapter: openCode,
    protocol: 'openai-chat',
    double: 'openai-chat',
    baseUrl: (url) => `${url}/v1`,
    command: () => ['opencode', ['run', 'Say hello.']],
    homeEnv: (home) => ({ XDG_CONFIG_HOME: path.join(home.home, '.config') }),
  },
  {
    adapter: openClaw,
    protocol: 'anthropic-messages',
    double: 'anthropic',
    baseUrl: (url) => `${url}/v1`,
    command: () => ['openclaw', ['agent', 'exec', 'Say hello.']],
    homeEnv: (home) => ({ OPENCLAW_CONFIG_PATH: path.join(home.home, '.openclaw', 'openclaw.json') }),
  },
];

describe('agent e2e: real CLIs configured by Switchboard\'s adapters', function () {
  this.timeout(180_000);
  let up: Upstream | undefined;
  let home: AgentHome | undefined;

  afterEach(async () => {
    await up?.close();
    await home?.cleanup();
  });

  for (const c of cases) {
    it(`${c.adapter.label}: the picked model and key reach the upstream over ${c.protocol}`, async () => {
      const reply = uniqueReply(c.adapter.id);
      const key = `sb-e2e-${c.adapter.id}-KEY-${Date.now()}`;
      const model = `sb-picked-${c.adapter.id}`;
      up = await startUpstream({ protocols: [c.double], reply });
      home = new AgentHome(c.adapter.id);
      const providerType = c.protocol === 'gemini' ? 'gemini' : c.protocol === 'anthropic-messages' ? 'anthropic' : c.protocol === 'openai-chat' ? 'openai-compatible' : 'openai';
      const endpoint = labEndpoint({ providerType, protocol: c.protocol, baseUrl: c.baseUrl(up.url), key: { kind: 'env' } }, model);
      const homeEnv = c.homeEnv(home);
      const plan = await applyThroughAdapter(c.adapter, endpoint, home, homeEnv);

      // What VS Code's terminals would carry: the plan's variables, and the key in its variable.
      assert.ok(plan.keyVariable, 'the key travels in an environment variable');
      const terminal = terminalEnvOf(plan, key);
      const [bin, args] = c.command(home);
      const run = await home.run(bin, args, { env: { ...homeEnv, ...terminal, ...c.testEnv }, timeoutMs: 150_000 });
      assert.ok(run.stdout.includes(reply), describeRun(run));

      const calls = up.modelCalls(c.double);
      assert.ok(calls.length >= 1, `no model call reached the double; ${describeRun(run)}`);
      assert.ok(calls.every((call) => call.model === model), `models seen: ${calls.map((call) => call.model).join(', ')}`);
      assert.ok(calls.some((call) => call.apiKey === key), 'the key reached the upstream');

      for (const file of plan.files) assert.ok(fs.existsSync(file.file), `${file.file} was written`);
      assert.deepEqual(leakCheck(key, [home.home]), [], 'no file under HOME holds the key');
    });
  }
});
