/** The Agents tab's messages through the router: Apply, Preview diff, Revert, and the status in `state`. */
import * as assert from 'node:assert/strict';
import { keyMask, maskKey } from '../../src/agents/agentAdapter';
import { maskedOffers, planAgent } from '../../src/agents/switchPlan';
import { AgentRuns } from '../../src/extension/agentRuns';
import type { PanelContext } from '../../src/extension/panel/context';
import { addModel, addProvider, assignAgent, recordLastUsed } from '../../src/providers/operations';
import { toWebviewSchema } from '../../src/protocol/messages';
import { documentWith, model, provider } from '../fakes/builders';
import { panelHarness } from '../fakes/panelHarness';

const key = 'sk-agents-NEVER-SHOWN-314';

async function setup(extra: Partial<PanelContext> = {}) {
  const calls: string[] = [];
  let runs!: AgentRuns;
  const harness = await panelHarness(({ memento }) => {
    runs = new AgentRuns(memento, () => new Date('2026-11-23T10:00:00.000Z'));
    return {
      agentFacts: () => ({ runs: runs.all() }),
      applyAgent: async (agent, ref) => void calls.push(`apply ${agent} ${ref}`),
      previewAgent: async (agent, ref) => (calls.push(`preview ${agent} ${ref}`), { ok: true }),
      revertAgent: async (agent) => (calls.push(`revert ${agent}`), { ok: true, message: 'Restored 1 Codex CLI config file.' }),
      ...extra,
    };
  });
  const { store } = harness;
  await store.apply(addProvider({ name: 'Work', type: 'openai', agents: ['codex', 'opencode'] }), 'seed');
  await store.apply(addModel('work', { id: 'gpt-5', contextLimit: 400_000 }), 'seed');
  await store.apply(addModel('work', { id: 'gpt-5-mini', contextLimit: 400_000 }), 'seed');
  await store.secrets.setKey('work', key);
  return { ...harness, runs, calls };
}

describe('Agents tab messages', () => {
  it('applies the agent\'s assignment, else the status bar\'s model', async () => {
    const t = await setup();
    await t.store.apply(recordLastUsed('work/gpt-5'), 'pick');
    assert.deepEqual(await t.request({ type: 'applyAgentNow', agent: 'codex' }), { type: 'result', requestId: 'r1', ok: true });
    await t.store.apply(assignAgent('codex', 'work/gpt-5-mini'), 'pin');
    await t.request({ type: 'applyAgentNow', agent: 'codex' });
    assert.deepEqual(t.calls, ['apply codex work/gpt-5', 'apply codex work/gpt-5-mini']);
  });

  it('reports the agent switch\'s problem, and refuses without a model or a known agent', async () => {
    const t = await setup({ applyAgent: async () => ({ problems: ['Codex CLI: the file is not UTF-8 text'] }) });
    const failed = await t.request({ type: 'applyAgentNow', agent: 'codex' });
    assert.deepEqual([failed.ok, failed.message], [false, 'Codex CLI: the file is not UTF-8 text']);
    const unknown = await t.request({ type: 'applyAgentNow', agent: 'emacs' });
    assert.match(unknown.message ?? '', /Unknown agent/);
    await t.store.secrets.deleteKey('work');
    const noModel = await t.request({ type: 'previewAgent', agent: 'codex' });
    assert.match(noModel.message ?? '', /Codex CLI has no model yet/);
  });

  it('hands Preview diff and Revert to the host with the agent and its model', async () => {
    const t = await setup();
    assert.equal((await t.request({ type: 'previewAgent', agent: 'opencode' })).ok, true);
    const reverted = await t.request({ type: 'revertAgent', agent: 'codex' });
    assert.deepEqual([reverted.ok, reverted.message], [true, 'Restored 1 Codex CLI config file.']);
    assert.deepEqual(t.calls, ['preview opencode work/gpt-5', 'revert codex']);
    assert.equal((await t.request({ type: 'revertAgent', agent: 'emacs' })).ok, false);
  });

  it('answers "not available" when the panel has no such capability', async () => {
    const t = await setup({ applyAgent: undefined, previewAgent: undefined, revertAgent: undefined });
    for (const type of ['applyAgentNow', 'previewAgent', 'revertAgent']) {
      const reply = await t.request({ type, agent: 'codex' });
      assert.deepEqual([reply.ok, reply.message], [false, 'This action is not available here.'], type);
    }
  });

  it('puts the last apply, its problem and detection in the state, and never a key', async () => {
    const found = { detection: { cli: '/usr/bin/codex' }, configurable: true, revertible: true };
    const t = await setup();
    await t.runs.recordApplied('codex', 'work/gpt-5', 'env', 'new-session');
    await t.runs.recordProblem('opencode', 'OpenCode: permission denied');
    let state = await t.state();
    assert.ok(toWebviewSchema.safeParse(state).success);
    const codex = state.agents.find((a) => a.id === 'codex')!;
    assert.deepEqual(codex.lastApplied, { time: '2026-11-23T10:00:00.000Z', ref: 'work/gpt-5', model: 'gpt-5 · Work', delivery: 'env', pickup: 'new-session' });
    assert.equal(codex.detection, undefined, 'detection comes later');
    assert.equal(state.agents.find((a) => a.id === 'opencode')!.problem, 'OpenCode: permission denied');

    const later = await setup({ agentFacts: () => ({ runs: {}, found: { codex: found } }) });
    state = await later.state();
    assert.deepEqual(state.agents.find((a) => a.id === 'codex')!.detection, { cli: '/usr/bin/codex' });
    assert.equal(state.agents.find((a) => a.id === 'codex')!.configurable, true);
    assert.doesNotMatch(JSON.stringify(state), /NEVER-SHOWN/);
  });

  it('shows a stale ref as is when its model is gone', async () => {
    const t = await setup();
    await t.runs.recordApplied('codex', 'gone/model', 'none', 'restart');
    assert.equal((await t.state()).agents.find((a) => a.id === 'codex')!.lastApplied?.model, 'gone/model');
  });
});

describe('preview masking', () => {
  const doc = documentWith([provider('work', { type: 'openai', agents: ['opencode'], models: [model('gpt-5')] })]);
  const environment = { home: '/home/dev', env: {} };

  it('plans a plaintext opt-in with the mask, never the key', () => {
    const outcome = planAgent(doc, 'opencode', 'work/gpt-5', environment, maskedOffers(() => ({ plaintext: key })));
    assert.equal(outcome.status, 'planned');
    assert.equal(outcome.status === 'planned' && outcome.delivery, 'plaintext');
    const text = JSON.stringify(outcome);
    assert.ok(text.includes(keyMask));
    assert.doesNotMatch(text, /NEVER-SHOWN/);
  });

  it('masks a key already in the user\'s file', () => {
    assert.equal(maskKey(`{"apiKey": "${key}", "again": "${key}"}`, key), `{"apiKey": "${keyMask}", "again": "${keyMask}"}`);
    assert.equal(maskKey('unchanged', undefined), 'unchanged');
    assert.equal(maskKey('unchanged', ''), 'unchanged');
  });
});
