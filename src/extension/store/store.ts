/**
 * The stored document: the only code that touches globalState. It holds the current document,
 * replays every change on a fresh read (so concurrent windows merge by id), merges a copy that
 * Settings Sync or another window wrote by id, caches model lists, and announces every change.
 * In team mode, `document` is the developer's own document merged with the team's managed
 * providers, which are never stored (see providers/team/teamLayer.ts).
 * Reading the stored document is in documentRead.ts; a provider's secrets are `secrets`
 * (providerSecrets.ts), created here so that their changes come out of the same onDidChange.
 * This class serializes the writes and decides what a change means.
 */
import { emptyDocument, type StoredDocument } from '../../providers/document';
import type { MergeNote } from '../../providers/merge';
import type { Operation } from '../../providers/operations';
import { canonical, stampChanges } from '../../providers/stamps';
import type { Provider } from '../../providers/provider';
import { isUsable } from '../../providers/usability';
import type { Env } from '../../providers/team/headerTemplates';
import type { TeamAuth } from '../../providers/team/teamFile';
import { mergeTeam, splitTeam, withoutMissingRefs, type MergeResult, type TeamLayer } from '../../providers/team/teamLayer';
import { DocumentReader, documentKey, localCopyKey, syncedKeys, type RecoveredCopy } from './documentRead';
import { Emitter } from './emitter';
import type { Disposable, LogPort, MementoPort, SecretsPort } from './ports';
import { ProviderSecrets } from './providerSecrets';
import type { SecretChange } from './secrets';

export { documentKey, localCopyKey, recoveredKey, syncedKeys, type RecoveredCopy } from './documentRead';
export { keyCommandSecretKeyFor, proxyPasswordSecretKeyFor, secretKeyFor, signInSecretKeyFor } from './secrets';

/** The last model list fetched per provider; a cache, so it lives beside the document, not in it. */
const modelListPrefix = 'switchboard.modelList.';

export type StoreChange =
  /**
   * `external` when another window or Settings Sync wrote it and this one re-read it;
   * `rewritten` when that copy lacked something and the merge was written back.
   */
  | { readonly kind: 'document'; readonly external: boolean; readonly rewritten?: boolean }
  /** A key's presence, a key command's problem, or a proxy password changed (see secrets.ts). */
  | SecretChange
  /** The team's managed catalog arrived, changed or went away; nothing was written. */
  | { readonly kind: 'team' };

export class Store implements Disposable {
  /** The developer's own document, as stored. */
  private doc: StoredDocument = emptyDocument();
  private team?: TeamLayer;
  /** `doc` merged with `team`; rebuilt after either changes. */
  private merged?: MergeResult;
  private readonly changes = new Emitter<StoreChange>();
  private readonly recoveries = new Emitter<RecoveredCopy>();
  private readonly losses = new Emitter<readonly MergeNote[]>();
  private readonly reader: DocumentReader;
  private writing: Promise<unknown> = Promise.resolve();
  /** False until the first load: until then "ours" is this machine's copy, not `doc`. */
  private loaded = false;

  /** A provider's key, key command, sign-in and proxy password, checked against the document. */
  readonly secrets: ProviderSecrets;

  /** Fires after the document or a key's presence changed, from any source. */
  readonly onDidChange = this.changes.event;
  /** Fires when a stored document failed validation and a raw copy was kept. */
  readonly onDidRecover = this.recoveries.event;
  /** Fires when a merge could not keep something; each note names it. */
  readonly onDidLose = this.losses.event;

  constructor(
    private readonly memento: MementoPort,
    secrets: SecretsPort,
    private readonly log: LogPort,
    private readonly now: () => number = Date.now,
    /** Where `env` team auth reads tokens, for `secrets`; the extension host's environment unless a test passes one. */
    env?: () => Env,
  ) {
    memento.setKeysForSync?.(syncedKeys);
    const lookup = { provider: (id: string) => this.provider(id), teamAuth: (id: string) => this.teamAuth(id), team: () => this.team };
    this.secrets = new ProviderSecrets(secrets, log, lookup, (change) => this.changes.fire(change), env);
    this.reader = new DocumentReader(
      memento,
      log,
      () => ({ doc: this.loaded ? this.doc : undefined, inTeam: this.team !== undefined }),
      (copy) => this.recoveries.fire(copy),
      (notes) => this.losses.fire(notes),
    );
  }

  /** What everything else sees: the developer's providers, with the team's managed ones first in team mode. */
  get document(): StoredDocument {
    return this.mergedNow().document;
  }

  /** The developer's own document, without managed providers: what Export writes. */
  get personalDocument(): StoredDocument {
    return this.doc;
  }

  /** The team's catalog in effect, or undefined outside team mode. */
  get teamLayer(): TeamLayer | undefined {
    return this.team;
  }

  /** Personal providers the team's catalog hides: same id as a managed one, or personal providers turned off. */
  get hiddenByTeam(): Pick<MergeResult, 'collisions' | 'hidden'> {
    const { collisions, hidden } = this.mergedNow();
    return { collisions, hidden };
  }

  /** How developers authenticate to a managed provider; undefined for the developer's own providers. */
  teamAuth(providerId: string): TeamAuth | undefined {
    return this.team?.auth.get(providerId);
  }

