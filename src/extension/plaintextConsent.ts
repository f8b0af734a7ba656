/**
 * The per-agent opt-in to plaintext keys. Some agents (Cline) keep keys only in their own
 * files. Switchboard writes a key into an agent's file only after the user agreed, for that
 * agent, to a warning naming the file. Kept per machine in globalState, never synced.
 */
import * as vscode from 'vscode';
import { agentLabel, isAgentId, type AgentId } from '../providers/agentCatalog';

const stateKey = 'switchboard.plaintextAgents';

export class PlaintextConsent {
  constructor(private readonly memento: vscode.Memento) {}

  agents(): AgentId[] {
    const stored = this.memento.get<unknown>(stateKey);
    return Array.isArray(stored) ? stored.filter((a): a is AgentId => typeof a === 'string' && isAgentId(a)) : [];
  }

  has(agent: AgentId): boolean {
    return this.agents().includes(agent);
  }

  /** Shows the warning; records the opt-in only when the user agrees. */
  async ask(agent: AgentId, files: readonly string[]): Promise<boolean> {
    const label = agentLabel(agent);
    const allow = `Allow for ${label}`;
    const answer = await vscode.window.showWarningMessage(
      `Write API keys in plain text for ${label}?`,
      {
        modal: true,
        detail: `${label} reads its key only from its own config file, so Switchboard would write the key there as plain text (file mode 0600):\n\n${files.join('\n')}\n\nAnyone or anything that can read your home folder — backups, sync tools, other programs — can then read the key. Other agents are not affected. You can withdraw this with “Switchboard: Plaintext Keys for Agents…”.`,
      },
      allow,
    );
    if (answer !== allow) return false;
    await this.set(agent, true);
    return true;
  }

  async set(agent: AgentId, allowed: boolean): Promise<void> {
    const others = this.agents().filter((a) => a !== agent);
    await this.memento.update(stateKey, allowed ? [...others, agent] : others);
  }
}
