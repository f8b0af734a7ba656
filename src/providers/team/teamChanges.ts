/**
 * What a new version of the team source means for the developer: when the model they were
 * using is gone, the picker's precedence (last used, the team's default, the first available)
 * picks another, and they are told which, in one sentence.
 */
import { agentLabel, type AgentId } from '../agentCatalog';
import { resolveRef, type StoredDocument } from '../document';
import { modelLabel } from '../model';
import { activeModel, type ModelChoice, type UsableTest } from '../modelOrder';
import type { ModelRef } from '../refs';
import { joinAnd } from '../wording';

export interface FallThrough {
  /** The model in use before, when the new source no longer offers it. */
  readonly removed?: ModelChoice;
  /** What is used now, after a removal; undefined when nothing is left. */
  readonly now?: ModelChoice;
  /** Agents assigned a model the source no longer offers: they need another one. */
  readonly unpinned: readonly AgentId[];
}

/** Undefined when the active model and every assigned model survived the update. */
export function fallThrough(before: StoredDocument, after: StoredDocument, usable: UsableTest): FallThrough | undefined {
  const was = activeModel(before, usable);
  const removed = was && !resolveRef(after, was.ref) ? was : undefined;
  const unpinned = (Object.entries(after.assignments) as [AgentId, ModelRef][]).filter(([, ref]) => resolveRef(before, ref) && !resolveRef(after, ref)).map(([agent]) => agent);
  if (!removed && !unpinned.length) return undefined;
  const now = removed ? activeModel(after, usable) : undefined;
  return { ...(removed ? { removed } : {}), ...(now ? { now } : {}), unpinned };
}

export function describeFallThrough(change: FallThrough, contact: string): string {
  const parts: string[] = [];
  if (change.removed) {
    parts.push(`Your team no longer offers “${modelLabel(change.removed.model)}” (${change.removed.ref}).`);
    parts.push(change.now ? `Switchboard now uses “${modelLabel(change.now.model)}” from ${change.now.provider.name}.` : `No other model is available: contact ${contact}.`);
  }
  if (change.unpinned.length) {
    const one = change.unpinned.length === 1;
    parts.push(`${joinAnd(change.unpinned.map(agentLabel))} ${one ? 'was' : 'were'} assigned a model your team no longer offers: assign ${one ? 'it' : 'them'} another with “Assign Model to Agent”.`);
  }
  return parts.join(' ');
}
