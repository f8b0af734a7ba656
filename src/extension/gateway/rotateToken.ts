/**
 * "Switchboard: Rotate Gateway Token": a new local token. Agents that get it from the key
 * helper see it with their next request; the ones holding it in a file or a terminal variable
 * are re-applied now.
 */
import * as vscode from 'vscode';
import { agentLabel, type AgentId } from '../../providers/agentCatalog';
import type { Services } from '../services';

export async function rotateGatewayTokenCommand({ gateway, agentSwitch }: Services): Promise<void> {
  await gateway.rotate();
  const holders = Object.entries(agentSwitch.runs.all())
    .filter(([, run]) => run?.applied?.gateway && run.applied.delivery !== 'helper')
    .map(([agent]) => agent as AgentId);
  const reapplied: AgentId[] = [];
  for (const agent of holders) {
    const ref = agentSwitch.currentRef(agent);
    if (ref && (await agentSwitch.applyAgent(agent, ref, { quiet: true })).applied.length) reapplied.push(agent);
  }
  void vscode.window.showInformationMessage(
    `Switchboard’s gateway has a new token${reapplied.length ? `; ${reapplied.map(agentLabel).join(', ')} ${reapplied.length === 1 ? 'was' : 'were'} given it` : ''}. Requests with the old one are refused.`,
  );
}
