/**
 * Benchmark, inside the real extension host: from a pick to every assigned agent's config
 * written. The provider lists every agent Switchboard has an adapter for that speaks its
 * protocol (Anthropic: Claude Code, OpenCode, OpenClaw), plus Codex and Gemini CLI, which
 * are refused on protocol without touching their files. Files land under the test HOME.
 */
import type { ModelRef } from '../../src/providers/refs';
import { addModel, addProvider } from '../../src/providers/operations';
import { reportBench } from '../harness/benchReport';
import { resetStore, switchboard } from '../integration/helpers';

const runs = 20;

describe('bench: agent switch', () => {
  it('writes every assigned agent\'s config after a pick', async () => {
    const api = await switchboard();
    await resetStore(api);
    const { store, agentSwitch } = api.services;
    await store.apply(addProvider({ name: 'Bench', type: 'anthropic', baseUrl: 'http://127.0.0.1:9/v1', agents: ['claude-code', 'opencode', 'openclaw', 'codex', 'gemini-cli'] }), 'bench');
    await store.setKey('bench', 'sk-bench-key');
    for (const id of ['model-a', 'model-b']) await store.apply(addModel('bench', { id, contextLimit: 200_000 }), 'bench');
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
    reportBench({ name: 'agentSwitch', label: `pick → ${applied} agent configs written`, unit: 'ms', target: 100, value: samples[Math.floor(samples.length / 2)] });
    await agentSwitch.revertAll();
    await resetStore(api);
  });
});
