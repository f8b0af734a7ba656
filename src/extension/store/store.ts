/**
 * The storage facade: the only code that touches globalState and SecretStorage.
 * It holds the current document, replays every change on a fresh read (so concurrent
 * windows merge by id), keeps keys in SecretStorage only, and announces every change.
 */
import { emptyDocument, loadDocument, type LoadProblem, type StoredDocument } from '../../providers/document';
import { SwitchboardError } from '../../providers/errors';
import type { Operation } from '../../providers/operations';
import type { Provider } from '../../providers/provider';
import { isUsable } from '../../providers/usability';
import { apiKeySchema } from '../../providers/fields';
import { isUsableTokenSet, parseTokenSet, serializeTokenSet, type TokenSet } from '../../providers/oauth/tokenSet';
import { Emitter } from './emitter';
import type { Disposable, LogPort, MementoPort, SecretsPort } from './ports';

export const documentKey = 'switchboard.document';
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
  /** `external` when another window wrote it and this one only re-read it. */
  | { readonly kind: 'document'; readonly external: boolean }
  | { readonly kind: 'key'; readonly providerId: string };

export class Store implements Disposable {
  private doc: StoredDocument = emptyDocument();
  private readonly keyed = new Set<string>();
  private readonly changes = new Emitter<StoreChange>();
  private readonly recoveries = new Emitter<RecoveredCopy>();
  private readonly subscription: Disposable;
  private writing: Promise<unknown> = Promise.resolve();

  /** Fires after the document or a key's presence changed, from any source. */
  readonly onDidChange = this.changes.event;
  /** Fires when a stored document failed validation and a raw copy was kept. */
  readonly onDidRecover = this.recoveries.event;

  constructor(
    private readonly memento: MementoPort,
    private readonly secrets: SecretsPort,
    private readonly log: LogPort,
  ) {
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
   * Re-reads globalState (another window may have written), applies the operation to that
   * copy, and writes it back. Writes from this window run one at a time.
   */
  apply<R>(operation: Operation<R>, what: string): Promise<R> {
    const run = this.writing.then(async () => {
      const { document: fresh, saved } = this.readNow();
      const { doc, result } = operation(fresh);
      await Promise.all([saved, this.memento.update(documentKey, doc)]);
      this.doc = doc;
      this.log.info(what);
      this.changes.fire({ kind: 'document', external: false });
      return result;
    });
    this.writing = run.catch(() => undefined);
    return run;
  }

  /** Reads the stored document and which providers have keys: at start, and after another window wrote. */
  async load(): Promise<void> {
    const { document, changed, saved } = this.readNow();
    this.doc = document;
    await saved;
    if (changed) await this.memento.update(documentKey, document);
    await Promise.all(this.doc.providers.map((p) => this.refreshKey(p.id, false)));
    this.changes.fire({ kind: 'document', external: true });
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
  }

  private async refreshKey(providerId: string, announce = true): Promise<void> {
    const had = this.keyed.has(providerId);
    const [key, signIn] = await Promise.all([this.secrets.get(secretKeyFor(providerId)), this.secrets.get(signInSecretKeyFor(providerId))]);
    const has = key !== undefined || isUsableTokenSet(parseTokenSet(signIn), Date.now());
    if (has) this.keyed.add(providerId);
    else this.keyed.delete(providerId);
    if (announce && had !== has) this.changes.fire({ kind: 'key', providerId });
  }

  /**
   * Loads and migrates the stored document. Synchronous on purpose: apply() reads and starts
   * its write in the same tick, so no other write can slip in between. A document that
   * fails validation is copied aside (that write starts first) before anything rewrites it.
   */
  private readNow(): { document: StoredDocument; changed: boolean; saved: Promise<unknown> } {
    const raw = this.memento.get<unknown>(documentKey);
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
