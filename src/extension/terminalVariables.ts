/**
 * Switchboard's variables in VS Code's terminals, with the agents that need each. One name
 * can serve several agents (OpenCode and Kilo read a provider's key from the same
 * SWITCHBOARD_<ID>_KEY), so a variable goes only once no applied agent needs it. The
 * collection is not persisted, so neither is this record: both start empty in a new window.
 * No vscode import: it takes the collection's three methods, so unit tests pass a fake.
 */
import type { AgentId } from '../providers/agentCatalog';

export interface TerminalCollection {
  replace(name: string, value: string): void;
  delete(name: string): void;
  clear(): void;
}

export class TerminalVariables {
  private readonly needs = new Map<AgentId, ReadonlySet<string>>();

  constructor(private readonly collection: TerminalCollection) {}

  /** The agent's variables after an apply; those its last apply set that no agent needs now go. */
  set(agent: AgentId, values: Readonly<Record<string, string>>): void {
    const before = this.needs.get(agent) ?? new Set<string>();
    this.needs.set(agent, new Set(Object.keys(values)));
    for (const [name, value] of Object.entries(values)) this.collection.replace(name, value);
    for (const name of before) if (!this.neededBy(name).length) this.collection.delete(name);
  }

  /** What reverting the agent removes: its variables that no other agent needs. */
  ownedBy(agent: AgentId): string[] {
    return [...(this.needs.get(agent) ?? [])].filter((name) => this.neededBy(name).every((other) => other === agent));
  }

  /** Forgets the agent and removes its variables that no other agent needs; returns their names. */
  release(agent: AgentId): string[] {
    const names = this.ownedBy(agent);
    this.needs.delete(agent);
    for (const name of names) this.collection.delete(name);
    return names;
  }

  /** Revert Agent Configs: every variable goes. */
  clear(): void {
    this.needs.clear();
    this.collection.clear();
  }

  private neededBy(name: string): AgentId[] {
    return [...this.needs].filter(([, names]) => names.has(name)).map(([agent]) => agent);
  }
}
