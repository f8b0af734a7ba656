import * as assert from 'node:assert/strict';
import { chooseDelivery } from '../../src/agents/agentAdapter';
import { planSwitch } from '../../src/agents/switchPlan';
import { documentWith, model, provider } from '../fakes/builders';

const environment = { home: '/home/dev', env: {} };
/** The host offers neither the key helper nor a plaintext key: agents that accept env get env. */
const envKey = () => ({});

describe('switch plan', () => {
  const claude = provider('claude', { type: 'anthropic', agents: ['claude-code', 'codex', 'opencode'], models: [model('sonnet'), model('opus')] });
  const oa = provider('oa', { type: 'openai', agents: ['codex'], models: [model('gpt-5')] });

  it('plans every agent the provider lists, each on its own', () => {
    const outcomes = planSwitch(documentWith([claude, oa]), 'claude/sonnet', environment, envKey);
    assert.deepEqual(outcomes.map((o) => [o.agent, o.status]), [
      ['claude-code', 'planned'],
      ['codex', 'refused'],
      ['opencode', 'planned'],
    ]);
    const refused = outcomes[1];
    assert.match(refused.status === 'refused' ? refused.reason : '', /Codex CLI speaks only OpenAI Responses/);
  });

  it('lets an agent\'s own assignment win over the pick', () => {
    const doc = documentWith([claude, oa], { assignments: { codex: 'oa/gpt-5' } });
    const codex = planSwitch(doc, 'claude/sonnet', environment, envKey).find((o) => o.agent === 'codex')!;
    assert.equal(codex.status, 'planned');
    assert.equal(codex.ref, 'oa/gpt-5');
  });

  it('says which agents Switchboard cannot configure yet', () => {
    const p = provider('p', { type: 'anthropic', agents: ['vscode-chat'], models: [model('m')] });
    const [outcome] = planSwitch(documentWith([p]), 'p/m', environment, envKey);
    assert.equal(outcome.status, 'unsupported');
    assert.match(outcome.status === 'unsupported' ? outcome.reason : '', /VS Code chat is not configured by Switchboard yet/);
  });

  it('gives keyless providers no key delivery', () => {
    const local = provider('local', { type: 'ollama', agents: ['codex'], models: [model('qwen')] });
    const [outcome] = planSwitch(documentWith([local]), 'local/qwen', environment, envKey);
    assert.equal(outcome.status, 'refused', 'Ollama speaks chat completions, not Responses');
  });

  it('delivers an optional key when one is set, and none when it is not', () => {
    const compat = provider('compat', { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:8000/v1', agents: ['opencode'], models: [model('m')] });
    const plan = (hasKey: boolean) => {
      const [o] = planSwitch(documentWith([compat]), 'compat/m', environment, () => ({ hasKey }));
      return o.status === 'planned' ? o.plan : undefined;
    };
    assert.equal(plan(true)?.keyVariable, 'SWITCHBOARD_COMPAT_KEY');
    assert.equal(plan(false)?.keyVariable, undefined);
  });

  it('returns nothing for a ref that no longer resolves', () => {
    assert.deepEqual(planSwitch(documentWith([claude]), 'claude/gone', environment, envKey), []);
  });

  it('gives each agent its preferred key delivery among those offered', () => {
    const helper = { command: '/opt/node', args: ['/ext/dist/keyHelper.js', 'claude'] };
    const outcomes = planSwitch(documentWith([claude]), 'claude/sonnet', environment, () => ({ helper }));
    const delivery = (agent: string) => {
      const o = outcomes.find((x) => x.agent === agent)!;
      return o.status === 'planned' ? o.plan : undefined;
    };
    assert.equal(delivery('claude-code')?.keyVariable, undefined, 'Claude Code runs the helper');
    assert.equal(delivery('opencode')?.keyVariable, 'SWITCHBOARD_CLAUDE_KEY', 'OpenCode cannot run a command: the terminal variable');
  });

  it('asks for the plaintext opt-in only where nothing else works', () => {
    assert.equal(chooseDelivery(['plaintext'], {}), undefined);
    assert.deepEqual(chooseDelivery(['plaintext'], { plaintext: 'sk' }), { kind: 'plaintext', value: 'sk' });
    assert.deepEqual(chooseDelivery(['helper', 'env'], { plaintext: 'sk' }), { kind: 'env' }, 'an agent with no place for a plaintext key never gets one');
    assert.deepEqual(chooseDelivery(['helper', 'env', 'plaintext'], { plaintext: 'sk', helper: { command: 'n', args: [] } }), { kind: 'plaintext', value: 'sk' }, 'the opt-in wins: the user wants it to work without VS Code');
    assert.deepEqual(chooseDelivery(['extension'], { plaintext: 'sk', helper: { command: 'n', args: [] } }), { kind: 'extension' }, 'an extension that keeps the key itself always takes it');
  });
});
