/**
 * The raw SecretStorage side: a provider's key (or the command that prints it), its sign-in
 * token set and its proxy password, and which providers have a usable secret. Separate from the
 * document because secrets never sync and never sit in globalState; ProviderSecrets
 * (providerSecrets.ts) checks providers and team rules before it calls in here.
 */
import { SwitchboardError } from '../../providers/errors';
import { KeyCommandCache } from '../../providers/keyCommand';
import { proxyPasswordProblem } from '../../providers/network/proxyPassword';
import { openProxyPassword, sealProxyPassword } from '../../providers/network/proxyPasswordSeal';
import { isUsableTokenSet, parseTokenSet, serializeTokenSet, type TokenSet } from '../../providers/oauth/tokenSet';
import type { Disposable, LogPort, SecretsPort } from './ports';

const keyPrefix = 'switchboard.key.';
/**
 * A sibling of the key slot: a command that prints the key (a password manager's), kept per
 * machine like a key, never in the synced document or a team file, since it is run here.
 */
const keyCommandPrefix = 'switchboard.keyCommand.';
/** A sibling of the key slot: a sign-in's token set, as one JSON secret. */
const signInPrefix = 'switchboard.signin.';
/** A provider's forward-proxy password; the user name is in the proxy URL. */
const proxyPasswordPrefix = 'switchboard.proxyPassword.';

export function secretKeyFor(providerId: string): string {
  return keyPrefix + providerId;
}

export function keyCommandSecretKeyFor(providerId: string): string {
  return keyCommandPrefix + providerId;
}

export function signInSecretKeyFor(providerId: string): string {
  return signInPrefix + providerId;
}

export function proxyPasswordSecretKeyFor(providerId: string): string {
  return proxyPasswordPrefix + providerId;
}

export type SecretChange =
  | { readonly kind: 'key'; readonly providerId: string }
  /** A provider's proxy password was set or cleared, in this window or another. */
  | { readonly kind: 'proxy-password'; readonly providerId: string }
  /** A provider's key command started or stopped failing (see keyCommandProblem). */
  | { readonly kind: 'key-problem'; readonly providerId: string };

export class Secrets implements Disposable {
  /** Providers with a key, a key command, or a sign-in whose tokens are usable or renewable. */
  private readonly keyed = new Set<string>();
  /** Providers whose key comes from a command. */
  private readonly commanded = new Set<string>();

  /** Providers with a proxy password, so the panel can say "Password set" without reading it. */
  private readonly proxied = new Set<string>();
  private readonly subscription: Disposable;
  private readonly problems: Disposable;

  constructor(
    private readonly secrets: SecretsPort,
    private readonly log: LogPort,
    private readonly announce: (change: SecretChange) => void,
    /** Keys printed by commands, in memory only. */
    private readonly commandKeys = new KeyCommandCache(),
  ) {
    this.problems = commandKeys.onDidChangeProblem((providerId) => announce({ kind: 'key-problem', providerId }));
    this.subscription = secrets.onDidChange(({ key }) => {
      // Another window's new key or command: what this window's command printed may be stale.
      if (key.startsWith(keyPrefix) || key.startsWith(keyCommandPrefix)) {
        const id = key.slice(key.startsWith(keyPrefix) ? keyPrefix.length : keyCommandPrefix.length);
        this.commandKeys.forget(id);
        void this.refreshKey(id);
      }
      else if (key.startsWith(signInPrefix)) void this.refreshKey(key.slice(signInPrefix.length));
      // Announced even when only the value changed: the gateway's dispatchers carry it.
      else if (key.startsWith(proxyPasswordPrefix)) void this.refreshProxyPassword(key.slice(proxyPasswordPrefix.length)).then((id) => this.announce({ kind: 'proxy-password', providerId: id }));
    });
  }

  /** Whether the provider has a key or a usable sign-in, as of the last refresh. */
  hasKey(providerId: string): boolean {
    return this.keyed.has(providerId);
  }

  /** Whether the provider's key comes from a command, as of the last refresh. */
  hasKeyCommand(providerId: string): boolean {
    return this.commanded.has(providerId);
  }

  /** Why the provider's key command failed the last time it ran, if it did. */
  keyCommandProblem(providerId: string): string | undefined {
    return this.commandKeys.problem(providerId);
  }

  /**
   * An upstream refused the provider's key: a key its command printed is dropped, so the next
   * use runs the command again (the vault's key may have been rotated). See KeyCommandCache.reject.
   * True when there was such a key to drop.
   */
  keyRejected(providerId: string, options: { retry?: boolean } = {}): boolean {
    const dropped = this.commandKeys.reject(providerId, options);
    if (dropped) this.log.info(`The upstream refused the key of provider ${providerId}; its key command runs again at the next use.`);
    return dropped;
  }

  /** Stores a key that the caller has validated; it replaces a key command (only once the key is stored). */
  async setKey(providerId: string, key: string): Promise<void> {
    await this.secrets.store(secretKeyFor(providerId), key);
    await this.secrets.delete(keyCommandSecretKeyFor(providerId));
    this.commandKeys.forget(providerId);
    this.log.info(`Stored the key for provider ${providerId}.`);
    await this.refreshKey(providerId);
  }

