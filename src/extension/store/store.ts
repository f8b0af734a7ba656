/**
 * The storage facade: the only code that touches globalState and SecretStorage.
 * It holds the current document, replays every change on a fresh read (so concurrent
 * windows merge by id), merges a copy that Settings Sync or another window wrote by id,
 * keeps keys in SecretStorage only, and announces every change.
 */
import { emptyDocument, loadDocument, type LoadProblem, type StoredDocument } from '../../providers/document';
import { SwitchboardError } from '../../providers/errors';
import { mergeDocuments, type MergeNote } from '../../providers/merge';
import type { Operation } from '../../providers/operations';
import { canonical, stampChanges } from '../../providers/stamps';
import type { Provider } from '../../providers/provider';
import { isUsable } from '../../providers/usability';
import { apiKeySchema } from '../../providers/fields';
import { isUsableTokenSet, parseTokenSet, serializeTokenSet, type TokenSet } from '../../providers/oauth/tokenSet';
import { Emitter } from './emitter';
import type { Disposable, LogPort, MementoPort, SecretsPort } from './ports';

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
const keyPrefix = 'switchboard.key.';
/** A sibling of the key slot: a sign-in's token set, as one JSON secret. */
const signInPrefix = 'switchboard.signin.';
/** The last model list fetched per provider; a cache, so it lives beside the document, not in it. */
const modelListPrefix = 'switchboard.modelList.';
const maxRecovered = 5;

export function secretKeyFor(providerId: string): string {
  return keyPrefix + providerId;
}

export function signInSecretKeyFor(providerId: string): string {
  return signInPrefix + providerId;
}

export interface RecoveredCopy {
  readonly savedAt: string;
  readonly problems: readonly LoadProblem[];
  readonly raw: unknown;
}

export type StoreChange =
  /**
   * `external` when another window or Settings Sync wrote it and this one re-read it;
   * `rewritten` when that copy lacked something and the merge was written back.
   */
  | { readonly kind: 'document'; readonly external: boolean; readonly rewritten?: boolean }
  | { readonly kind: 'key'; readonly providerId: string };

export class Store implements Disposable {
  private doc: StoredDocument = emptyDocument();
  private readonly keyed = new Set<string>();
  private readonly changes = new Emitter<StoreChange>();
  private readonly recoveries = new Emitter<RecoveredCopy>();
  private readonly losses = new Emitter<readonly MergeNote[]>();
  private readonly subscription: Disposable;
  private writing: Promise<unknown> = Promise.resolve();
  /** False until the first load: until then "ours" is this machine's copy, not `doc`. */
  private loaded = false;
  /** The stored value as last read or written, to tell when something else wrote it. */
  private seenRaw: unknown;
  private seenJson: string | undefined;
  /** Set by reloadDiscardingLocal: the next read takes the stored document without merging. */
  private discardLocal = false;

  /** Fires after the document or a key's presence changed, from any source. */
  readonly onDidChange = this.changes.event;
  /** Fires when a stored document failed validation and a raw copy was kept. */
  readonly onDidRecover = this.recoveries.event;
  /** Fires when a merge could not keep something; each note names it. */
  readonly onDidLose = this.losses.event;

  constructor(
    private readonly memento: MementoPort,
    private readonly secrets: SecretsPort,
    private readonly log: LogPort,
    private readonly now: () => number = Date.now,
  ) {
    memento.setKeysForSync?.(syncedKeys);
    this.subscription = secrets.onDidChange(({ key }) => {
      if (key.startsWith(keyPrefix)) void this.refreshKey(key.slice(keyPrefix.length));
      else if (key.startsWith(signInPrefix)) void this.refreshKey(key.slice(signInPrefix.length));
    });
  }

  get document(): StoredDocument {
    return this.doc;
  }

  provider(id: string): Provider | undefined {
    return this.doc.providers.find((p) => p.id === id);
  }

  /** Whether the provider has its secret: a key, or a sign-in whose tokens are usable or renewable. */
  hasKey(providerId: string): boolean {
    return this.keyed.has(providerId);
  }

  readonly isUsable = (provider: Provider): boolean => isUsable(provider, this.keyed.has(provider.id));

