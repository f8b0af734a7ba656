/**
 * A provider's secrets as the rest of the extension sees them (`store.secrets`): its key or key
 * command, its sign-in tokens and its proxy password, with the rules that need the document
 * (the provider exists, the team decides how a managed provider authenticates, a key and a
 * command are valid). The SecretStorage side is in secrets.ts; this class sees the document
 * only through a ProviderLookup, and its changes come out of the Store's onDidChange.
 */
import { SwitchboardError } from '../../providers/errors';
import { apiKeySchema } from '../../providers/fields';
import { keyCommandSchema } from '../../providers/keyCommand';
import { proxyPasswordAction, type ProxyPasswordChange } from '../../providers/network/proxyPassword';
import type { TokenSet } from '../../providers/oauth/tokenSet';
import type { Provider } from '../../providers/provider';
import type { Env } from '../../providers/team/headerTemplates';
import type { TeamAuth } from '../../providers/team/teamFile';
import { managedMessage, type TeamLayer } from '../../providers/team/teamLayer';
import type * as z from 'zod';
import type { Disposable, LogPort, SecretsPort } from './ports';
import { Secrets, type SecretChange } from './secrets';

/** What the secrets read of the document: which providers exist, and how the team's managed ones authenticate. */
export interface ProviderLookup {
  provider(id: string): Provider | undefined;
  teamAuth(providerId: string): TeamAuth | undefined;
  /** The team's catalog in effect, for the wording of its refusals. */
  team(): TeamLayer | undefined;
}

export class ProviderSecrets implements Disposable {
  private readonly keys: Secrets;

  constructor(
    secrets: SecretsPort,
    log: LogPort,
    private readonly lookup: ProviderLookup,
    announce: (change: SecretChange) => void,
    /** Where `env` team auth reads tokens: the extension host's environment. */
    private readonly env: () => Env = () => process.env,
  ) {
    this.keys = new Secrets(secrets, log, announce);
  }

  /** Re-reads which of these providers have a key and a proxy password, without announcing: the caller does. */
  async refresh(providerIds: readonly string[]): Promise<void> {
    await Promise.all(providerIds.flatMap((id) => [this.keys.refreshKey(id, false), this.keys.refreshProxyPassword(id)]));
  }

  /**
   * Whether the provider has its secret: a key, or a sign-in whose tokens are usable or
   * renewable; for a managed provider whose token is in an environment variable, whether it is set.
   */
  hasKey(providerId: string): boolean {
    const auth = this.lookup.teamAuth(providerId);
    if (auth?.kind === 'env') return !!this.env()[auth.variable];
    if (auth?.kind === 'none') return false;
    return this.keys.hasKey(providerId);
  }

  /**
   * What key delivery to agents starts from: whether the provider has a key, and whether it
   * wants none at all (a team proxy that authenticates by network, whatever its type).
   */
  keyFacts(providerId: string): { readonly hasKey: boolean; readonly keyless?: true } {
    return { hasKey: this.hasKey(providerId), ...(this.lookup.teamAuth(providerId)?.kind === 'none' ? { keyless: true as const } : {}) };
  }

  /** Nothing to enter here: the provider has its key, or its team token comes from elsewhere (an environment variable, or none at all). */
  keySettled(providerId: string): boolean {
    return this.hasKey(providerId) || this.teamKeyProblem(providerId) !== undefined;
  }

  /** Why a managed provider takes no key here (its token is in an environment variable, or it needs none); undefined when it does. */
  teamKeyProblem(providerId: string): string | undefined {
    const team = this.lookup.team();
    const auth = this.lookup.teamAuth(providerId);
    const provider = this.lookup.provider(providerId);
    if (!team || !auth || !provider || auth.kind === 'personalToken') return undefined;
    const how = auth.kind === 'env' ? `its token comes from $${auth.variable} on this machine` : 'it needs no token';
    return managedMessage(team, provider.name, `take a key (${how})`);
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
    const provider = this.existing(providerId);
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

  /** Deletes the provider's key (or key command) and its sign-in tokens (without revoking them). */
  deleteKey(providerId: string): Promise<void> {
    return this.keys.deleteKey(providerId);
  }

  /** After a provider is removed: its key, its sign-in and its proxy password (see Store.forgetProvider). */
  async deleteAll(providerId: string): Promise<void> {
    await Promise.all([this.deleteKey(providerId), this.setProxyPassword(providerId, undefined)]);
  }

  /**
   * For the agent switch and the gateway, at the moment of use; never for the UI. A managed
   * provider's key is the developer's personal token, or the environment variable the team named.
   * `retry`: a user's own action (Test Connection) runs a key command that failed lately again.
   */
  readKey(providerId: string, options: { retry?: boolean } = {}): Thenable<string | undefined> {
    const auth = this.lookup.teamAuth(providerId);
    if (auth?.kind === 'env') return Promise.resolve(this.env()[auth.variable] || undefined);
    if (auth?.kind === 'none') return Promise.resolve(undefined);
    return this.keys.readKey(providerId, options);
  }

  /** readKey for a call about to be made: when a key command gave no key, rejects saying why, rather than calling without one. */
  async keyForCall(providerId: string, options: { retry?: boolean } = {}): Promise<string | undefined> {
    const key = await this.readKey(providerId, options);
    const problem = key === undefined ? this.keys.keyCommandProblem(providerId) : undefined;
    if (problem) throw new SwitchboardError(`No key for “${this.lookup.provider(providerId)?.name ?? providerId}”: ${problem}`);
    return key;
  }

  /** The password for the provider's proxy as it is now (SecretStorage only), or undefined to clear it. */
  async setProxyPassword(providerId: string, password: string | undefined): Promise<void> {
    if (password === undefined) return this.keys.deleteProxyPassword(providerId);
    await this.keys.setProxyPassword(providerId, password, this.existing(providerId).network?.proxy);
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
  readProxyPassword(providerId: string, proxy = this.lookup.provider(providerId)?.network?.proxy): Promise<string | undefined> {
    return this.keys.readProxyPassword(providerId, proxy);
  }

  /** The sign-in tokens of a provider, for the sign-in service only; undefined when none validate. */
  readSignIn(providerId: string): Promise<TokenSet | undefined> {
    return this.keys.readSignIn(providerId);
  }

  async setSignIn(providerId: string, tokens: TokenSet): Promise<void> {
    this.existing(providerId);
    await this.keys.setSignIn(providerId, tokens);
  }

  deleteSignIn(providerId: string): Promise<void> {
    return this.keys.deleteSignIn(providerId);
  }

  dispose(): void {
    this.keys.dispose();
  }

  /** A secret is stored only for a provider in the document. */
  private existing(providerId: string): Provider {
    const provider = this.lookup.provider(providerId);
    if (!provider) throw new SwitchboardError(`No provider with id "${providerId}".`);
    return provider;
  }
}
