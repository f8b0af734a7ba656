import * as vscode from 'vscode';
import { agentIds, agentLabel, isAgentId, type AgentId } from '../../providers/agentCatalog';
import { modelLabel } from '../../providers/model';
import { availableModels } from '../../providers/modelOrder';
import { assignAgent } from '../../providers/operations';
import { isRef, type ModelRef } from '../../providers/refs';
import type { Services } from '../services';

/**
 * Switchboard: Assign Model to Agent — pins a model to one agent (it then wins over the
 * status-bar pick), or lets the agent follow the pick again. A pinned model is applied at once.
 */
export async function assignModelCommand({ store, agentSwitch }: Services, agentArg?: string, refArg?: string | null): Promise<void> {
  const agent = agentArg !== undefined && isAgentId(agentArg) ? agentArg : await pickAgent(store);
  if (!agent) return;
  const ref = refArg !== undefined ? (refArg === null || isRef(refArg) ? refArg : undefined) : await pickModelFor(store, agent);
  if (ref === undefined) return;
  await store.apply(assignAgent(agent, ref), ref ? `Assigned ${ref} to ${agent}.` : `${agent} follows the status-bar pick again.`);
  if (ref) await agentSwitch.applyAgent(agent, ref);
}

async function pickAgent(store: Services['store']): Promise<AgentId | undefined> {
  const items = agentIds.map((id) => ({ label: agentLabel(id), description: store.document.assignments[id] ?? 'follows the status-bar pick', id }));
  return (await vscode.window.showQuickPick(items, { title: 'Assign Model to Agent', placeHolder: 'Choose an agent' }))?.id;
}

/** undefined when dismissed; null for "follow the status-bar pick". */
async function pickModelFor(store: Services['store'], agent: AgentId): Promise<ModelRef | null | undefined> {
  type Item = vscode.QuickPickItem & { ref: ModelRef | null };
  const items: Item[] = [
    { label: '$(sync) Follow the status-bar pick', description: 'no model of its own', ref: null },
    ...availableModels(store.document, store.isUsable).map((c) => ({ label: modelLabel(c.model), description: c.ref, ref: c.ref })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `Model for ${agentLabel(agent)}`, placeHolder: 'Choose a model', matchOnDescription: true });
  return picked ? picked.ref : undefined;
}
