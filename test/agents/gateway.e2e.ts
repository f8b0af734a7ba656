/**
 * The real CLIs through Switchboard's gateway, across protocols: each agent is configured by
 * the same plan a status-bar pick produces (its own gateway route and the local token, never
 * the provider's key), talks its own protocol to the gateway, and the gateway translates to a
 * loopback upstream that speaks only another one. Then the document changes as a pick changes
 * it, and the agent's next run reaches the new model with its config untouched.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AgentAdapter, AgentPlan } from '../../src/agents/agentAdapter';
import { applyAgentPlan } from '../../src/agents/applyPlan';
import { nodeFileSystem } from '../../src/agents/edit/nodeFileSystem';
import { openCode } from '../../src/agents/adapters/openCode';
import { planSwitch } from '../../src/agents/switchPlan';
import { gatewayRoute, routeFor } from '../../src/gateway/routeTable';
import { createGateway, type Gateway } from '../../src/gateway/server';
import { translator } from '../../src/gateway/translate';
import type { StoredDocument } from '../../src/providers/document';
import { resolveNetwork } from '../../src/providers/network/dispatcherOptions';
import type { ProviderTypeId } from '../../src/providers/providerTypes';
import type { AgentId } from '../../src/providers/agentCatalog';
import { documentWith, model, provider } from '../fakes/builders';
import { leakCheck } from '../harness/leakCheck';
import { offeredTools, startUpstream, type Protocol, type Upstream } from '../upstreams/server';
import { AgentHome, applyThroughAdapter, describeRun, labEndpoint, terminalEnvOf, uniqueReply } from './harness';

const token = `sbg-e2e-${Date.now()}`;
const upstreamKey = `sk-upstream-${Date.now()}`;

interface Case {
  agent: AgentId;
  /** What the upstream speaks, and the provider type that speaks it. */
  double: Protocol;
  type: ProviderTypeId;
  command: () => [string, string[]];
  homeEnv: (home: AgentHome) => Record<string, string>;
  testEnv?: Record<string, string>;
  /** The user chose to route the agent through the gateway though it speaks the upstream's protocol. */
  routed?: boolean;
}

const cases: Case[] = [
  {
    agent: 'claude-code',
    double: 'openai-chat',
    type: 'openai-compatible',
    command: () => ['claude', ['-p', 'Say hello.']],
    homeEnv: (home) => ({ CLAUDE_CONFIG_DIR: path.join(home.home, '.claude') }),
    testEnv: { CLAUDE_CODE_MAX_RETRIES: '0' },
  },
  {
    agent: 'codex',
    double: 'anthropic',
    type: 'anthropic',
    command: () => ['codex', ['exec', '--skip-git-repo-check', 'Say hello.']],
    homeEnv: (home) => ({ CODEX_HOME: path.join(home.home, '.codex') }),
  },
  {
    // Gemini CLI speaks only the Gemini API: the gateway answers it from a Chat Completions upstream.
    agent: 'gemini-cli',
    double: 'openai-chat',
    type: 'openai-compatible',
    command: () => ['gemini', ['-p', 'Say hello.']],
    homeEnv: (home) => ({ GEMINI_CLI_HOME: home.home }),
    testEnv: { GEMINI_CLI_TRUST_WORKSPACE: 'true' },
  },
  {
    agent: 'gemini-cli',
    double: 'anthropic',
    type: 'anthropic',
    command: () => ['gemini', ['-p', 'Say hello.']],
    homeEnv: (home) => ({ GEMINI_CLI_HOME: home.home }),
    testEnv: { GEMINI_CLI_TRUST_WORKSPACE: 'true' },
  },
  {
    // The other way: an Anthropic client answered by a Gemini upstream.
    agent: 'claude-code',
    double: 'gemini',
    type: 'gemini',
    command: () => ['claude', ['-p', 'Say hello.']],
    homeEnv: (home) => ({ CLAUDE_CONFIG_DIR: path.join(home.home, '.claude') }),
    testEnv: { CLAUDE_CODE_MAX_RETRIES: '0' },
  },
  {
    // Gemini to Gemini, routed by choice: the body and the stream pass through.
    agent: 'gemini-cli',
    double: 'gemini',
    type: 'gemini',
    command: () => ['gemini', ['-p', 'Say hello.']],
    homeEnv: (home) => ({ GEMINI_CLI_HOME: home.home }),
    testEnv: { GEMINI_CLI_TRUST_WORKSPACE: 'true' },
    routed: true,
  },
];

