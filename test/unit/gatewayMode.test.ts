import * as assert from 'node:assert/strict';
import { gatewayBaseUrl, gatewayNeeded, type GatewayOffer } from '../../src/agents/gatewayMode';
import { adapterFor } from '../../src/agents/registry';
import { planSwitch, type AgentOutcome } from '../../src/agents/switchPlan';
import { uniqueProviderId } from '../../src/providers/ids';
import { documentWith, model, provider } from '../fakes/builders';

const environment = { home: '/home/dev', env: {} };
const envKey = () => ({});
const origin = 'http://127.0.0.1:4141';
const helper = { command: '/gs/switchboard-key', args: ['--gateway'] };
const offer = (extra: Partial<GatewayOffer> = {}): GatewayOffer => ({ origin, routedAgents: [], token: 'local-token-1', ...extra });

function planned(o: AgentOutcome | undefined) {
  assert.ok(o && o.status === 'planned', `expected a plan, got ${JSON.stringify(o)}`);
  return o;
}
const editsOf = (o: AgentOutcome) => (o.status === 'planned' ? o.plan.files.flatMap((f) => f.edits) : []);
const valueAt = (o: AgentOutcome, ...path: string[]) => editsOf(o).find((e) => e.path.join('.') === path.join('.'))?.value;