  /**
   * Re-reads globalState (another window or a sync may have written; that copy is merged by
   * id), applies the operation, stamps what it changed, and writes it back. Writes from this
   * window run one at a time.
   */
  apply<R>(operation: Operation<R>, what: string): Promise<R> {
    const run = this.writing.then(async () => {
      const { document: fresh, saved } = this.read();
      const { doc, result } = operation(fresh);
      const stamped = stampChanges(fresh, doc, this.now());
      await Promise.all([saved, this.write(stamped)]);
      this.doc = stamped;
      this.loaded = true;
      this.log.info(what);
      this.changes.fire({ kind: 'document', external: false });
      return result;
    });
    this.writing = run.catch(() => undefined);
    return run;
  }

  /**
   * Reads the stored document and which providers have keys: at start, and after another
   * window or Settings Sync wrote. What this window had and that copy lacks is merged back.
   */
  async load(): Promise<void> {
    const run = this.writing.then(async () => {
      const { document, changed, saved } = this.read();
      this.doc = document;
      this.loaded = true;
      await saved;
      if (changed) await this.write(document);
      else if (canonical(this.memento.get<unknown>(localCopyKey)) !== canonical(document)) await this.memento.update(localCopyKey, document);
      await Promise.all(this.doc.providers.map((p) => this.refreshKey(p.id, false)));
      this.changes.fire({ kind: 'document', external: true, rewritten: changed });
    });
    this.writing = run.catch(() => undefined);
    return run;
  }

  /**
   * Loads again when the stored document is not what this window last read or wrote:
   * Settings Sync writes it without any event, so this runs on focus and now and then.
   */
  async loadIfChanged(): Promise<boolean> {
    if (this.seen(this.memento.get<unknown>(documentKey))) return false;
    await this.load();
    return true;
  }

  /** Forgets what this window and machine held, and takes the stored document as it is. Tests reset storage with it. */
  async reloadDiscardingLocal(): Promise<void> {
    await this.writing;
    this.discardLocal = true;
    await this.load();
  }

  async setKey(providerId: string, key: string): Promise<void> {
    const provider = this.provider(providerId);
    if (!provider) throw new SwitchboardError(`No provider with id "${providerId}".`);
    const parsed = apiKeySchema.safeParse(key);
    if (!parsed.success) throw new SwitchboardError(`Key for “${provider.name}”: ${parsed.error.issues[0]?.message}`);
    await this.secrets.store(secretKeyFor(providerId), parsed.data);
    this.log.info(`Stored the key for provider ${providerId}.`);
    await this.refreshKey(providerId);
  }

  /** Deletes the provider's secrets: its key and its sign-in tokens (without revoking them). */
  async deleteKey(providerId: string): Promise<void> {
    await Promise.all([this.secrets.delete(secretKeyFor(providerId)), this.secrets.delete(signInSecretKeyFor(providerId))]);
    this.log.info(`Deleted the key for provider ${providerId}.`);
    await this.refreshKey(providerId);
  }

  /** After a provider is removed: its key, its sign-in and its cached model list go too. */
  async forgetProvider(providerId: string): Promise<void> {
    await Promise.all([this.deleteKey(providerId), this.saveModelList(providerId, undefined)]);
  }

  /** For the agent switch and the gateway, at the moment of use; never for the UI. */
  readKey(providerId: string): Thenable<string | undefined> {
    return this.secrets.get(secretKeyFor(providerId));
  }

  /** The sign-in tokens of a provider, for the sign-in service only; undefined when none validate. */
  async readSignIn(providerId: string): Promise<TokenSet | undefined> {
    return parseTokenSet(await this.secrets.get(signInSecretKeyFor(providerId)));
  }

  async setSignIn(providerId: string, tokens: TokenSet): Promise<void> {
    if (!this.provider(providerId)) throw new SwitchboardError(`No provider with id "${providerId}".`);
    await this.secrets.store(signInSecretKeyFor(providerId), serializeTokenSet(tokens));
    this.log.info(`Stored the sign-in for provider ${providerId}.`);
    await this.refreshKey(providerId);
  }

  async deleteSignIn(providerId: string): Promise<void> {
    await this.secrets.delete(signInSecretKeyFor(providerId));
    this.log.info(`Deleted the sign-in for provider ${providerId}.`);
    await this.refreshKey(providerId);
  }

