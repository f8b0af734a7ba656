/**
 * The storage facade: the only code that touches globalState and SecretStorage.
 * It holds the current document, replays every change on a fresh read (so concurrent
 * windows merge by id), merges a copy that Settings Sync or another window wrote by id,
 * keeps keys in SecretStorage only, and announces every change.
 * In team mode, `document` is the developer's own document merged with the team's managed
 * providers, which are never stored (see providers/team/teamLayer.ts).
 * Reading the stored document is in documentRead.ts, the SecretStorage side in secrets.ts;
 * this class serializes the writes and decides what a change means.
 */
import { emptyDocument, type StoredDocument } from '../../providers/document';
import { SwitchboardError } from '../../providers/errors';
import type { MergeNote } from '../../providers/merge';
import type { Operation } from '../../providers/operations';
import { canonical, stampChanges } from '../../providers/stamps';
import { proxyPasswordAction, type ProxyPasswordChange } from '../../providers/network/proxyPassword';
import type { Provider } from '../../providers/provider';
import { isUsable } from '../../providers/usability';
import { apiKeySchema } from '../../providers/fields';
import { keyCommandSchema } from '../../providers/keyCommand';
import type * as z from 'zod';
import type { TokenSet } from '../../providers/oauth/tokenSet';
import type { Env } from '../../providers/team/headerTemplates';
import type { TeamAuth } from '../../providers/team/teamFile';
import { managedMessage, mergeTeam, splitTeam, withoutMissingRefs, type MergeResult, type TeamLayer } from '../../providers/team/teamLayer';
import { DocumentReader, documentKey, localCopyKey, syncedKeys, type RecoveredCopy } from './documentRead';
import { Emitter } from './emitter';
import type { Disposable, LogPort, MementoPort, SecretsPort } from './ports';
import { Secrets, type SecretChange } from './secrets';

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
  private readonly keys: Secrets;
  private readonly reader: DocumentReader;
  private writing: Promise<unknown> = Promise.resolve();
  /** False until the first load: until then "ours" is this machine's copy, not `doc`. */
  private loaded = false;

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
    /** Where `env` team auth reads tokens: the extension host's environment. */
    private readonly env: () => Env = () => process.env,
  ) {
    memento.setKeysForSync?.(syncedKeys);
    this.keys = new Secrets(secrets, log, (change) => this.changes.fire(change));
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

  /**
   * Whether the provider has its secret: a key, or a sign-in whose tokens are usable or
   * renewable; for a managed provider whose token is in an environment variable, whether it is set.
   */
  hasKey(providerId: string): boolean {
    const auth = this.teamAuth(providerId);
    if (auth?.kind === 'env') return !!this.env()[auth.variable];
    if (auth?.kind === 'none') return false;
    return this.keys.hasKey(providerId);
  }

  /**
   * What key delivery to agents starts from: whether the provider has a key, and whether it
   * wants none at all (a team proxy that authenticates by network, whatever its type).
   */
  keyFacts(providerId: string): { readonly hasKey: boolean; readonly keyless?: true } {
    return { hasKey: this.hasKey(providerId), ...(this.teamAuth(providerId)?.kind === 'none' ? { keyless: true as const } : {}) };
  }

  /** A managed provider whose proxy authenticates by network needs no key, whatever its type. */
  readonly isUsable = (provider: Provider): boolean => this.teamAuth(provider.id)?.kind === 'none' || isUsable(provider, this.hasKey(provider.id));

  /**
   * Replaces the team's catalog (undefined leaves team mode) and announces it. A layer with no
   * providers stands for a team source that has not loaded yet: stored refs to its models are kept.
   */
  async setTeam(team: TeamLayer | undefined): Promise<void> {
    if (!team && this.team) return this.leaveTeam();
    // Keys first: the new catalog and its announcement then arrive in the same tick.
    await Promise.all((team?.providers ?? []).flatMap((p) => [this.keys.refreshKey(p.id, false), this.keys.refreshProxyPassword(p.id)]));
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
      await Promise.all(this.document.providers.flatMap((p) => [this.keys.refreshKey(p.id, false), this.keys.refreshProxyPassword(p.id)]));
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

  async setKey(providerId: string, key: string): Promise<void> {
    await this.keys.setKey(providerId, this.checkedKeySource(providerId, apiKeySchema, key, 'Key'));
  }

  /**
   * Takes the provider's key from a command from now on (a password manager's), instead of a
   * stored key. The caller has run it once and passes the key it printed, so the first use does
   * not ask the password manager again; the command stays on this machine.
   */
  async setKeyCommand(providerId: string, command: string, key?: string): Promise<void> {
    await this.keys.setKeyCommand(providerId, this.checkedKeySource(providerId, keyCommandSchema, command, 'Key command'), key);
  }

  /** A key or key command as it is stored: for a provider that exists and takes one here, and valid by `schema`. */
  private checkedKeySource(providerId: string, schema: z.ZodType<string>, value: string, what: string): string {
    const provider = this.provider(providerId);
    if (!provider) throw new SwitchboardError(`No provider with id "${providerId}".`);
    const problem = this.teamKeyProblem(providerId);
    if (problem) throw new SwitchboardError(problem);
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new SwitchboardError(`${what} for “${provider.name}”: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  }

  /** Whether the provider's key comes from a command on this machine. */
  hasKeyCommand(providerId: string): boolean {
    return this.keys.hasKeyCommand(providerId);
  }

  /** Why the provider's key command failed when it last ran, if it did (never its output). */
  keyCommandProblem(providerId: string): string | undefined {
    return this.keys.keyCommandProblem(providerId);
  }

  /**
   * An upstream refused the provider's key (a 401): a key from a command is fetched again at the
   * next use. `retry`: the user's own call, which drops it even if the command printed it just now.
   * True when a key from a command was dropped; nothing else is forgotten.
   */
  keyRejected(providerId: string, options: { retry?: boolean } = {}): boolean {
    return this.keys.keyRejected(providerId, options);
  }

  /** Deletes the provider's secrets: its key (or key command) and its sign-in tokens (without revoking them). */
  deleteKey(providerId: string): Promise<void> {
    return this.keys.deleteKey(providerId);
  }

  /** After a provider is removed: its key, its sign-in, its proxy password and its cached model list go too. */
  async forgetProvider(providerId: string): Promise<void> {
    await Promise.all([this.deleteKey(providerId), this.setProxyPassword(providerId, undefined), this.saveModelList(providerId, undefined)]);
  }

  /** The password for the provider's proxy as it is now (SecretStorage only), or undefined to clear it. */
  async setProxyPassword(providerId: string, password: string | undefined): Promise<void> {
    if (password === undefined) return this.keys.deleteProxyPassword(providerId);
    const provider = this.provider(providerId);
    if (!provider) throw new SwitchboardError(`No provider with id "${providerId}".`);
    await this.keys.setProxyPassword(providerId, password, provider.network?.proxy);
  }

  /**
   * After a provider is saved (panel or palette): applies the change, or clears a stored password
   * whose proxy (`savedProxy`, the one before the save) is no longer the saved provider's host and user.
   */
  async saveProxyPassword(provider: Provider, change: ProxyPasswordChange | undefined, savedProxy: string | undefined): Promise<void> {
    const action = proxyPasswordAction(provider.network?.proxy, change, savedProxy);
    if (action.action === 'set') await this.setProxyPassword(provider.id, action.value);
    else if (action.action === 'clear' && this.hasProxyPassword(provider.id)) await this.setProxyPassword(provider.id, undefined);
  }

  /** Whether a proxy password is stored: all the panel learns of it. */
  hasProxyPassword(providerId: string): boolean {
    return this.keys.hasProxyPassword(providerId);
  }

  /**
   * For Test Connection, Refresh Models and the gateway's dispatchers, at the moment of use; never
   * for the UI. Only for the proxy it was set for: `proxy` (the values being tested), else the
   * provider's proxy as the document says now, whoever changed it.
   */
  readProxyPassword(providerId: string, proxy = this.provider(providerId)?.network?.proxy): Promise<string | undefined> {
    return this.keys.readProxyPassword(providerId, proxy);
  }

  /**
   * For the agent switch and the gateway, at the moment of use; never for the UI. A managed
   * provider's key is the developer's personal token, or the environment variable the team named.
   * `retry`: a user's own action (Test Connection) runs a key command that failed lately again.
   */
  readKey(providerId: string, options: { retry?: boolean } = {}): Thenable<string | undefined> {
    const auth = this.teamAuth(providerId);
    if (auth?.kind === 'env') return Promise.resolve(this.env()[auth.variable] || undefined);
    if (auth?.kind === 'none') return Promise.resolve(undefined);
    return this.keys.readKey(providerId, options);
  }

  /** readKey for a call about to be made: when a key command gave no key, rejects saying why, rather than calling without one. */
  async keyForCall(providerId: string, options: { retry?: boolean } = {}): Promise<string | undefined> {
    const key = await this.readKey(providerId, options);
    const problem = key === undefined ? this.keys.keyCommandProblem(providerId) : undefined;
    if (problem) throw new SwitchboardError(`No key for “${this.provider(providerId)?.name ?? providerId}”: ${problem}`);
    return key;
  }

  /** The sign-in tokens of a provider, for the sign-in service only; undefined when none validate. */
  readSignIn(providerId: string): Promise<TokenSet | undefined> {
    return this.keys.readSignIn(providerId);
  }

  async setSignIn(providerId: string, tokens: TokenSet): Promise<void> {
    if (!this.provider(providerId)) throw new SwitchboardError(`No provider with id "${providerId}".`);
    await this.keys.setSignIn(providerId, tokens);
  }

  deleteSignIn(providerId: string): Promise<void> {
    return this.keys.deleteSignIn(providerId);
  }

  /** The last model list fetched for a provider, kept so a failed refresh can still offer it. */
  modelList<T>(providerId: string): T | undefined {
    return this.memento.get<T>(modelListPrefix + providerId);
  }

  /** Replaces the cached model list; undefined forgets it. */
  async saveModelList(providerId: string, list: unknown): Promise<void> {
    await this.memento.update(modelListPrefix + providerId, list);
  }

  /** Nothing to enter here: the provider has its key, or its team token comes from elsewhere (an environment variable, or none at all). */
  keySettled(providerId: string): boolean {
    return this.hasKey(providerId) || this.teamKeyProblem(providerId) !== undefined;
  }

  /** Why a managed provider takes no key here (its token is in an environment variable, or it needs none); undefined when it does. */
  teamKeyProblem(providerId: string): string | undefined {
    const auth = this.teamAuth(providerId);
    const provider = this.provider(providerId);
    if (!this.team || !auth || !provider || auth.kind === 'personalToken') return undefined;
    const how = auth.kind === 'env' ? `its token comes from $${auth.variable} on this machine` : 'it needs no token';
    return managedMessage(this.team, provider.name, `take a key (${how})`);
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
    this.keys.dispose();
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
