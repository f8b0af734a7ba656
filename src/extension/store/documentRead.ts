/**
 * Reading the stored document from globalState: telling whether something else wrote it,
 * validating it (an unparsable copy is kept aside first), and merging what this window or
 * this machine's local copy held. Separate from the Store, which serializes the writes and
 * announces changes; this part only reads, and writes nothing but recovery copies.
 */
import { loadDocument, type LoadProblem, type StoredDocument } from '../../providers/document';
import { mergeDocuments, type MergeNote } from '../../providers/merge';
import type { LogPort, MementoPort } from './ports';

export const documentKey = 'switchboard.document';
/**
 * What Settings Sync carries: the provider document, and nothing else. Keys are in
 * SecretStorage, which never syncs; caches, run records, consent, a workspace's last pick and
 * this machine's copy below stay on this machine.
 */
export const syncedKeys: readonly string[] = [documentKey];
/**
 * This machine's last copy of the document, not synced: when a sync replaced the document
 * before any window loaded it, the store still merges what only this machine had.
 */
export const localCopyKey = 'switchboard.document.thisMachine';
/** Raw copies of stored documents that failed validation, newest first. */
export const recoveredKey = 'switchboard.recovered';
const maxRecovered = 5;

export interface RecoveredCopy {
  readonly savedAt: string;
  readonly problems: readonly LoadProblem[];
  readonly raw: unknown;
}

export interface ReadResult {
  readonly document: StoredDocument;
  /** The stored copy was migrated or lacked something this window had: write it back. */
  readonly changed: boolean;
  /** The recovery copy's write, if one started. */
  readonly saved: Promise<unknown>;
}

/** What the Store holds when it reads. */
export interface Held {
  /** The document this window loaded or wrote; undefined before the first load. */
  readonly doc: StoredDocument | undefined;
  /** In team mode: refs to the team's models are kept, though those providers are not stored. */
  readonly inTeam: boolean;
}

export class DocumentReader {
  /** The stored value as last read or written, to tell when something else wrote it. */
  private seenRaw: unknown;
  private seenJson: string | undefined;
  /** Set by discardNext: the next read takes the stored document without merging. */
  private discardLocal = false;

  constructor(
    private readonly memento: MementoPort,
    private readonly log: LogPort,
    private readonly held: () => Held,
    private readonly onRecovered: (copy: RecoveredCopy) => void,
    private readonly onLost: (notes: readonly MergeNote[]) => void,
  ) {}

  /** The next read forgets what this window and machine held. */
  discardNext(): void {
    this.discardLocal = true;
  }

  /** Records `raw` as what this window last read or wrote. */
  remember(raw: unknown): void {
    this.seenRaw = raw;
    this.seenJson = undefined;
  }

  /** Whether the stored document is what this window last read or wrote (same object, or same JSON). */
  storedIsSeen(): boolean {
    return this.seen(this.memento.get<unknown>(documentKey), this.held().doc);
  }

  recoveredCopies(): readonly RecoveredCopy[] {
    return this.memento.get<RecoveredCopy[]>(recoveredKey) ?? [];
  }

  /**
   * The stored document, merged with what this window held when something else wrote it.
   * Synchronous on purpose: apply() reads and starts its write in the same tick, so no other
   * write from this window can slip in between.
   */
  read(): ReadResult {
    const raw = this.memento.get<unknown>(documentKey);
    const { doc, inTeam } = this.held();
    const discard = this.discardLocal;
    this.discardLocal = false;
    if (!discard && this.seen(raw, doc)) return { document: doc, changed: false, saved: Promise.resolve() };
    const fresh = this.validated(raw, inTeam);
    this.remember(raw);
    const ours = discard ? undefined : (doc ?? this.localCopy(inTeam));
    if (!ours) return fresh;
    const merged = mergeDocuments(ours, fresh.document, { keepRefsToOtherProviders: inTeam });
    for (const note of merged.notes) (note.kind === 'lost' ? this.log.warn : this.log.info).call(this.log, `Merging stored data: ${note.message}`);
    const lost = merged.notes.filter((n) => n.kind === 'lost');
    if (lost.length) this.onLost(lost);
    return { document: merged.document, changed: fresh.changed || merged.changed, saved: fresh.saved };
  }

  private seen(raw: unknown, doc: StoredDocument | undefined): doc is StoredDocument {
    if (!doc) return false;
    if (raw === this.seenRaw) return true;
    this.seenJson ??= JSON.stringify(this.seenRaw);
    return JSON.stringify(raw) === this.seenJson;
  }

  private localCopy(inTeam: boolean): StoredDocument | undefined {
    const raw = this.memento.get<unknown>(localCopyKey);
    return raw === undefined ? undefined : loadDocument(raw, { keepRefsToOtherProviders: inTeam }).document;
  }

  /**
   * Migrates and validates a stored value. A document that fails validation is copied aside
   * (that write starts first) before anything rewrites it.
   */
  private validated(raw: unknown, inTeam: boolean): ReadResult {
    const { document, problems, changed } = loadDocument(raw, { keepRefsToOtherProviders: inTeam });
    let saved: Promise<unknown> = Promise.resolve();
    if (problems.length) {
      const copy: RecoveredCopy = { savedAt: new Date().toISOString(), problems, raw };
      saved = Promise.resolve(this.memento.update(recoveredKey, [copy, ...this.recoveredCopies()].slice(0, maxRecovered)));
      for (const p of problems) this.log.warn(`Stored data: ${p.path}: ${p.message}`);
      this.onRecovered(copy);
    }
    return { document, changed, saved };
  }
}
