import * as vscode from 'vscode';
import { agentIds, agentLabel, isAgentId, type AgentId } from '../../providers/agentCatalog';
import type { Services } from '../services';

/**
 * Switchboard: Plaintext Keys for Agents… — which agents may keep a key in their own config
 * file. Allowing one shows the warning first; withdrawing one re-applies that agent, so an
 * agent with another way to get the key drops it from its file.
 */
export async function plaintextKeysCommand({ agentSwitch }: Services, agentArg?: string): Promise<void> {
  if (agentArg !== undefined) {
    if (isAgentId(agentArg)) await agentSwitch.allowPlaintext(agentArg);
    return;
  }
  const allowed = new Set(agentSwitch.consent.agents());
  const candidates = agentIds.filter((agent) => agentSwitch.acceptsPlaintext(agent));
  type Item = vscode.QuickPickItem & { agent: AgentId };
  const items: Item[] = candidates.map((agent) => ({
    label: agentLabel(agent),
    description: agentSwitch.acceptsOnlyPlaintext(agent) ? 'needs it: keeps keys only in its own file' : 'optional: works without VS Code running',
    picked: allowed.has(agent),
    agent,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Agents that may keep API keys in plain text',
    placeHolder: 'Checked agents get the key written into their config file (mode 0600)',
    canPickMany: true,
  });
  if (!picked) return;
  const now = new Set(picked.map((i) => i.agent));
  for (const agent of candidates) {
    if (now.has(agent) && !allowed.has(agent)) await agentSwitch.allowPlaintext(agent);
    if (!now.has(agent) && allowed.has(agent)) await agentSwitch.withdrawPlaintext(agent);
  }
}
