/**
 * Cline (3.0.65) and Qwen Code (0.24.4), configured by Switchboard's adapters: the plan is
 * applied to a fresh HOME through the real edit layer, the real CLI runs headless against a
 * loopback double, and must reach it with the picked model and key over the protocol's own
 * path, then print the double's reply.
 *
 * Keys: Cline keeps its key only in its providers file, so its plan is made as after the
 * user's plaintext opt-in, and that file is the one place the key may be. Qwen Code gets the
 * key as VS Code's terminals carry it, in SWITCHBOARD_LAB_KEY, and no file may hold it; a
 * decoy OPENAI_BASE_URL/OPENAI_API_KEY in the environment must not win over its settings.
 *
 * Headless runs: `cline "<prompt>"` (Cline rewrites providers.json on every run and leaves a
 * detached hub daemon, which the harness kills by PID); `qwen -p "<prompt>"`, which needs no
 * trust flag (folder trust is off by default).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AgentAdapter, KeyDelivery } from '../../src/agents/agentAdapter';
import { cline } from '../../src/agents/adapters/cline';
import { qwenCode } from '../../src/agents/adapters/qwenCode';
import type { ProviderTypeId, WireProtocol } from '../../src/providers/providerTypes';
import { leakCheck } from '../harness/leakCheck';
import { callToolWhenOffered, startUpstream, type Protocol, type Upstream } from '../upstreams/server';
import { AgentHome, applyThroughAdapter, describeRun, installedVersion, labEndpoint, terminalEnvOf, uniqueReply } from './harness';

interface Case {
  adapter: AgentAdapter;
  protocol: WireProtocol;
  providerType: ProviderTypeId;
  double: Protocol;
  /** The base URL as the provider type means it. */
  baseUrl: (upstream: string) => string;
  /** The path the model call must arrive on. */
  callPath: RegExp;
  command: [string, string[]];
  homeEnv: (home: AgentHome) => Record<string, string>;
  key: (key: string) => KeyDelivery;
  /** Files under HOME that may hold the key (relative); empty when none may. */
  keyFiles: (home: AgentHome) => string[];
  testEnv?: Record<string, string>;
}

const clineCase = (protocol: WireProtocol, providerType: ProviderTypeId, double: Protocol, baseUrl: Case['baseUrl'], callPath: RegExp): Case => ({
  adapter: cline,
  protocol,
  providerType,
  double,
  baseUrl,
  callPath,
  command: ['cline', ['Say hello.']],
  homeEnv: (home) => ({ CLINE_DIR: path.join(home.home, '.cline') }),
  key: (key) => ({ kind: 'plaintext', value: key }),
  keyFiles: (home) => [path.join(home.home, '.cline', 'data', 'settings', 'providers.json')],
});

// Another tool's variables in the same terminal: Qwen must use its own provider entry instead.
const decoy = { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_API_KEY: 'sb-decoy-openai-key', OPENAI_MODEL: 'sb-decoy-model' };

const qwenCase = (protocol: WireProtocol, providerType: ProviderTypeId, double: Protocol, baseUrl: Case['baseUrl'], callPath: RegExp, ownHome: boolean): Case => ({
  adapter: qwenCode,
  protocol,
  providerType,
  double,
  baseUrl,
  callPath,
  command: ['qwen', ['-p', 'Say hello.']],
  // Once through QWEN_HOME, once through the default ~/.qwen.
  homeEnv: (home): Record<string, string> => (ownHome ? { QWEN_HOME: path.join(home.home, 'qwen-home') } : {}),
  key: () => ({ kind: 'env' }),
  keyFiles: () => [],
  testEnv: decoy,
});

const cases: Case[] = [
  clineCase('openai-chat', 'openai-compatible', 'openai-chat', (url) => `${url}/v1`, /^\/v1\/chat\/completions$/),
  clineCase('anthropic-messages', 'anthropic', 'anthropic', (url) => `${url}/v1`, /^\/v1\/messages$/),
  qwenCase('openai-chat', 'openai-compatible', 'openai-chat', (url) => `${url}/v1`, /^\/v1\/chat\/completions$/, true),
  qwenCase('anthropic-messages', 'anthropic', 'anthropic', (url) => `${url}/v1`, /^\/v1\/messages$/, false),
  qwenCase('openai-responses', 'openai', 'openai-responses', (url) => `${url}/v1`, /^\/v1\/responses$/, false),
];

describe('agent e2e: Cline and Qwen Code configured by Switchboard\'s adapters', function () {
  this.timeout(180_000);
  let up: Upstream | undefined;
  let home: AgentHome | undefined;

  before(() => {
    assert.equal(installedVersion('cline'), '3.0.65', 're-verify src/agents/adapters/cline.ts, then bump');
    assert.equal(installedVersion('@qwen-code/qwen-code'), '0.24.4', 're-verify src/agents/adapters/qwenCode.ts, then bump');
  });
  afterEach(async () => {
    await up?.close();
    await home?.cleanup();
  });

  for (const c of cases) {
    it(`${c.adapter.label}: the picked model and key reach the upstream over ${c.protocol}`, async () => {
      const reply = uniqueReply(`${c.adapter.id}-${c.protocol}`);
      const key = `sb-e2e-${c.adapter.id}-KEY-${Date.now()}`;
      const model = `sb-picked-${c.adapter.id}`;
      // Cline's older --yolo mode waits for its submit tool; 3.0 also ends on plain text.
      up = await startUpstream({ protocols: [c.double], respond: callToolWhenOffered('submit_and_exit', { result: reply }, reply) });
      home = new AgentHome(c.adapter.id);
      const endpoint = labEndpoint({ providerType: c.providerType, protocol: c.protocol, baseUrl: c.baseUrl(up.url), key: c.key(key) }, model);
      const homeEnv = c.homeEnv(home);
      const plan = await applyThroughAdapter(c.adapter, endpoint, home, homeEnv);
      for (const file of plan.files) {
        assert.ok(fs.existsSync(file.file), `${file.file} was written`);
        if (file.mode !== undefined) assert.equal(fs.statSync(file.file).mode & 0o777, file.mode);
      }

      const terminal = terminalEnvOf(plan, key);
      const [bin, args] = c.command;
      const run = await home.run(bin, args, { env: { ...c.testEnv, ...homeEnv, ...terminal }, timeoutMs: 150_000 });
      assert.ok(run.stdout.includes(reply), describeRun(run));

      const calls = up.modelCalls(c.double);
      assert.ok(calls.length >= 1, `no model call reached the double; ${describeRun(run)}`);
      assert.ok(calls.every((call) => call.model === model), `models seen: ${calls.map((call) => call.model).join(', ')}`);
      assert.ok(calls.every((call) => c.callPath.test(call.path)), `paths seen: ${calls.map((call) => call.path).join(', ')}`);
      assert.ok(calls.every((call) => call.apiKey === key), `the key reached the upstream; saw ${calls.map((call) => call.apiKey).join(', ')}`);
      assert.ok(calls.some((call) => call.stream === true), 'a streaming call');

      assert.deepEqual(leakCheck(key, [home.home]), c.keyFiles(home).sort(), 'the key is only where the plan put it (opted in)');
    });
  }
});
