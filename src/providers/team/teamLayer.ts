/**
 * Team mode's one rule for data: managed providers are never stored. They come from the team
 * source each time, and are merged with the developer's own (personal) document into the
 * view that the picker, the panel and the agents see. Writes go the other way: an operation
 * runs on the merged view, and only the personal part is kept, so an operation that would
 * change a managed provider is refused, whatever path it came by.
 */
import { resolveRef, type StoredDocument } from '../document';
import { SwitchboardError } from '../errors';
import type { Provider } from '../provider';
import { formatRef, parseRef, type ModelRef } from '../refs';
import type { TeamCatalog } from './parseTeam';
import type { TeamContact } from './teamFile';

/** The team catalog as this machine applies it. */
export interface TeamLayer extends TeamCatalog {
  /** The source as shown to people: a path, or a URL without its query. */
  readonly source: string;
  /** Whether developers may keep and add providers of their own beside the managed ones. */
  readonly allowPersonalProviders: boolean;
  /** What is wrong with the source right now (unreachable, malformed), and what is in use instead. */
  readonly problem?: string;
}

export interface MergeResult {
  readonly document: StoredDocument;
  /** Personal providers hidden because a managed provider has the same id (the team wins). */
  readonly collisions: readonly string[];
  /** Personal providers hidden because personal providers are not allowed; kept in storage. */
  readonly hidden: readonly string[];
}

function refIn(providers: readonly Provider[], ref: ModelRef | undefined): boolean {
  const parsed = ref === undefined ? undefined : parseRef(ref);
  return !!parsed && providers.some((p) => p.id === parsed.providerId && p.models.some((m) => m.id === parsed.modelId));
}

/**
 * Managed providers first (in the team's order), then the visible personal ones. The default
 * is the administrator's when the team sets one, else the developer's own star; the last used
 * model, the embedding model and the assignments are the developer's.
 */
export function mergeTeam(personal: StoredDocument, team: TeamLayer | undefined): MergeResult {
  if (!team) return { document: personal, collisions: [], hidden: [] };
  const managedIds = new Set(team.providers.map((p) => p.id));
  const collisions = personal.providers.filter((p) => managedIds.has(p.id)).map((p) => p.id);
  const hidden = team.allowPersonalProviders ? [] : personal.providers.filter((p) => !managedIds.has(p.id)).map((p) => p.id);
  const visible = personal.providers.filter((p) => !managedIds.has(p.id) && team.allowPersonalProviders);
  const providers = [...team.providers, ...visible];
  const document: StoredDocument = { ...personal, providers };
  const defaultRef = team.defaultRef ?? (refIn(providers, personal.defaultRef) ? personal.defaultRef : undefined);
  const embeddingRef = refIn(providers, personal.embeddingRef) ? personal.embeddingRef : team.embeddingRef;
  if (defaultRef) document.defaultRef = defaultRef;
  else delete document.defaultRef;
  if (embeddingRef) document.embeddingRef = embeddingRef;
  else delete document.embeddingRef;
  return { document, collisions, hidden };
}

/** "Platform team (ai-platform@example.com)", or "your administrator" when the file names nobody. */
export function contactText(contact: TeamContact | undefined): string {
  if (!contact) return 'your administrator';
  const reach = contact.email ?? contact.url;
  return reach ? `${contact.name} (${reach})` : contact.name;
}

/** The refusal for any change to a managed provider or its models, naming the source and whom to ask. */
export function managedMessage(team: Pick<TeamLayer, 'source' | 'contact'>, providerName: string, change: string): string {
  return `“${providerName}” is managed by your team (${team.source}): it cannot ${change} here. Ask ${contactText(team.contact)} to change it.`;
}

export function personalProvidersOffMessage(team: Pick<TeamLayer, 'source' | 'contact'>): string {
  return `Your team manages the providers (${team.source}), and personal providers are turned off (switchboard.team.allowPersonalProviders). Ask ${contactText(team.contact)} for the model you need.`;
}

export function noModelsMessage(team: Pick<TeamLayer, 'contact'>): string {
  return `No model your team enabled is usable yet. Contact ${contactText(team.contact)}.`;
}

/**
 * The personal document to store after `operation` turned `merged` into `result`. Throws a
 * SwitchboardError, and nothing is stored, when the operation changed or removed a managed
 * provider, added a personal provider while those are off, or moved the team's default.
 * Hidden personal providers are kept as they were.
 */
export function splitTeam(result: StoredDocument, merged: StoredDocument, stored: StoredDocument, team: TeamLayer | undefined): StoredDocument {
  if (!team) return result;
  const managedIds = new Set(team.providers.map((p) => p.id));
  for (const managed of team.providers) {
    const after = result.providers.find((p) => p.id === managed.id);
    // The merge hands operations the team's own objects: anything else is a change.
    if (after !== managed) throw new SwitchboardError(managedMessage(team, managed.name, after ? 'be changed' : 'be removed'));
  }
  const visibleBefore = new Set(merged.providers.filter((p) => !managedIds.has(p.id)).map((p) => p.id));
  const personalAfter = result.providers.filter((p) => !managedIds.has(p.id));
  const added = personalAfter.filter((p) => !stored.providers.some((s) => s.id === p.id));
  if (added.length && !team.allowPersonalProviders) throw new SwitchboardError(personalProvidersOffMessage(team));
  const providers = [
    ...stored.providers.flatMap((p) => (visibleBefore.has(p.id) ? personalAfter.filter((a) => a.id === p.id) : [p])),
    ...added,
  ];
  const next: StoredDocument = { ...result, providers };
  if (result.defaultRef !== merged.defaultRef && team.defaultRef) {
    const name = team.providers.flatMap((p) => p.models.map((m) => ({ ref: formatRef(p.id, m.id), label: m.displayName ?? m.id }))).find((m) => m.ref === team.defaultRef)?.label ?? team.defaultRef;
    throw new SwitchboardError(`Your team sets the default model (“${name}”). Pick another model in the status bar instead: your last pick comes before the team's default.`);
  }
  keepUnlessChanged(next, 'defaultRef', result, merged, stored);
  keepUnlessChanged(next, 'embeddingRef', result, merged, stored);
  return next;
}

/**
 * After team mode ends: the choices that pointed at the team's models (last used, default,
 * embedding model, assignments) are cleared, since those models are gone. Undefined when
 * nothing points at a missing model, so there is nothing to write.
 */
export function withoutMissingRefs(doc: StoredDocument): StoredDocument | undefined {
  const missing = (ref: ModelRef | undefined) => ref !== undefined && !resolveRef(doc, ref);
  const assignments = Object.entries(doc.assignments).filter(([, ref]) => !missing(ref));
  const keys = (['defaultRef', 'lastUsedRef', 'embeddingRef'] as const).filter((key) => missing(doc[key]));
  if (!keys.length && assignments.length === Object.keys(doc.assignments).length) return undefined;
  const next: StoredDocument = { ...doc, assignments: Object.fromEntries(assignments) };
  for (const key of keys) delete next[key];
  return next;
}

/** A ref the merge supplied (the team's) is not the developer's: store theirs unless the operation changed it. */
function keepUnlessChanged(next: StoredDocument, key: 'defaultRef' | 'embeddingRef', result: StoredDocument, merged: StoredDocument, stored: StoredDocument): void {
  const value = result[key] === merged[key] ? stored[key] : result[key];
  if (value === undefined) delete next[key];
  else next[key] = value;
}
