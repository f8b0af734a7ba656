/**
 * Benchmark, inside the real extension host: from a pick to every assigned agent's config
 * written. The picked Anthropic provider lists every agent; Codex and Gemini CLI follow their
 * own assignments to an OpenAI and a Gemini provider, Cline has the plaintext opt-in, so each
 * configurable agent is really written (VS Code chat has no adapter yet). Files land under
 * the test HOME; the key helper serves Claude Code, Codex and OpenClaw.
 *
 * Two figures:
 * - another model of the same provider, the usual pick (the target);
 * - another provider, whose endpoint also goes into the Claude Code extension's VS Code
 *   settings: one user-scope settings write, which VS Code alone takes 50–90 ms over. Its peer
 *   is that bare write (the same setting, a value of the same size), timed in the same runs.
 */
import * as vscode from 'vscode';
import type { ModelChoice } from '../../src/providers/modelOrder';
import type { ModelRef } from '../../src/providers/refs';
import { agentIds } from '../../src/providers/agentCatalog';
import { addModel, addProvider, assignAgent } from '../../src/providers/operations';
import { reportBench } from '../harness/benchReport';
import { resetStore, switchboard } from '../integration/helpers';

const runs = 20;
const warmup = 2; // the first runs load dist/agents.js and write the settings once
const envSetting = 'claudeCode.environmentVariables';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

describe('bench: agent switch', () => {
  it('writes every assigned agent\'s config after a pick', async () => {
    const api = await switchboard();
    await resetStore(api);
    const { store, agentSwitch } = api.services;
    for (const [id, port] of [['bench', 9], ['bench-b', 10]] as const) {
      await store.apply(addProvider({ name: id, type: 'anthropic', baseUrl: `http://127.0.0.1:${port}/v1`, agents: [...agentIds] }), 'bench');
      await store.secrets.setKey(id, 'sk-bench-key');
    }
    for (const id of ['model-a', 'model-b']) await store.apply(addModel('bench', { id, contextLimit: 200_000 }), 'bench');
    await store.apply(addModel('bench-b', { id: 'model-c', contextLimit: 200_000 }), 'bench');
    for (const [id, type, model] of [['bench-oa', 'openai', 'gpt-bench'], ['bench-gm', 'gemini', 'gemini-bench']] as const) {
      await store.apply(addProvider({ name: id, type, baseUrl: type === 'openai' ? 'http://127.0.0.1:9/v1' : 'http://127.0.0.1:9/v1beta', agents: [] }), 'bench');
      await store.secrets.setKey(id, 'sk-bench-key');
      await store.apply(addModel(id, { id: model, contextLimit: 200_000 }), 'bench');
    }
    await store.apply(assignAgent('codex', 'bench-oa/gpt-bench'), 'bench');
    await store.apply(assignAgent('gemini-cli', 'bench-gm/gemini-bench'), 'bench');
    await agentSwitch.consent.set('cline', true);
    const choice = (providerId: string, index: number): ModelChoice => {
      const provider = store.provider(providerId)!;
      const model = provider.models[index];
      return { provider, model, ref: `${providerId}/${model.id}` as ModelRef };
    };
    let applied = 0;
    const pick = async (next: ModelChoice): Promise<number> => {
      const start = performance.now();
      const report = await agentSwitch.apply(next);
      const elapsed = performance.now() - start;
      applied = report.applied.length;
      return elapsed;
    };

    // Alternate models, so every run really rewrites the files.
    const models: number[] = [];
    for (let i = 0; i < runs + warmup; i++) {
      const elapsed = await pick(choice('bench', i % 2));
      if (i >= warmup) models.push(elapsed);
    }
    reportBench({ name: 'agentSwitch', label: `pick → ${applied} agents' configs written`, unit: 'ms', target: 100, value: median(models) });

    // Alternate providers, each pick beside the bare settings write it contains.
    const config = () => vscode.workspace.getConfiguration();
    const providers: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < runs + warmup; i++) {
      const elapsed = await pick(i % 2 ? choice('bench', 0) : choice('bench-b', 0));
      const current = config().inspect<{ name: string; value: string }[]>(envSetting)?.globalValue ?? [];
      const start = performance.now();
      await config().update(envSetting, current.map((entry) => ({ ...entry, value: `${entry.value}/` })), vscode.ConfigurationTarget.Global);
      if (i >= warmup) {
        providers.push(elapsed);
        bare.push(performance.now() - start);
      }
    }
    reportBench({ name: 'agentSwitchProvider', label: `pick of another provider → ${applied} agents`, unit: 'ms', target: 100, value: median(providers), peer: median(bare) });

    await agentSwitch.consent.set('cline', false);
    await agentSwitch.revert.all();
    await resetStore(api);
  });
});
