import * as vscode from 'vscode';
import { agentLabel, type AgentId } from '../../providers/agentCatalog';
import { removeModel } from '../../providers/operations';
import { parseRef, type ModelRef } from '../../providers/refs';
import type { Services } from '../services';
import { refuseManaged } from '../team/teamGuards';
import { pickModel } from '../ui/pickers';

/** Switchboard: Remove Model — warns when the model is the default or assigned to agents. */
export async function removeModelCommand(services: Services, ref?: ModelRef): Promise<boolean> {
  const { store } = services;
  const target = ref ?? (await pickModel(store, 'Remove Model'));
  if (!target) return false;
  refuseManaged(services, parseRef(target)?.providerId ?? '', 'lose models');
  const doc = store.document;
  const notes: string[] = [];
  if (doc.defaultRef === target) notes.push('It is the default model; the next available model takes over.');
  if (doc.embeddingRef === target) notes.push('It is the embedding model, which is cleared.');
  const agents = (Object.entries(doc.assignments) as [AgentId, string][]).filter(([, r]) => r === target).map(([a]) => agentLabel(a));
  if (agents.length) notes.push(`${agents.join(', ')} use${agents.length === 1 ? 's' : ''} it and will need another model.`);
  const answer = await vscode.window.showWarningMessage(`Remove model “${target}”?`, { modal: true, detail: notes.join(' ') || undefined }, 'Remove');
  if (answer !== 'Remove') return false;
  await store.apply(removeModel(target), `Removed model ${target}.`);
  return true;
}
