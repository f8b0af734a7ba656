import * as vscode from 'vscode';
import { modelLabel } from '../../providers/model';
import { setEmbeddingModel } from '../../providers/operations';
import { formatRef, type ModelRef } from '../../providers/refs';
import type { Services } from '../services';

/**
 * Asks for the embedding model among every provider's embedding models, with "None" first
 * to clear it. Undefined when cancelled, null for None.
 */
async function pickEmbeddingModel(store: Services['store']): Promise<ModelRef | null | undefined> {
  type Item = vscode.QuickPickItem & { ref?: ModelRef | null };
  const current = store.document.embeddingRef;
  const items: Item[] = [{ label: 'None', description: current ? 'clear the embedding model' : 'no embedding model is set', ref: null }];
  for (const p of store.document.providers) {
    const models = p.models.filter((m) => m.kind === 'embedding');
    if (!models.length) continue;
    items.push({ label: p.name, kind: vscode.QuickPickItemKind.Separator });
    for (const m of models) {
      const ref = formatRef(p.id, m.id);
      items.push({ label: `${ref === current ? '$(check) ' : ''}${modelLabel(m)}`, description: ref, ref });
    }
  }
  if (items.length === 1 && !current) {
    const add = await vscode.window.showInformationMessage('There are no embedding models yet. Add a model of kind “embedding” first.', 'Add Model');
    if (add) void vscode.commands.executeCommand('switchboard.addModel');
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title: 'Set Embedding Model', placeHolder: 'Choose the embedding model', matchOnDescription: true }))?.ref;
}

/**
 * Switchboard: Set Embedding Model — picks the one embedding model (separate from the chat
 * default), or clears it. With an argument: a ref sets it, null clears it.
 */
export async function setEmbeddingModelCommand({ store }: Services, ref?: ModelRef | null): Promise<void> {
  const target = ref === undefined ? await pickEmbeddingModel(store) : ref;
  if (target === undefined) return;
  await store.apply(setEmbeddingModel(target), target ? `Embedding model is now ${target}.` : 'Cleared the embedding model.');
}
