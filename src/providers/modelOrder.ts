/**
 * Which model is active, and the order of the status-bar picker. Coder's rule: the last
 * used model, then the starred default, then the first available. Only chat models of
 * usable providers count; a ref to a deleted model falls through to the next rule.
 */
import type { AgentId } from './agentCatalog';
import { resolveRef, type StoredDocument } from './document';
import type { Model } from './model';
import type { Provider } from './provider';
import { formatRef, type ModelRef } from './refs';

export interface ModelChoice {
  readonly provider: Provider;
  readonly model: Model;
  readonly ref: ModelRef;
}

export interface PickerGroup {
  readonly provider: Provider;
  readonly models: readonly ModelChoice[];
}

export interface PickerOrder {
  /** Last used, then default (each once), shown first. */
  readonly pinned: readonly ModelChoice[];
  /** Every other available model, grouped by provider in stored order. */
  readonly groups: readonly PickerGroup[];
  /**
   * Chat models of providers that are not usable here: their secret is missing on this
   * machine (Settings Sync brought them, not their key). Picking one asks for the key first.
   */
  readonly keyNeeded: readonly PickerGroup[];
}

export type UsableTest = (provider: Provider) => boolean;

function choice(provider: Provider, model: Model): ModelChoice {
  return { provider, model, ref: formatRef(provider.id, model.id) };
}

function availableRef(doc: StoredDocument, ref: string | undefined, usable: UsableTest): ModelChoice | undefined {
  const found = resolveRef(doc, ref);
  if (!found || found.model.kind !== 'chat' || !usable(found.provider)) return undefined;
  return choice(found.provider, found.model);
}

export function availableModels(doc: StoredDocument, usable: UsableTest): ModelChoice[] {
  return doc.providers.filter(usable).flatMap((p) => p.models.filter((m) => m.kind === 'chat').map((m) => choice(p, m)));
}

export function activeModel(doc: StoredDocument, usable: UsableTest): ModelChoice | undefined {
  return (
    availableRef(doc, doc.lastUsedRef, usable) ??
    availableRef(doc, doc.defaultRef, usable) ??
    doc.providers.filter(usable).flatMap((p) => p.models.filter((m) => m.kind === 'chat').slice(0, 1).map((m) => choice(p, m)))[0]
  );
}

/** The model an agent uses now: its own assignment, else the status bar's active model when that model's provider lists the agent. */
export function modelForAgent(doc: StoredDocument, agent: AgentId, usable: UsableTest): ModelRef | undefined {
  const assigned = doc.assignments[agent];
  if (assigned) return assigned;
  const active = activeModel(doc, usable);
  return active?.provider.agents.includes(agent) ? active.ref : undefined;
}

export function pickerOrder(doc: StoredDocument, usable: UsableTest): PickerOrder {
  const pinned: ModelChoice[] = [];
  for (const ref of [doc.lastUsedRef, doc.defaultRef]) {
    const found = availableRef(doc, ref, usable);
    if (found && !pinned.some((c) => c.ref === found.ref)) pinned.push(found);
  }
  const pinnedRefs = new Set(pinned.map((c) => c.ref));
  const groups: PickerGroup[] = [];
  const keyNeeded: PickerGroup[] = [];
  for (const provider of doc.providers) {
    const models = provider.models.filter((m) => m.kind === 'chat').map((m) => choice(provider, m)).filter((c) => !pinnedRefs.has(c.ref));
    if (models.length) (usable(provider) ? groups : keyNeeded).push({ provider, models });
  }
  return { pinned, groups, keyNeeded };
}