  /** The last model list fetched for a provider, kept so a failed refresh can still offer it. */
  modelList<T>(providerId: string): T | undefined {
    return this.memento.get<T>(modelListPrefix + providerId);
  }

  /** Replaces the cached model list; undefined forgets it. */
  async saveModelList(providerId: string, list: unknown): Promise<void> {
    await this.memento.update(modelListPrefix + providerId, list);
  }

  recoveredCopies(): readonly RecoveredCopy[] {
    return this.memento.get<RecoveredCopy[]>(recoveredKey) ?? [];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changes.dispose();
    this.recoveries.dispose();
    this.losses.dispose();
  }

  private async refreshKey(providerId: string, announce = true): Promise<void> {
    const had = this.keyed.has(providerId);
    const [key, signIn] = await Promise.all([this.secrets.get(secretKeyFor(providerId)), this.secrets.get(signInSecretKeyFor(providerId))]);
    const has = key !== undefined || isUsableTokenSet(parseTokenSet(signIn), Date.now());
    if (has) this.keyed.add(providerId);
    else this.keyed.delete(providerId);
    if (announce && had !== has) this.changes.fire({ kind: 'key', providerId });
  }

  /** Writes the document and this machine's copy of it, and remembers what was written. */
  private async write(doc: StoredDocument): Promise<void> {
    const written = Promise.all([this.memento.update(documentKey, doc), this.memento.update(localCopyKey, doc)]);
    this.remember(this.memento.get<unknown>(documentKey));
    await written;
  }

  private remember(raw: unknown): void {
    this.seenRaw = raw;
    this.seenJson = undefined;
  }

  /** Whether `raw` is what this window last read or wrote (same object, or same JSON). */
  private seen(raw: unknown): boolean {
    if (!this.loaded) return false;
    if (raw === this.seenRaw) return true;
    this.seenJson ??= JSON.stringify(this.seenRaw);
    return JSON.stringify(raw) === this.seenJson;
  }

  /**
   * The stored document, merged with what this window held when something else wrote it.
   * Synchronous on purpose: apply() reads and starts its write in the same tick, so no other
   * write from this window can slip in between.
   */
  private read(): { document: StoredDocument; changed: boolean; saved: Promise<unknown> } {
    const raw = this.memento.get<unknown>(documentKey);
    const discard = this.discardLocal;
    this.discardLocal = false;
    if (!discard && this.seen(raw)) return { document: this.doc, changed: false, saved: Promise.resolve() };
    const fresh = this.validated(raw);
    this.remember(raw);
    const ours = discard ? undefined : this.loaded ? this.doc : this.localCopy();
    if (!ours) return fresh;
    const merged = mergeDocuments(ours, fresh.document);
    for (const note of merged.notes) (note.kind === 'lost' ? this.log.warn : this.log.info).call(this.log, `Merging stored data: ${note.message}`);
    const lost = merged.notes.filter((n) => n.kind === 'lost');
    if (lost.length) this.losses.fire(lost);
    return { document: merged.document, changed: fresh.changed || merged.changed, saved: fresh.saved };
  }

  private localCopy(): StoredDocument | undefined {
    const raw = this.memento.get<unknown>(localCopyKey);
    return raw === undefined ? undefined : loadDocument(raw).document;
  }

  /**
   * Migrates and validates a stored value. A document that fails validation is copied aside
   * (that write starts first) before anything rewrites it.
   */
  private validated(raw: unknown): { document: StoredDocument; changed: boolean; saved: Promise<unknown> } {
    const { document, problems, changed } = loadDocument(raw);
    let saved: Promise<unknown> = Promise.resolve();
    if (problems.length) {
      const copy: RecoveredCopy = { savedAt: new Date().toISOString(), problems, raw };
      saved = Promise.resolve(this.memento.update(recoveredKey, [copy, ...this.recoveredCopies()].slice(0, maxRecovered)));
      for (const p of problems) this.log.warn(`Stored data: ${p.path}: ${p.message}`);
      this.recoveries.fire(copy);
    }
    return { document, changed, saved };
  }
}
