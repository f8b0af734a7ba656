/**
 * The Agents tab's Preview diff and Revert as the panel's capabilities: they need VS Code
 * (the diff editor, a modal), so they live here and reach the handlers through PanelContext.
 */
import * as vscode from 'vscode';
import { agentLabel, type AgentId } from '../../providers/agentCatalog';
import { parseRef, type ModelRef } from '../../providers/refs';
import { showAgentPreview } from '../agentPreview';
import { leftSentence, plural } from '../agentRevert';
import { agentsBundle } from '../agentsBundle';
import type { Services } from '../services';
import { readGatewaySettings } from '../gateway/gatewaySettings';
import type { Reply } from './context';

export async function previewAgent({ agentSwitch, store }: Services, agent: AgentId, ref: ModelRef): Promise<Reply> {
  const result = await agentSwitch.previewAgent(agent, ref);
  if ('problem' in result) return { ok: false, message: result.problem };
  // Read only to mask a copy of the key that the user's own file may already hold.
  const providerId = parseRef(ref)?.providerId;
  const key = providerId ? await store.secrets.readKey(providerId) : undefined;
  await showAgentPreview(agent, agentLabel(agent), result.changes, key);
  return { ok: true };
}

/** Adds the agent to switchboard.gateway.agents (or takes it out), then applies its current model the new way. */
export async function routeThroughGateway({ agentSwitch }: Services, agent: AgentId, on: boolean): Promise<Reply> {
  const config = vscode.workspace.getConfiguration('switchboard.gateway');
  const routed = readGatewaySettings().routedAgents.filter((a) => a !== agent);
  await config.update('agents', on ? [...routed, agent] : routed, vscode.ConfigurationTarget.Global);
  const ref = agentSwitch.currentRef(agent);
  if (!ref) return { ok: true, message: `${agentLabel(agent)} ${on ? 'will go through the gateway' : 'will talk to its provider directly'} once it has a model.` };
  const problem = (await agentSwitch.applyAgent(agent, ref, { quiet: true })).problems[0];
  return problem ? { ok: false, message: problem } : { ok: true };
}

export async function revertAgent({ agentSwitch }: Services, agent: AgentId): Promise<Reply> {
  const label = agentLabel(agent);
  const items = await agentSwitch.revert.items(agent);
  if (!items.length) return { ok: false, message: `Switchboard has not changed ${label}'s config; there is nothing to revert.` };
  const answer = await vscode.window.showWarningMessage(
    `Restore ${label}'s config to what you had before Switchboard changed it?`,
    { modal: true, detail: items.join('\n') },
    'Revert',
  );
  if (answer !== 'Revert') return { ok: false };
  const profile = agentSwitch.revert.changedProfile(agent);
  const { files, settings, variables } = await agentSwitch.revert.agent(agent);
  const left = files.filter((r) => agentsBundle().leftAlone(r.outcome));
  const restored = files.length - left.length;
  const parts = [
    ...(restored || (!settings.length && !profile) ? [plural(restored, `${label} config file`)] : []),
    ...(settings.length ? [plural(settings.length, 'VS Code setting')] : []),
    ...(profile ? [profile] : []),
  ];
  const removed = variables.length ? `; removed ${variables.join(' and ')} from new terminals` : '';
  // A file left as it is keeps its backup, so Revert stays offered for the second try.
  if (left.length) return { ok: false, message: `Restored ${parts.join(' and ')}${removed}; Switchboard ${leftSentence(left)}.` };
  return { ok: true, message: `Restored ${parts.join(' and ')}${removed}.` };
}