  provider(id: string): Provider | undefined {
    return this.document.providers.find((p) => p.id === id);
  }

  /** A managed provider whose proxy authenticates by network needs no key, whatever its type. */
  readonly isUsable = (provider: Provider): boolean => this.teamAuth(provider.id)?.kind === 'none' || isUsable(provider, this.secrets.hasKey(provider.id));

  /**
   * Replaces the team's catalog (undefined leaves team mode) and announces it. A layer with no
   * providers stands for a team source that has not loaded yet: stored refs to its models are kept.
   */
  async setTeam(team: TeamLayer | undefined): Promise<void> {
    if (!team && this.team) return this.leaveTeam();
    // Keys first: the new catalog and its announcement then arrive in the same tick.
    await this.secrets.refresh((team?.providers ?? []).map((p) => p.id));
    this.team = team;
    this.merged = undefined;
    this.changes.fire({ kind: 'team' });
  }

  /**
   * Re-reads globalState (another window or a sync may have written; that copy is merged by
   * id), applies the operation, stamps what it changed, and writes it back. Writes from this
   * window run one at a time.
   */
  apply<R>(operation: Operation<R>, what: string): Promise<R> {
    const run = this.writing.then(async () => {
      const { document: fresh, saved } = this.reader.read();
      const team = this.team;
      const merged = mergeTeam(fresh, team).document;
      let out: ReturnType<Operation<R>>;
      let doc: StoredDocument;
      try {
        out = operation(merged);
        // Only the personal part is stored; a change to a managed provider throws here, before any write.
        doc = stampChanges(fresh, splitTeam(out.doc, merged, fresh, team), this.now());
      } catch (error) {
        // read() took in what another window or a sync wrote: keep it, though this change was refused.
        if (fresh !== this.doc) {
          this.setDoc(fresh);
          this.changes.fire({ kind: 'document', external: true });
        }
        await saved;
        throw error;
      }
      const result = out.result;
      await Promise.all([saved, this.write(doc)]);
      this.setDoc(doc);
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
      const { document, changed, saved } = this.reader.read();
      this.setDoc(document);
      this.loaded = true;
      await saved;
      if (changed) await this.write(document);
      else if (canonical(this.memento.get<unknown>(localCopyKey)) !== canonical(document)) await this.memento.update(localCopyKey, document);
      await this.secrets.refresh(this.document.providers.map((p) => p.id));
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
    if (this.reader.storedIsSeen()) return false;
    await this.load();
    return true;
  }

  /** Forgets what this window and machine held, and takes the stored document as it is. Tests reset storage with it. */
  async reloadDiscardingLocal(): Promise<void> {
    await this.writing;
    this.reader.discardNext();
    await this.load();
  }

  /** After a provider is removed: its secrets (key, sign-in, proxy password) and its cached model list go too. */
  async forgetProvider(providerId: string): Promise<void> {
    await Promise.all([this.secrets.deleteAll(providerId), this.saveModelList(providerId, undefined)]);
  }

  /** The last model list fetched for a provider, kept so a failed refresh can still offer it. */
  modelList<T>(providerId: string): T | undefined {
    return this.memento.get<T>(modelListPrefix + providerId);
  }

  /** Replaces the cached model list; undefined forgets it. */
  async saveModelList(providerId: string, list: unknown): Promise<void> {
    await this.memento.update(modelListPrefix + providerId, list);
  }

  /**
   * Ends team mode. The developer's choices of the team's models (last used, default,
   * assignments) go with them now, in a write of their own, rather than as "could not read"
   * problems at the next start, when no team keeps those refs alive.
   */
  private leaveTeam(): Promise<void> {
    const run = this.writing.then(async () => {
      const { document: fresh, saved } = this.reader.read();
      const cleared = withoutMissingRefs(fresh);
      const next = cleared && stampChanges(fresh, cleared, this.now());
      this.team = undefined;
      this.merged = undefined;
      await Promise.all([saved, next && this.write(next)]);
      this.setDoc(next ?? fresh);
      if (next) this.log.info('Team mode ended: cleared the choices of the team’s models.');
      this.changes.fire({ kind: 'team' });
      if (next) this.changes.fire({ kind: 'document', external: false });
    });
    this.writing = run.catch(() => undefined);
    return run;
  }

  private mergedNow(): MergeResult {
    return (this.merged ??= mergeTeam(this.doc, this.team));
  }

  private setDoc(doc: StoredDocument): void {
    this.doc = doc;
    this.merged = undefined;
  }

  recoveredCopies(): readonly RecoveredCopy[] {
    return this.reader.recoveredCopies();
  }

  dispose(): void {
    this.secrets.dispose();
    this.changes.dispose();
    this.recoveries.dispose();
    this.losses.dispose();
  }

  /** Writes the document and this machine's copy of it, and remembers what was written. */
  private async write(doc: StoredDocument): Promise<void> {
    const written = Promise.all([this.memento.update(documentKey, doc), this.memento.update(localCopyKey, doc)]);
    this.reader.remember(this.memento.get<unknown>(documentKey));
    await written;
  }
}
