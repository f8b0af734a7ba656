/**
 * The storage facade: the only code that touches globalState and SecretStorage.
 * It holds the current document, replays every change on a fresh read (so concurrent
 * windows merge by id), keeps keys in SecretStorage only, and announces every change.
 * In team mode, `document` is the developer's own document merged with the team's managed
 * providers, which are never stored (see providers/team/teamLayer.ts).
 */
import { emptyDocument, loadDocument, type LoadProblem, type StoredDocument } from '../../providers/document';
import { SwitchboardError } from '../../providers/errors';
import type { Operation } from '../../providers/operations';
import type { Provider } from '../../providers/provider';
import { isUsable } from '../../providers/usability';
import { apiKeySchema } from '../../providers/fields';
import { isUsableTokenSet, parseTokenSet, serializeTokenSet, type TokenSet } from '../../providers/oauth/tokenSet';
import type { Env } from '../../providers/team/headerTemplates';
import type { TeamAuth } from '../../providers/team/teamFile';
import { managedMessage, mergeTeam, splitTeam, withoutMissingRefs, type MergeResult, type TeamLayer } from '../../providers/team/teamLayer';
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
  | { readonly kind: 'key'; readonly providerId: string }
  /** The team's managed catalog arrived, changed or went away; nothing was written. */
  | { readonly kind: 'team' };

export class Store implements Disposable {
  /** The developer's own document, as stored. */
  private doc: StoredDocument = emptyDocument();
  private team?: TeamLayer;
  /** `doc` merged with `team`; rebuilt after either changes. */
  private merged?: MergeResult;
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
    /** Where `env` team auth reads tokens: the extension host's environment. */
    private readonly env: () => Env = () => process.env,
  ) {
    this.subscription = secrets.onDidChange(({ key }) => {
      if (key.startsWith(keyPrefix)) void this.refreshKey(key.slice(keyPrefix.length));
      else if (key.startsWith(signInPrefix)) void this.refreshKey(key.slice(signInPrefix.length));
    });
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
    return this.keyed.has(providerId);
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
    await Promise.all((team?.providers ?? []).map((p) => this.refreshKey(p.id, false)));
    this.team = team;
    this.merged = undefined;
    this.changes.fire({ kind: 'team' });
  }

  /**
   * Re-reads globalState (another window may have written), applies the operation to that
   * copy, and writes it back. Writes from this window run one at a time.
   */
  apply<R>(operation: Operation<R>, what: string): Promise<R> {
    const run = this.writing.then(async () => {
      const { document: fresh, saved } = this.readNow();
      const team = this.team;
      const merged = mergeTeam(fresh, team).document;
      const out = operation(merged);
      const result = out.result;
      // Only the personal part is stored; a change to a managed provider throws here, before any write.
      const doc = splitTeam(out.doc, merged, fresh, team);
      await Promise.all([saved, this.memento.update(documentKey, doc)]);
      this.setDoc(doc);
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
    this.setDoc(document);
    await saved;
    if (changed) await this.memento.update(documentKey, document);
    await Promise.all(this.document.providers.map((p) => this.refreshKey(p.id, false)));
    this.changes.fire({ kind: 'document', external: true });
  }

  async setKey(providerId: string, key: string): Promise<void> {
    const provider = this.provider(providerId);
    if (!provider) throw new SwitchboardError(`No provider with id "${providerId}".`);
    const problem = this.teamKeyProblem(providerId);
    if (problem) throw new SwitchboardError(problem);
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

  /**
   * For the agent switch and the gateway, at the moment of use; never for the UI. A managed
   * provider's key is the developer's personal token, or the environment variable the team named.
   */
  readKey(providerId: string): Thenable<string | undefined> {
    const auth = this.teamAuth(providerId);
    if (auth?.kind === 'env') return Promise.resolve(this.env()[auth.variable] || undefined);
    if (auth?.kind === 'none') return Promise.resolve(undefined);
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
      const { document: fresh, saved } = this.readNow();
      const next = withoutMissingRefs(fresh);
      this.team = undefined;
      await Promise.all([saved, next && this.memento.update(documentKey, next)]);
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
    const { document, problems, changed } = loadDocument(raw, { keepRefsToOtherProviders: this.team !== undefined });
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