/** A gateway in this process, routing as the extension does: from the document as it is at each request. */
function gatewayFor(current: () => StoredDocument): Gateway {
  const usable = () => true;
  const route = (agent: string | undefined, named: string | undefined) => {
    const found = routeFor(current(), usable, agent as AgentId | undefined, named);
    return found.ok ? gatewayRoute(found.target, resolveNetwork(undefined)) : undefined;
  };
  return createGateway({ translator, token: () => token, key: async () => upstreamKey, resolveRoute: (agent) => route(agent, undefined), routeForRef: (ref, agent) => route(agent, ref) });
}

describe('agent e2e: real CLIs through the gateway, across protocols', function () {
  this.timeout(300_000);
  let up: Upstream | undefined;
  let home: AgentHome | undefined;
  let gateway: Gateway | undefined;

  afterEach(async () => {
    await gateway?.stop({ graceMs: 500 });
    await up?.close();
    await home?.cleanup();
  });

  for (const c of cases) {
    it(`${c.agent} → ${c.double} upstream; a pick reaches the next run with no re-apply`, async () => {
      const reply = uniqueReply(c.agent);
      up = await startUpstream({ protocols: [c.double], reply });
      const baseUrl = `${up.url}/v1`;
      let doc = documentWith([provider('lab', { type: c.type, baseUrl, agents: [c.agent], models: [model('model-a'), model('model-b')] })], { lastUsedRef: 'lab/model-a' });
      gateway = gatewayFor(() => doc);
      const { port } = await gateway.start();
      home = new AgentHome(`gw-${c.agent}`);
      const homeEnv = c.homeEnv(home);

      const [outcome] = planSwitch(doc, 'lab/model-a', { home: home.home, env: homeEnv }, () => ({ hasKey: true }), { origin: `http://127.0.0.1:${port}`, routedAgents: c.routed ? [c.agent] : [], token });
      assert.ok(outcome.status === 'planned' && outcome.gateway, `planned through the gateway: ${JSON.stringify(outcome)}`);
      const plan: AgentPlan = outcome.plan;
      await applyAgentPlan(nodeFileSystem, plan, path.join(home.home, '.switchboard-backups'));
      const env = { ...homeEnv, ...terminalEnvOf(plan, token), ...c.testEnv };
      const [bin, args] = c.command();

      const first = await home.run(bin, args, { env, timeoutMs: 150_000 });
      assert.ok(first.stdout.includes(reply), describeRun(first));
      const calls = up.modelCalls(c.double);
      assert.ok(calls.length >= 1, `no model call reached the upstream; ${describeRun(first)}`);
      assert.ok(calls.every((call) => call.model === 'model-a'), `models seen: ${calls.map((call) => call.model).join(', ')}`);
      assert.ok(calls.every((call) => call.apiKey === upstreamKey), 'the upstream got the provider key, not the local token');

      // A pick in the status bar changes the document; the agent's files stay as they were.
      const files = plan.files.map((f) => [f.file, fs.readFileSync(f.file, 'utf8')] as const);
      doc = { ...doc, lastUsedRef: 'lab/model-b' };
      const before = calls.length;
      const second = await home.run(bin, args, { env, timeoutMs: 150_000 });
      assert.ok(second.stdout.includes(reply), describeRun(second));
      const later = up.modelCalls(c.double).slice(before);
      assert.ok(later.length >= 1 && later.every((call) => call.model === 'model-b'), `after the pick: ${later.map((call) => call.model).join(', ')}`);
      for (const [file, text] of files) assert.equal(fs.readFileSync(file, 'utf8'), text, `${file} was not rewritten`);
      assert.deepEqual(leakCheck(upstreamKey, [home.home]), [], 'no file under HOME holds the provider key');
    });
  }

  // Gemini CLI's tool loop through the gateway: the upstream's call reaches the CLI as a whole
  // functionCall, the CLI runs it, and its functionResponse comes back as the upstream's own
  // tool result, under the id the upstream gave the call.
  for (const double of ['openai-chat', 'anthropic'] as const) {
    it(`gemini-cli runs a tool an ${double} upstream calls, and the result reaches it under the call's id`, async () => {
      const reply = uniqueReply('gemini-tools');
      const secret = `note-${Date.now()}`;
      const callId = double === 'anthropic' ? 'toolu_e2e_read' : 'call_e2e_read';
      home = new AgentHome('gw-gemini-tools');
      const note = path.join(home.work, 'note.txt');
      fs.writeFileSync(note, `${secret}\n`);
      up = await startUpstream({
        protocols: [double],
        respond: (r) => (toolResults(r.body).length > 0 ? { text: reply } : offeredTools(r).includes('read_file') ? { toolCalls: [{ id: callId, name: 'read_file', arguments: { file_path: note } }] } : { text: reply }),
      });
      const type: ProviderTypeId = double === 'anthropic' ? 'anthropic' : 'openai-compatible';
      const doc = documentWith([provider('lab', { type, baseUrl: `${up.url}/v1`, agents: ['gemini-cli'], models: [model('model-a')] })], { lastUsedRef: 'lab/model-a' });
      gateway = gatewayFor(() => doc);
      const { port } = await gateway.start();
      const homeEnv = { GEMINI_CLI_HOME: home.home };
      const [outcome] = planSwitch(doc, 'lab/model-a', { home: home.home, env: homeEnv }, () => ({ hasKey: true }), { origin: `http://127.0.0.1:${port}`, routedAgents: [], token });
      assert.ok(outcome.status === 'planned' && outcome.gateway, JSON.stringify(outcome));
      await applyAgentPlan(nodeFileSystem, outcome.plan, path.join(home.home, '.switchboard-backups'));
      const env = { ...homeEnv, ...terminalEnvOf(outcome.plan, token), GEMINI_CLI_TRUST_WORKSPACE: 'true' };
      const run = await home.run('gemini', ['-p', 'Read note.txt and tell me what it says.'], { env, timeoutMs: 150_000 });
      assert.ok(run.stdout.includes(reply), describeRun(run));
      const calls = up.modelCalls(double);
      const answered = calls.find((c) => toolResults(c.body).length > 0);
      assert.ok(answered, `no request carried the tool result; ${calls.length} calls; ${describeRun(run)}`);
      const [result] = toolResults(answered.body);
      assert.equal(result.id, callId, 'the result goes back under the id the upstream gave its call');
      assert.ok(result.text.includes(secret), `the tool result holds the file: ${result.text.slice(0, 300)}`);
      assert.ok(calls.every((c) => c.apiKey === upstreamKey && c.model === 'model-a'));
    });
  }

  /** `codex exec` pointed at the gateway by the plan a pick makes, answered by `modelId` on the Bedrock double (SigV4 with an access key). */
  async function codexOnBedrock(label: string, region: string, modelId: string): Promise<{ run: Awaited<ReturnType<AgentHome['run']>>; accessKeyId: string }> {
    const reply = uniqueReply(label);
    const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: `e2e-secret-${Date.now()}` };
    up = await startUpstream({ protocols: [], reply, bedrock: { region, credentials } });
    const aws = provider('aws', { type: 'bedrock', baseUrl: up.url, region, aws: { method: 'accessKey', accessKeyId: credentials.accessKeyId }, agents: ['codex'], models: [model(modelId)] } as never);
    const doc = documentWith([aws], { lastUsedRef: `aws/${modelId}` });
    const route = (agent: string | undefined) => {
      const found = routeFor(doc, () => true, agent as AgentId | undefined, undefined);
      return found.ok ? gatewayRoute(found.target, resolveNetwork(undefined)) : undefined;
    };
    gateway = createGateway({ translator, token: () => token, key: async () => credentials.secretAccessKey, resolveRoute: route });
    const { port } = await gateway.start();
    home = new AgentHome(`gw-${label}`);
    const homeEnv = { CODEX_HOME: path.join(home.home, '.codex') };
    const [outcome] = planSwitch(doc, `aws/${modelId}`, { home: home.home, env: homeEnv }, () => ({ hasKey: true }), { origin: `http://127.0.0.1:${port}`, routedAgents: [], token });
    assert.ok(outcome.status === 'planned' && outcome.gateway, JSON.stringify(outcome));
    await applyAgentPlan(nodeFileSystem, outcome.plan, path.join(home.home, '.switchboard-backups'));
    const run = await home.run('codex', ['exec', '--skip-git-repo-check', 'Say hello.'], { env: { ...homeEnv, ...terminalEnvOf(outcome.plan, token) }, timeoutMs: 150_000 });
    assert.ok(run.stdout.includes(reply), describeRun(run));
    assert.deepEqual(leakCheck(credentials.secretAccessKey, [home.home]), [], 'no file under HOME holds the secret access key');
    return { run, accessKeyId: credentials.accessKeyId };
  }

  it('codex exec answered by Claude on Amazon Bedrock: SigV4-signed, streamed over the event stream', async () => {
    const claude = 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0';
    const { run, accessKeyId } = await codexOnBedrock('codex-bedrock', 'eu-central-1', claude);
    const calls = up!.modelCalls('bedrock');
    assert.ok(calls.length >= 1, `no call reached Bedrock; ${describeRun(run)}`);
    for (const call of calls) {
      assert.equal(call.status, 200);
      assert.equal(call.model, claude, 'the model id is the path’s');
      assert.equal(call.path, `/model/${encodeURIComponent(claude)}/invoke-with-response-stream`, 'Codex streams, so the gateway used the event stream');
      assert.equal(call.stream, true);
      assert.deepEqual(call.aws, { auth: 'sigv4', accessKeyId, sessionToken: false });
      assert.equal(call.body.anthropic_version, 'bedrock-2023-05-31');
    }
  });

  it('codex exec answered by Nova on Amazon Bedrock: the Converse API, SigV4-signed, streamed over the event stream', async () => {
    const nova = 'us.amazon.nova-pro-v1:0';
    const { run, accessKeyId } = await codexOnBedrock('codex-nova', 'us-east-1', nova);
    assert.deepEqual(up!.modelCalls('bedrock'), [], 'nothing went through InvokeModel');
    const calls = up!.modelCalls('bedrock-converse');
    assert.ok(calls.length >= 1, `no call reached Bedrock's Converse API; ${describeRun(run)}`);
    for (const call of calls) {
      assert.equal(call.status, 200, call.rawBody.slice(0, 500));
      assert.equal(call.model, nova, 'the model id is the path’s');
      assert.equal(call.path, `/model/${encodeURIComponent(nova)}/converse-stream`, 'Codex streams, so the gateway used ConverseStream');
      assert.equal(call.stream, true);
      assert.deepEqual(call.aws, { auth: 'sigv4', accessKeyId, sessionToken: false });
      assert.ok(Array.isArray(call.body.messages) && call.body.model === undefined, 'a Converse body');
    }
  });

  it('OpenCode speaking Chat Completions to the gateway, answered by an Anthropic-only upstream', async () => {
    const reply = uniqueReply('opencode');
    up = await startUpstream({ protocols: ['anthropic'], reply });
    const doc = documentWith([provider('lab', { type: 'anthropic', baseUrl: `${up.url}/v1`, agents: ['opencode'], models: [model('claude-lab')] })], { lastUsedRef: 'lab/claude-lab' });
    gateway = gatewayFor(() => doc);
    const { port } = await gateway.start();
    home = new AgentHome('gw-opencode');
    const homeEnv = { XDG_CONFIG_HOME: path.join(home.home, '.config') };
    // OpenCode can speak Anthropic itself; pointed at the gateway's Chat Completions route, the gateway translates.
    const adapter: AgentAdapter = openCode;
    const endpoint = labEndpoint({ providerType: 'openai-compatible', protocol: 'openai-chat', baseUrl: `http://127.0.0.1:${port}/a/opencode/openai/v1`, key: { kind: 'env' } }, 'claude-lab');
    const plan = await applyThroughAdapter(adapter, endpoint, home, homeEnv);
    const run = await home.run('opencode', ['run', 'Say hello.'], { env: { ...homeEnv, ...terminalEnvOf(plan, token) }, timeoutMs: 150_000 });
    assert.ok(run.stdout.includes(reply), describeRun(run));
    const calls = up.modelCalls('anthropic');
    assert.ok(calls.length >= 1 && calls.every((call) => call.model === 'claude-lab' && call.apiKey === upstreamKey), `calls: ${JSON.stringify(calls.map((call) => [call.model, call.apiKey === upstreamKey]))}`);
  });
});

/** The tool results a Chat or Anthropic request carries: their call ids and text. */
function toolResults(body: any): { id: string; text: string }[] {
  const out: { id: string; text: string }[] = [];
  for (const m of Array.isArray(body?.messages) ? body.messages : []) {
    if (m.role === 'tool') out.push({ id: m.tool_call_id, text: typeof m.content === 'string' ? m.content : JSON.stringify(m.content) });
    else if (Array.isArray(m.content))
      for (const b of m.content) if (b?.type === 'tool_result') out.push({ id: b.tool_use_id, text: typeof b.content === 'string' ? b.content : JSON.stringify(b.content) });
  }
  return out;
}
