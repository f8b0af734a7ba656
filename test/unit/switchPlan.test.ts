import * as assert from 'node:assert/strict';
import { planSwitch } from '../../src/agents/switchPlan';
import { documentWith, model, provider } from '../fakes/builders';

const environment = { home: '/home/dev', env: {} };
const envKey = () => ({ kind: 'env' as const });

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
    const p = provider('p', { type: 'anthropic', agents: ['cline'], models: [model('m')] });
    const [outcome] = planSwitch(documentWith([p]), 'p/m', environment, envKey);
    assert.equal(outcome.status, 'unsupported');
    assert.match(outcome.status === 'unsupported' ? outcome.reason : '', /Cline is not configured by Switchboard yet/);
  });

  it('gives keyless providers no key delivery', () => {
    const local = provider('local', { type: 'ollama', agents: ['codex'], models: [model('qwen')] });
    const [outcome] = planSwitch(documentWith([local]), 'local/qwen', environment, envKey);
    assert.equal(outcome.status, 'refused', 'Ollama speaks chat completions, not Responses');
  });

  it('returns nothing for a ref that no longer resolves', () => {
    assert.deepEqual(planSwitch(documentWith([claude]), 'claude/gone', environment, envKey), []);
  });
});
