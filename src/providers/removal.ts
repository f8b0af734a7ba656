/** Codeg's rule: a provider in use cannot be removed, and the refusal names who uses it. */
import { agentLabel, type AgentId } from './agentCatalog';
import type { StoredDocument } from './document';
import { parseRef } from './refs';
import { joinAnd } from './wording';

export interface RemovalBlockers {
  /** Agents that use the provider, or are assigned one of its models. */
  readonly agents: readonly AgentId[];
  /**
   * The starred default belongs to the provider and another provider has a chat model to
   * take it over. When none has, removing the provider simply clears the default.
   */
  readonly holdsDefault: boolean;
}

export function removalBlockers(doc: StoredDocument, providerId: string): RemovalBlockers {
  const agents = new Set<AgentId>(doc.providers.find((p) => p.id === providerId)?.agents ?? []);
  for (const [agent, ref] of Object.entries(doc.assignments) as [AgentId, string][]) {
    if (parseRef(ref)?.providerId === providerId) agents.add(agent);
  }
  const ownsDefault = doc.defaultRef !== undefined && parseRef(doc.defaultRef)?.providerId === providerId;
  const successor = doc.providers.some((p) => p.id !== providerId && p.models.some((m) => m.kind === 'chat'));
  const holdsDefault = ownsDefault && successor;
  return { agents: [...agents], holdsDefault };
}

export function isBlocked(blockers: RemovalBlockers): boolean {
  return blockers.agents.length > 0 || blockers.holdsDefault;
}

/** "Can't remove “Work”: it is used by Claude Code and Codex CLI, and holds the default model." */
export function describeBlockers(providerName: string, blockers: RemovalBlockers): string {
  const parts: string[] = [];
  if (blockers.agents.length) parts.push(`is used by ${joinAnd(blockers.agents.map(agentLabel))}`);
  if (blockers.holdsDefault) parts.push('holds the default model');
  return `Can't remove “${providerName}”: it ${parts.join(', and ')}.`;
}

/** The provider holds the embedding model; removing it clears the embedding model (nothing takes over). */
export function holdsEmbeddingModel(doc: StoredDocument, providerId: string): boolean {
  return doc.embeddingRef !== undefined && parseRef(doc.embeddingRef)?.providerId === providerId;
}
