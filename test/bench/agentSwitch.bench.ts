/**
 * Benchmark, inside the real extension host: from a pick to every assigned agent's config
 * written. The picked Anthropic provider lists every agent; Codex and Gemini CLI follow their
 * own assignments to an OpenAI and a Gemini provider, Cline has the plaintext opt-in, so each
 * configurable agent is really written (VS Code chat has no adapter yet). Files land under
 * the test HOME; the key helper serves Claude Code, Codex and OpenClaw.
 */
import type { ModelRef } from '../../src/providers/refs';
import { agentIds } from '../../src/providers/agentCatalog';
import { addModel, addProvider, assignAgent } from '../../src/providers/operations';
import { reportBench } from '../harness/benchReport';
import { resetStore, switchboard } from '../integration/helpers';

const runs = 20;

describe('bench: agent switch', () => {
  it('writes every assigned agent\'s config after a pick', async () => {
    const api = await switchboard();
    await resetStore(api);
    const { store, agentSwitch } = api.services;
    await store.apply(addProvider({ name: 'Bench', type: 'anthropic', baseUrl: 'http://127.0.0.1:9/v1', agents: [...agentIds] }), 'bench');
    await store.setKey('bench', 'sk-bench-key');
    for (const id of ['model-a', 'model-b']) await store.apply(addModel('bench', { id, contextLimit: 200_000 }), 'bench');
    for (const [id, type, model] of [['bench-oa', 'openai', 'gpt-bench'], ['bench-gm', 'gemini', 'gemini-bench']] as const) {
      await store.apply(addProvider({ name: id, type, baseUrl: type === 'openai' ? 'http://127.0.0.1:9/v1' : 'http://127.0.0.1:9/v1beta', agents: [] }), 'bench');
      await store.setKey(id, 'sk-bench-key');
      await store.apply(addModel(id, { id: model, contextLimit: 200_000 }), 'bench');
    }
    await store.apply(assignAgent('codex', 'bench-oa/gpt-bench'), 'bench');
    await store.apply(assignAgent('gemini-cli', 'bench-gm/gemini-bench'), 'bench');
    await agentSwitch.consent.set('cline', true);
    const provider = store.provider('bench')!;
    const samples: number[] = [];
    let applied = 0;
    for (let i = 0; i < runs + 2; i++) {
      // Alternate models, so every run really rewrites the files.
      const model = provider.models[i % 2];
      const start = performance.now();
      const report = await agentSwitch.apply({ provider, model, ref: `bench/${model.id}` as ModelRef });
      if (i >= 2) samples.push(performance.now() - start); // the first runs load dist/agents.js
      applied = report.applied.length;
    }
    samples.sort((a, b) => a - b);
    reportBench({ name: 'agentSwitch', label: `pick → ${applied} agents' configs written`, unit: 'ms', target: 100, value: samples[Math.floor(samples.length / 2)] });
    await agentSwitch.consent.set('cline', false);
    await agentSwitch.revert.all();
    await resetStore(api);
  });
});