  /** Stores a key command that the caller has validated, with the key it just printed if it ran it; it replaces a stored key (only once the command is stored). */
  async setKeyCommand(providerId: string, command: string, key?: string): Promise<void> {
    await this.secrets.store(keyCommandSecretKeyFor(providerId), command);
    await this.secrets.delete(secretKeyFor(providerId));
    if (key === undefined) this.commandKeys.forget(providerId);
    else this.commandKeys.prime(providerId, command, key);
    // The command itself is not logged: it may name a vault item, or hold a key.
    this.log.info(`Stored a key command for provider ${providerId}.`);
    await this.refreshKey(providerId);
  }

  /** Deletes the provider's key, its key command and its sign-in tokens (without revoking them). */
  async deleteKey(providerId: string): Promise<void> {
    await Promise.all([secretKeyFor, keyCommandSecretKeyFor, signInSecretKeyFor].map((name) => this.secrets.delete(name(providerId))));
    this.commandKeys.forget(providerId);
    this.log.info(`Deleted the key for provider ${providerId}.`);
    await this.refreshKey(providerId);
  }

  /**
   * The stored key, or the key its command prints (kept in memory for a while); undefined when
   * there is none or the command fails, which is logged. `retry` runs a command that failed lately again.
   */
  async readKey(providerId: string, options: { retry?: boolean } = {}): Promise<string | undefined> {
    const [key, command] = await Promise.all([this.secrets.get(secretKeyFor(providerId)), this.secrets.get(keyCommandSecretKeyFor(providerId))]);
    if (key !== undefined || command === undefined) return key;
    const got = await this.commandKeys.get(providerId, command, options);
    if (got.ok) return got.key;
    this.log.warn(`No key for provider ${providerId}: ${got.message}`);
    return undefined;
  }

  /** Whether the provider has a proxy password, as of the last refresh or change. */
  hasProxyPassword(providerId: string): boolean {
    return this.proxied.has(providerId);
  }

  /** Clears the proxy password. */
  async deleteProxyPassword(providerId: string): Promise<void> {
    await this.secrets.delete(proxyPasswordSecretKeyFor(providerId));
    this.noteProxyPassword(providerId, false);
  }

  /** Stores a proxy password for a provider the caller has checked exists, for its proxy URL `proxy`. */
  async setProxyPassword(providerId: string, password: string, proxy: string | undefined): Promise<void> {
    const problem = proxyPasswordProblem(password);
    if (problem) throw new SwitchboardError(problem);
    await this.secrets.store(proxyPasswordSecretKeyFor(providerId), sealProxyPassword(password, proxy));
    this.log.info(`Stored the proxy password for provider ${providerId}.`);
    this.noteProxyPassword(providerId, true);
  }

  /** Re-reads whether the provider has a proxy password (at load, and after another window changed it); returns the id. */
  async refreshProxyPassword(providerId: string): Promise<string> {
    const has = (await this.secrets.get(proxyPasswordSecretKeyFor(providerId))) !== undefined;
    if (has) this.proxied.add(providerId);
    else this.proxied.delete(providerId);
    return providerId;
  }

  /** Records a change made here, announcing it when presence changed (the panel shows it at once). */
  private noteProxyPassword(providerId: string, has: boolean): void {
    if (this.proxied.has(providerId) === has) return;
    if (has) this.proxied.add(providerId);
    else this.proxied.delete(providerId);
    this.announce({ kind: 'proxy-password', providerId });
  }

  /** The password, if it was set for the proxy URL `proxy`. */
  async readProxyPassword(providerId: string, proxy: string | undefined): Promise<string | undefined> {
    return openProxyPassword(await this.secrets.get(proxyPasswordSecretKeyFor(providerId)), proxy);
  }

  /** Undefined when no token set validates. */
  async readSignIn(providerId: string): Promise<TokenSet | undefined> {
    return parseTokenSet(await this.secrets.get(signInSecretKeyFor(providerId)));
  }

  async setSignIn(providerId: string, tokens: TokenSet): Promise<void> {
    await this.secrets.store(signInSecretKeyFor(providerId), serializeTokenSet(tokens));
    this.log.info(`Stored the sign-in for provider ${providerId}.`);
    await this.refreshKey(providerId);
  }

  async deleteSignIn(providerId: string): Promise<void> {
    await this.secrets.delete(signInSecretKeyFor(providerId));
    this.log.info(`Deleted the sign-in for provider ${providerId}.`);
    await this.refreshKey(providerId);
  }

  /** Re-reads whether the provider has a key or usable sign-in; announces a change unless told not to. */
  async refreshKey(providerId: string, announce = true): Promise<void> {
    const had = this.keyed.has(providerId);
    const hadCommand = this.commanded.has(providerId);
    const [key, command, signIn] = await Promise.all([secretKeyFor, keyCommandSecretKeyFor, signInSecretKeyFor].map((name) => this.secrets.get(name(providerId))));
    if (command !== undefined && key === undefined) this.commanded.add(providerId);
    else this.commanded.delete(providerId);
    const has = key !== undefined || command !== undefined || isUsableTokenSet(parseTokenSet(signIn), Date.now());
    if (has) this.keyed.add(providerId);
    else this.keyed.delete(providerId);
    if (announce && (had !== has || hadCommand !== this.commanded.has(providerId))) this.announce({ kind: 'key', providerId });
  }

  dispose(): void {
    this.subscription.dispose();
    this.problems.dispose();
  }
}
