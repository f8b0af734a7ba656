/**
 * Which model a window shows, and which one the agents use. With the `global` scope every
 * window shares the synced last-used model. With `workspace`, each workspace remembers its own;
 * but agents read user-level files, so they use whatever was picked last on this machine, in
 * whichever window, and the other windows say so.
 */
import * as z from 'zod';
import type { StoredDocument } from './document';
import { isRef, type ModelRef } from './refs';

export const activeModelScopes = ['global', 'workspace'] as const;
export type ActiveModelScope = (typeof activeModelScopes)[number];

/** The setting's value; anything else reads as the default, `global`. */
export function parseScope(value: unknown): ActiveModelScope {
  return value === 'workspace' ? 'workspace' : 'global';
}

/** The pick that last reached the agents on this machine. Kept per machine: the agents' files are. */
export const agentsPickSchema = z.object({
  ref: z.string().refine(isRef),
  /** A random id the workspace keeps in its own state; no path. */
  workspaceId: z.string().min(1),
  /** The workspace's name as VS Code shows it, for "picked in …". */
  workspaceName: z.string(),
  /** ISO time of the pick. */
  at: z.string(),
});
export type AgentsPick = Omit<z.infer<typeof agentsPickSchema>, 'ref'> & { readonly ref: ModelRef };

export function parseAgentsPick(raw: unknown): AgentsPick | undefined {
  const parsed = agentsPickSchema.safeParse(raw);
  return parsed.success ? (parsed.data as AgentsPick) : undefined;
}

function withLastUsed(doc: StoredDocument, ref: ModelRef | undefined): StoredDocument {
  if (ref === doc.lastUsedRef) return doc;
  const view = { ...doc };
  if (ref === undefined) delete view.lastUsedRef;
  else view.lastUsedRef = ref;
  return view;
}

/** The document as this window sees it: the last-used model is the one of its scope. */
export function windowView(doc: StoredDocument, scope: ActiveModelScope, workspaceLastUsed: ModelRef | undefined): StoredDocument {
  return scope === 'global' ? doc : withLastUsed(doc, workspaceLastUsed);
}

/**
 * The document as the agents see it. In `workspace` scope that is the last pick on this
 * machine, from any window (before any, the synced last-used model, which they had then).
 */
export function agentsView(doc: StoredDocument, scope: ActiveModelScope, pick: AgentsPick | undefined): StoredDocument {
  return scope === 'global' || !pick ? doc : withLastUsed(doc, pick.ref);
}

export interface WindowFacts {
  readonly scope: ActiveModelScope;
  /** This workspace's id (see AgentsPick.workspaceId). */
  readonly workspaceId: string;
  /** The model this window's status bar shows. */
  readonly activeRef: ModelRef | undefined;
}

/**
 * The status-bar tooltip line that says which model the shared agents use and which window
 * chose it. Said whenever scopes can differ (`workspace`), and in `global` scope only when the
 * agents use something other than what the window shows. `label` names a ref for the user.
 */
export function agentsNote(here: WindowFacts, pick: AgentsPick | undefined, label: (ref: ModelRef) => string): string | undefined {
  if (!pick) return undefined;
  const same = pick.ref === here.activeRef;
  if (here.scope === 'global' && same) return undefined;
  const where = pick.workspaceId === here.workspaceId ? 'here' : `in ${pick.workspaceName}`;
  return `Agents use ${same ? 'this model' : label(pick.ref)} (picked ${where})`;
}
