/**
 * Benchmark, inside the real extension host: open the status-bar picker with 5,000 models
 * across 50 providers, from the call to the moment the QuickPick is shown with its items.
 * The peer is a bare QuickPick given 5,000 ready-made items in the same run.
 */
import * as vscode from 'vscode';
import { documentKey } from '../../src/extension/store/store';
import { currentSchemaVersion } from '../../src/providers/document';
import { switchboard } from '../integration/helpers';

const providers = 50;
const modelsEach = 100;
const runs = 30;

function seed() {
  return {
    schemaVersion: currentSchemaVersion,
    providers: Array.from({ length: providers }, (_, p) => ({
      id: `p${p}`,
      name: `Provider ${p}`,
      type: 'ollama',
      agents: ['codex'],
      models: Array.from({ length: modelsEach }, (_, m) => ({ id: `vendor/model-${m}:tag`, displayName: `Model ${p}.${m}`, contextLimit: 128_000, kind: 'chat' })),
    })),
    defaultRef: 'p3/vendor/model-7:tag',
    lastUsedRef: 'p9/vendor/model-1:tag',
    assignments: {},
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function time(open: (shown: () => void) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const start = performance.now();
    let shownAt = 0;
    const closed = open(() => (shownAt = performance.now()));
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await closed;
    if (i >= 3) samples.push(shownAt - start); // the first runs warm up the JIT
  }
  return samples;
}

describe('bench: status-bar picker', () => {
  it(`opens with ${providers * modelsEach} models across ${providers} providers`, async () => {
    const api = await switchboard();
    const { store } = api.services;
    await api.context.globalState.update(documentKey, seed());
    await store.reloadDiscardingLocal();
    const ours = await time((shown) => api.showModelPicker(store, shown));

    const items = store.document.providers.flatMap((p) => p.models.map((m) => ({ label: m.displayName ?? m.id, description: `${p.id}/${m.id}` })));
    const peer = await time((shown) => {
      const qp = vscode.window.createQuickPick();
      qp.items = items;
      const hidden = new Promise((resolve) => qp.onDidHide(resolve));
      qp.show();
      shown();
      return hidden.then(() => qp.dispose());
    });

    const result = { name: 'pickerOpen5000', unit: 'ms', value: median(ours), target: 50, peer: median(peer), ratio: median(ours) / median(peer), samples: runs };
    console.log(`[switchboard-bench] ${JSON.stringify(result)}`);
    await api.context.globalState.update(documentKey, undefined);
    await store.reloadDiscardingLocal();
  });
});