describe('agents through the gateway', () => {
  const ollama = provider('local', { type: 'ollama', agents: ['claude-code', 'codex', 'opencode'], models: [model('qwen3-coder')] });
  const anthropic = provider('claude', { type: 'anthropic', agents: ['codex', 'claude-code', 'opencode'], models: [model('sonnet')] });

  it('routes an agent that cannot speak the provider protocol through its own gateway route, with the token instead of a key', () => {
    const outcomes = planSwitch(documentWith([ollama]), 'local/qwen3-coder', environment, envKey, offer({ helper }));
    const claude = planned(outcomes.find((o) => o.agent === 'claude-code'));
    assert.equal(claude.gateway, true);
    assert.equal(claude.delivery, 'helper');
    const env = valueAt(claude, 'env') as Record<string, string> | undefined;
    const flat = JSON.stringify(editsOf(claude));
    assert.match(flat, /http:\/\/127\.0\.0\.1:4141\/a\/claude-code\/anthropic/);
    assert.match(flat, /switchboard-key/);
    assert.match(flat, /qwen3-coder/, 'the agent still names the model it gets');
    assert.equal(env?.ANTHROPIC_API_KEY, undefined);
    const codex = planned(outcomes.find((o) => o.agent === 'codex'));
    assert.equal(codex.gateway, true);
    assert.equal(valueAt(codex, 'model_providers', 'switchboard-gateway', 'base_url'), `${origin}/a/codex/openai/v1`);
    assert.equal(valueAt(codex, 'model_providers', 'switchboard-gateway', 'wire_api'), 'responses');
    assert.deepEqual(valueAt(codex, 'model_providers', 'switchboard-gateway', 'auth'), { command: helper.command, args: helper.args, timeout_ms: 5000 });
    // OpenCode speaks chat completions, as Ollama does: it goes direct.
    assert.equal(planned(outcomes.find((o) => o.agent === 'opencode')).gateway, false);
  });

  it('writes the token, never a key, where no key helper serves', () => {
    const codexOutcome = planSwitch(documentWith([anthropic]), 'claude/sonnet', environment, () => ({ plaintext: 'sk-real' }), offer({ routedAgents: ['opencode'] }));
    const opencode = planned(codexOutcome.find((o) => o.agent === 'opencode'));
    assert.equal(opencode.gateway, true, 'the user routed OpenCode through the gateway');
    const flat = JSON.stringify(editsOf(opencode));
    assert.match(flat, /local-token-1/);
    assert.doesNotMatch(flat, /sk-real/);
    assert.equal((valueAt(opencode, 'provider', 'switchboard-gateway') as { npm: string }).npm, '@ai-sdk/anthropic', 'no translation needed: it speaks Anthropic to the gateway');
    // Codex has no plaintext delivery: the token comes from the terminal variable.
    const codex = planned(codexOutcome.find((o) => o.agent === 'codex'));
    assert.equal(codex.delivery, 'env');
    assert.equal(codex.status === 'planned' && codex.plan.keyVariable, 'SWITCHBOARD_GATEWAY_KEY');
    // Claude Code speaks Anthropic and was not routed: it goes direct.
    assert.equal(planned(codexOutcome.find((o) => o.agent === 'claude-code')).gateway, false);
  });

  it('keeps the refusal when no gateway is offered', () => {
    const [codex] = planSwitch(documentWith([anthropic]), 'claude/sonnet', environment, envKey);
    assert.equal(codex.status, 'refused');
  });

  it('routes every agent to any Bedrock chat model through the gateway (none signs AWS requests itself)', () => {
    const bedrock = provider('aws', { type: 'bedrock', region: 'us-east-1', aws: { method: 'profile', profile: 'dev' }, agents: ['codex', 'claude-code'], models: [model('us.anthropic.claude-sonnet-4-5-20250929-v1:0'), model('amazon.nova-pro-v1:0')] } as never);
    const doc = documentWith([bedrock]);
    const outcomes = planSwitch(doc, 'aws/us.anthropic.claude-sonnet-4-5-20250929-v1:0', environment, envKey, offer());
    const codex = planned(outcomes.find((o) => o.agent === 'codex'));
    assert.equal(codex.gateway, true);
    assert.equal(valueAt(codex, 'model_providers', 'switchboard-gateway', 'base_url'), `${origin}/a/codex/openai/v1`);
    const claude = planned(outcomes.find((o) => o.agent === 'claude-code'));
    assert.equal(claude.gateway, true, 'Claude Code speaks Anthropic, but not signed Bedrock requests');
    assert.match(JSON.stringify(editsOf(claude)), /\/a\/claude-code\/anthropic/);
    for (const o of planSwitch(doc, 'aws/amazon.nova-pro-v1:0', environment, envKey, offer())) {
      assert.equal(planned(o).gateway, true, `${o.agent} reaches Nova through the gateway`);
    }
    // Without a gateway, Bedrock is out of every agent's reach.
    assert.match(JSON.stringify(planSwitch(doc, 'aws/us.anthropic.claude-sonnet-4-5-20250929-v1:0', environment, envKey)), /only through Switchboard's gateway/);
    assert.equal(gatewayNeeded(doc, [], adapterFor), true);
    const novaOnly = provider('aws', { type: 'bedrock', region: 'us-east-1', aws: { method: 'profile', profile: 'dev' }, agents: ['codex'], models: [model('amazon.nova-pro-v1:0')] } as never);
    assert.equal(gatewayNeeded(documentWith([novaOnly]), [], adapterFor), true, 'Nova is routed too');
    const embeddingsOnly = provider('aws', { type: 'bedrock', region: 'us-east-1', aws: { method: 'profile', profile: 'dev' }, agents: ['codex'], models: [model('amazon.titan-embed-text-v2:0', { kind: 'embedding' })] } as never);
    assert.equal(gatewayNeeded(documentWith([embeddingsOnly]), [], adapterFor), false, 'no chat model: nothing to route');
  });

  it('routes Gemini CLI to any model through its Gemini route: the base its SDK extends with /v1beta, and the token as GEMINI_API_KEY', () => {
    const gem = provider('g', { type: 'anthropic', agents: ['gemini-cli'], models: [model('sonnet')] });
    const gemini = planned(planSwitch(documentWith([gem]), 'g/sonnet', environment, envKey, offer())[0]);
    assert.equal(gemini.gateway, true);
    assert.equal(gemini.delivery, 'env');
    assert.ok(gemini.status === 'planned');
    assert.equal(gemini.plan.terminalEnv?.GOOGLE_GEMINI_BASE_URL, `${origin}/a/gemini-cli/gemini`);
    assert.equal(gemini.plan.keyVariable, 'GEMINI_API_KEY');
    assert.equal(valueAt(gemini, 'model', 'name'), 'sonnet', 'the CLI still names the model it gets');
    // Without a gateway, an Anthropic model stays out of its reach.
    assert.equal(planSwitch(documentWith([gem]), 'g/sonnet', environment, envKey)[0].status, 'refused');
  });

  it('sends agents to Gemini providers through the gateway in their own protocol, and Gemini CLI there only when routed', () => {
    const google = provider('google', { type: 'gemini', agents: ['claude-code', 'gemini-cli'], models: [model('gemini-2.5-pro')] });
    const outcomes = planSwitch(documentWith([google]), 'google/gemini-2.5-pro', environment, envKey, offer());
    const claude = planned(outcomes.find((o) => o.agent === 'claude-code'));
    assert.equal(claude.gateway, true);
    assert.match(JSON.stringify(editsOf(claude)), /\/a\/claude-code\/anthropic/);
    assert.equal(planned(outcomes.find((o) => o.agent === 'gemini-cli')).gateway, false, 'Gemini CLI speaks Gemini: direct');
    const routed = planned(planSwitch(documentWith([google]), 'google/gemini-2.5-pro', environment, envKey, offer({ routedAgents: ['gemini-cli'] })).find((o) => o.agent === 'gemini-cli'));
    assert.equal(routed.gateway, true);
    assert.ok(routed.status === 'planned' && routed.plan.terminalEnv?.GOOGLE_GEMINI_BASE_URL === `${origin}/a/gemini-cli/gemini`);
  });

  it('builds one route per agent and protocol family', () => {
    assert.equal(gatewayBaseUrl(origin, 'codex', 'openai-responses'), `${origin}/a/codex/openai/v1`);
    assert.equal(gatewayBaseUrl(origin, 'claude-code', 'anthropic-messages'), `${origin}/a/claude-code/anthropic/v1`);
    assert.equal(gatewayBaseUrl(origin, 'gemini-cli', 'gemini'), `${origin}/a/gemini-cli/gemini/v1beta`);
  });

  it('never gives a new provider the gateway id', () => {
    assert.equal(uniqueProviderId('Gateway', []), 'gateway-2');
  });
});

describe('when the gateway must run', () => {
  it('runs only when some listed or assigned agent goes through it', () => {
    const anthropic = provider('claude', { type: 'anthropic', agents: ['claude-code'], models: [model('sonnet')] });
    const oa = provider('oa', { type: 'openai', agents: [], models: [model('gpt-5')] });
    assert.equal(gatewayNeeded(documentWith([anthropic, oa]), [], adapterFor), false);
    assert.equal(gatewayNeeded(documentWith([anthropic, oa]), ['claude-code'], adapterFor), true, 'routed by the user');
    assert.equal(gatewayNeeded(documentWith([anthropic, oa], { assignments: { 'claude-code': 'oa/gpt-5' } }), [], adapterFor), true, 'Claude Code assigned an OpenAI model');
    assert.equal(gatewayNeeded(documentWith([{ ...anthropic, agents: ['codex'] }]), [], adapterFor), true, 'Codex on an Anthropic provider');
  });
});
