/**
 * Merges two copies of the stored document by id: the one this window holds ("ours") and the
 * one it just read ("theirs": written by another window, or by Settings Sync with another
 * machine's copy). Each provider, model and choice is decided on its own: the copy that
 * changed it last wins, and a tie goes to theirs. Nothing is dropped without a note: an entry
 * only one side knows is kept, a removal on the other side is named, and an entry that cannot
 * be kept (a model whose merged provider no longer validates) is reported as lost.
 */
import { agentLabel, isAgentId } from './agentCatalog';
import { resolveRef, type LoadOptions, type StoredDocument } from './document';
import { modelLabel, type Model } from './model';
import { providerSchema, type Provider } from './provider';
import { parseRef } from './refs';
import { choiceFields, choiceKey, entriesOf, modelKey, providerKey, sameValue, type ChoiceField, type Stamp, type Stamps } from './stamps';

export type MergeNoteKind =
  /** Only ours had it (added or changed here, unknown to theirs): kept. */
  | 'kept'
  /** Theirs removed it after our last change: gone. */
  | 'removed'
  /** Both had it, theirs changed it later: their version replaced ours. */
  | 'replaced'
  /** Removed on one side, changed later on the other: brought back. */
  | 'restored'
  /** A choice pointed at a model that no longer exists: cleared. */
  | 'cleared'
  /** It could not be kept at all. Shown to the user, not only logged. */
  | 'lost';

export interface MergeNote {
  readonly kind: MergeNoteKind;
  /** Names the entry as the user knows it, e.g. provider “Work”. */
  readonly what: string;
  readonly message: string;
}

export interface MergeResult {
  readonly document: StoredDocument;
  readonly notes: readonly MergeNote[];
  /** False when the result is theirs unchanged (nothing to write back). */
  readonly changed: boolean;
}

interface Side {
  readonly live: boolean;
  readonly value?: unknown;
  /** When it last changed; -Infinity when this copy never knew the entry. */
  readonly at: number;
  readonly theirs: boolean;
}

function sideOf(entries: Map<string, unknown>, stamps: Stamps | undefined, key: string, theirs: boolean): Side {
  const stamp = stamps?.[key];
  if (entries.has(key)) return { live: true, value: entries.get(key), at: stamp && !stamp.removed ? stamp.at : 0, theirs };
  // A stamp without its entry and without `removed` (validation dropped the entry) is no removal.
  if (stamp?.removed) return { live: false, at: stamp.at, theirs };
  return { live: false, at: -Infinity, theirs };
}

