/**
 * When each piece of the document last changed. Settings Sync replaces the whole stored
 * document with another machine's copy, so the store merges the two by id instead: each
 * provider, model and choice is an entry, and the entry changed last wins. A removal leaves
 * a stamp behind (a tombstone), so "removed over there" is told apart from "added here".
 */
import * as z from 'zod';
import type { StoredDocument } from './document';
import { formatRef } from './refs';

export const stampSchema = z.object({
  /** Milliseconds since 1970, never behind a stamp the writer had already seen. */
  at: z.number().nonnegative(),
  /** The entry was removed at `at`. */
  removed: z.literal(true).optional(),
});

export type Stamp = z.infer<typeof stampSchema>;
/** Entry key → its last change. */
export type Stamps = Record<string, Stamp>;

/** Tombstones kept; older ones go, so a copy older than all of them may bring an entry back. */
export const maxRemovedStamps = 200;

const choiceKeys = { defaultRef: 'default', lastUsedRef: 'lastUsed', embeddingRef: 'embedding' } as const;
export type ChoiceField = keyof typeof choiceKeys;
export const choiceFields = Object.keys(choiceKeys) as ChoiceField[];

export const providerKey = (providerId: string): string => `provider:${providerId}`;
export const modelKey = (providerId: string, modelId: string): string => `model:${formatRef(providerId, modelId)}`;
export const choiceKey = (field: ChoiceField): string => choiceKeys[field];
export const agentKey = (agent: string): string => `agent:${agent}`;

/**
 * The document as entries: each provider's own fields (its models apart), each model, the
 * default, last used and embedding choices, and each agent's assignment.
 */
export function entriesOf(doc: StoredDocument): Map<string, unknown> {
  const entries = new Map<string, unknown>();
  for (const provider of doc.providers) {
    const { models, ...fields } = provider;
    entries.set(providerKey(provider.id), fields);
    for (const model of models) entries.set(modelKey(provider.id, model.id), model);
  }
  for (const field of choiceFields) if (doc[field] !== undefined) entries.set(choiceKey(field), doc[field]);
  for (const [agent, ref] of Object.entries(doc.assignments)) if (ref !== undefined) entries.set(agentKey(agent), ref);
  return entries;
}

/** JSON with sorted keys, so two copies of one value compare equal whatever their key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export function sameValue(a: unknown, b: unknown): boolean {
  return a === b || canonical(a) === canonical(b);
}

export function newestStamp(stamps: Stamps | undefined): number {
  let newest = 0;
  for (const stamp of Object.values(stamps ?? {})) newest = Math.max(newest, stamp.at);
  return newest;
}

/**
 * Stamps every entry that `after` added, changed or removed relative to `before`. The time
 * is `now`, or just after the newest stamp already seen when this machine's clock is behind,
 * so a change made after seeing another one always wins over it.
 */
export function stampChanges(before: StoredDocument, after: StoredDocument, now: number): StoredDocument {
  const was = entriesOf(before);
  const is = entriesOf(after);
  const at = Math.max(now, newestStamp(before.stamps) + 1);
  const stamps: Stamps = { ...before.stamps, ...after.stamps };
  let touched = false;
  for (const [key, value] of is) {
    if (was.has(key) && sameValue(was.get(key), value)) continue;
    stamps[key] = { at };
    touched = true;
  }
  for (const key of was.keys()) {
    if (is.has(key)) continue;
    stamps[key] = { at, removed: true };
    touched = true;
  }
  if (!touched) return after;
  return { ...after, stamps: pruneRemoved(stamps) };
}

/** Keeps the newest `maxRemovedStamps` tombstones. */
export function pruneRemoved(stamps: Stamps): Stamps {
  const removed = Object.entries(stamps).filter(([, s]) => s.removed);
  if (removed.length <= maxRemovedStamps) return stamps;
  const dropped = new Set(removed.sort(([, a], [, b]) => b.at - a.at).slice(maxRemovedStamps).map(([key]) => key));
  return Object.fromEntries(Object.entries(stamps).filter(([key]) => !dropped.has(key)));
}