/** `options` as in loadDocument: in team mode, refs to a managed provider's models are the developer's and stay. */
export function mergeDocuments(ours: StoredDocument, theirs: StoredDocument, options: LoadOptions = {}): MergeResult {
  const a = entriesOf(ours);
  const b = entriesOf(theirs);
  const keys = new Set([...a.keys(), ...b.keys(), ...Object.keys(ours.stamps ?? {}), ...Object.keys(theirs.stamps ?? {})]);
  const live = new Map<string, unknown>();
  const winners = new Map<string, Side>();
  const stamps: Stamps = {};
  const notes: MergeNote[] = [];
  let changed = false;
  const names = new Names(ours, theirs);

  for (const key of keys) {
    const o = sideOf(a, ours.stamps, key, false);
    const t = sideOf(b, theirs.stamps, key, true);
    const w = o.at > t.at ? o : t;
    winners.set(key, w);
    if (w.live) live.set(key, w.value);
    const stamp = stampOf(w);
    if (stamp) stamps[key] = stamp;
    if (!w.theirs) changed = true;
    if (!isEntry(key) || !o.live) continue;
    const what = names.of(key);
    if (!t.live && w === o) {
      notes.push(t.at === -Infinity ? { kind: 'kept', what, message: `Kept ${what}: it was missing from the copy that came in.` } : { kind: 'restored', what, message: `Kept ${what}: it was removed elsewhere, then changed here.` });
    } else if (!t.live) {
      notes.push({ kind: 'removed', what, message: `Removed ${what}: it was removed in another window or on another machine.` });
    } else if ((o.at !== t.at || o.at === 0) && !sameValue(o.value, t.value)) {
      notes.push(
        w === t
          ? { kind: 'replaced', what, message: `Using the newer version of ${what}, changed in another window or on another machine.` }
          : { kind: 'kept', what, message: `Kept this window's newer version of ${what}.` },
      );
    }
  }

  // A model needs its provider: one removed elsewhere but with a model changed here later comes back.
  for (const key of [...live.keys()]) {
    if (!key.startsWith('model:')) continue;
    const pKey = providerKey(parseRef(key.slice('model:'.length))!.providerId);
    if (live.has(pKey)) continue;
    const source = [sideOf(b, theirs.stamps, pKey, true), sideOf(a, ours.stamps, pKey, false)].find((s) => s.live);
    const modelAt = stamps[key]?.at ?? 0;
    if (source) {
      live.set(pKey, source.value);
      stamps[pKey] = { at: modelAt };
      notes.push({ kind: 'restored', what: names.of(pKey), message: `Kept ${names.of(pKey)}: it was removed elsewhere, but ${names.of(key)} changed here later.` });
    } else {
      live.delete(key);
      stamps[key] = { at: modelAt + 1, removed: true };
      notes.push({ kind: 'lost', what: names.of(key), message: `Could not keep ${names.of(key)}: its provider is gone.` });
    }
    changed = true;
  }

  const providers: Provider[] = [];
  const order = unique([...theirs.providers.map((p) => p.id), ...ours.providers.map((p) => p.id)]);
  for (const id of order) {
    const fields = live.get(providerKey(id)) as Omit<Provider, 'models'> | undefined;
    if (!fields) continue;
    const modelIds = unique([...modelsOf(theirs, id), ...modelsOf(ours, id)]);
    const models = modelIds.flatMap((m) => (live.has(modelKey(id, m)) ? [live.get(modelKey(id, m)) as Model] : []));
    const parsed = providerSchema.safeParse({ ...fields, models });
    if (parsed.success) {
      providers.push(parsed.data);
      continue;
    }
    // The mix does not validate (two machines made different providers with one id): keep
    // the copy whose provider entry won, whole, and name what the other side loses.
    const winner = winners.get(providerKey(id))!;
    const whole = (winner.theirs ? theirs : ours).providers.find((p) => p.id === id);
    const fallback = whole ?? (winner.theirs ? ours : theirs).providers.find((p) => p.id === id)!;
    providers.push(fallback);
    changed = true;
    const kept = new Set(fallback.models.map((m) => m.id));
    for (const m of models) {
      if (kept.has(m.id)) continue;
      const key = modelKey(id, m.id);
      stamps[key] = { at: (stamps[key]?.at ?? 0) + 1, removed: true };
      notes.push({ kind: 'lost', what: names.of(key), message: `Could not keep ${names.of(key)}: it does not fit the version of ${names.of(providerKey(id))} that was kept.` });
    }
  }

  const document: StoredDocument = { schemaVersion: theirs.schemaVersion, providers, assignments: {} };
  for (const field of choiceFields) {
    const ref = live.get(choiceKey(field));
    if (typeof ref !== 'string') continue;
    if (pointsAtModel(document, ref, field === 'embeddingRef' ? 'embedding' : undefined, options)) document[field] = ref as StoredDocument[ChoiceField];
    else changed = cleared(notes, names.choice(field), ref);
  }
  for (const [key, ref] of live) {
    if (!key.startsWith('agent:')) continue;
    const agent = key.slice('agent:'.length);
    if (!isAgentId(agent) || typeof ref !== 'string') continue;
    if (pointsAtModel(document, ref, undefined, options)) document.assignments[agent] = ref as StoredDocument['assignments'][typeof agent];
    else changed = cleared(notes, `${agentLabel(agent)}'s model`, ref);
  }
  if (Object.keys(stamps).length) document.stamps = stamps;
  if (!changed) return { document: theirs, notes, changed };
  return { document, notes, changed };
}

function stampOf(side: Side): Stamp | undefined {
  if (side.live) return side.at > 0 ? { at: side.at } : undefined;
  return side.at === -Infinity ? undefined : { at: side.at, removed: true };
}

function isEntry(key: string): boolean {
  return key.startsWith('provider:') || key.startsWith('model:');
}

function cleared(notes: MergeNote[], what: string, ref: string): true {
  notes.push({ kind: 'cleared', what, message: `Cleared ${what}: “${ref}” is not a model any more.` });
  return true;
}

function pointsAtModel(doc: StoredDocument, ref: string, kind: Model['kind'] | undefined, options: LoadOptions): boolean {
  const found = resolveRef(doc, ref);
  if (!found && options.keepRefsToOtherProviders) return !doc.providers.some((p) => p.id === parseRef(ref)?.providerId);
  return !!found && (kind === undefined || found.model.kind === kind);
}

function modelsOf(doc: StoredDocument, providerId: string): string[] {
  return doc.providers.find((p) => p.id === providerId)?.models.map((m) => m.id) ?? [];
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

/** Names entries as the user knows them, from whichever copy has them. */
class Names {
  constructor(
    private readonly ours: StoredDocument,
    private readonly theirs: StoredDocument,
  ) {}

  private provider(id: string): Provider | undefined {
    return this.theirs.providers.find((p) => p.id === id) ?? this.ours.providers.find((p) => p.id === id);
  }

  of(key: string): string {
    if (key.startsWith('provider:')) {
      const id = key.slice('provider:'.length);
      const provider = this.provider(id);
      return `provider “${provider?.name ?? id}”`;
    }
    if (key.startsWith('model:')) {
      const ref = parseRef(key.slice('model:'.length))!;
      const provider = this.provider(ref.providerId);
      const model = [this.theirs, this.ours].flatMap((d) => d.providers.filter((p) => p.id === ref.providerId).flatMap((p) => p.models.filter((m) => m.id === ref.modelId)))[0];
      return `model “${model ? modelLabel(model) : ref.modelId}” of “${provider?.name ?? ref.providerId}”`;
    }
    return key;
  }

  choice(field: ChoiceField): string {
    return { defaultRef: 'the default model', lastUsedRef: 'the last used model', embeddingRef: 'the embedding model' }[field];
  }
}
