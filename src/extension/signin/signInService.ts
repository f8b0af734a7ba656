/**
 * ChatGPT sign-in for Codex providers: runs the device flow, keeps the token set in the store
 * (SecretStorage only), renews it before it expires, and revokes it on sign-out. Agents and
 * other callers get a live access token from getAccessToken().
 */
import { SwitchboardError } from '../../providers/errors';
import { pollForTokens, requestDeviceAuthorization, systemClock, type Clock, type DeviceAuthorization, type PollOptions } from '../../providers/oauth/deviceFlow';
import { discoverIssuer, type IssuerEndpoints } from '../../providers/oauth/discovery';
import { OAuthError, type FetchLike, type OAuthContext } from '../../providers/oauth/oauthHttp';
import { needsRefresh, refreshTokenSet, revokeTokenSet, type TokenSet } from '../../providers/oauth/tokenSet';
import { Emitter } from '../store/emitter';
import type { Disposable, LogPort } from '../store/ports';
import type { Store } from '../store/store';
import type { ChatGptSettings } from './chatgptSettings';

/** What the user must see: never the device code, which is the poller's secret. */
export interface ShownCode {
  readonly userCode: string;
  readonly verificationUri: string;
  readonly verificationUriComplete?: string;
  readonly expiresAt: number;
}

/** A device flow between "here is your code" and "tokens arrived". */
export interface PendingSignIn extends ShownCode {
  /** The issuer's host, for messages. */
  readonly issuerHost: string;
  /** Polls until the user finishes; rejects with DeviceFlowError when denied, expired or cancelled. */
  complete(onPoll?: PollOptions['onPoll']): Promise<TokenSet>;
}

export interface SignInDeps {
  readonly store: Store;
  readonly log: LogPort;
  readonly settings: () => ChatGptSettings;
  readonly fetch?: FetchLike;
  readonly clock?: Clock;
}

/** How sign-out went: `revoked` false when the issuer offers no revocation or it failed. */
export interface SignOutResult {
  readonly revoked: boolean;
  readonly revocationError?: string;
}

export class SignInService implements Disposable {
  private readonly shown = new Emitter<ShownCode>();
  private readonly refreshing = new Map<string, Promise<TokenSet>>();
  private readonly fetch: FetchLike;
  private readonly clock: Clock;

  /** Fires when a user code is ready to be shown (the command shows it; tests act as the user). */
  readonly onDidShowCode = this.shown.event;

  constructor(private readonly deps: SignInDeps) {
    this.fetch = deps.fetch ?? ((url, init) => fetch(url, init));
    this.clock = deps.clock ?? systemClock;
  }

  /** Discovers the configured issuer and asks for a device code. */
  async begin(signal: AbortSignal): Promise<PendingSignIn> {
    const settings = this.deps.settings();
    const ctx: OAuthContext = { fetch: this.fetch, signal };
    const endpoints: IssuerEndpoints = await discoverIssuer(ctx, settings.issuer);
    const client = { clientId: settings.clientId, scope: settings.scope };
    const device: DeviceAuthorization = await requestDeviceAuthorization(ctx, endpoints, client, this.clock.now());
    this.deps.log.info(`Sign-in: device code issued by ${endpoints.issuer}; waiting for the user.`);
    const shown: ShownCode = { userCode: device.userCode, verificationUri: device.verificationUri, verificationUriComplete: device.verificationUriComplete, expiresAt: device.expiresAt };
    this.shown.fire(shown);
    return {
      ...shown,
      issuerHost: new URL(endpoints.issuer).host,
      complete: (onPoll) => pollForTokens(ctx, endpoints, client, device, { clock: this.clock, onPoll }),
    };
  }

  /** Keeps a finished sign-in for the provider (replacing any earlier one). */
  async save(providerId: string, tokens: TokenSet): Promise<void> {
    await this.deps.store.secrets.setSignIn(providerId, tokens);
  }

  /** Whether the provider has a usable sign-in now. */
  isSignedIn(providerId: string): boolean {
    return this.deps.store.secrets.hasKey(providerId);
  }

  /**
   * A live access token for the provider, renewed first when it expires within two minutes.
   * Concurrent callers share one refresh. Throws a SwitchboardError when not signed in, or
   * when the sign-in was revoked or expired (its tokens are then forgotten).
   */
  async getAccessToken(providerId: string): Promise<string> {
    const tokens = await this.deps.store.secrets.readSignIn(providerId);
    if (!tokens) throw new SwitchboardError(`Provider “${this.nameOf(providerId)}” is not signed in. Run “Switchboard: Sign in with ChatGPT”.`);
    if (!needsRefresh(tokens, this.clock.now())) return tokens.accessToken;
    let run = this.refreshing.get(providerId);
    if (!run) {
      run = this.refresh(providerId, tokens).finally(() => this.refreshing.delete(providerId));
      this.refreshing.set(providerId, run);
    }
    return (await run).accessToken;
  }

  /** Revokes the tokens where the issuer supports it, then deletes them whatever happened. */
  async signOut(providerId: string): Promise<SignOutResult> {
    const tokens = await this.deps.store.secrets.readSignIn(providerId);
    let result: SignOutResult = { revoked: false };
    if (tokens) {
      try {
        const signal = AbortSignal.timeout(15_000);
        result = { revoked: await revokeTokenSet({ fetch: this.fetch, signal }, tokens) };
      } catch (error) {
        result = { revoked: false, revocationError: error instanceof Error ? error.message : String(error) };
        this.deps.log.warn(`Sign-out: revocation failed (${result.revocationError}); the tokens are deleted anyway.`);
      }
    }
    await this.deps.store.secrets.deleteSignIn(providerId);
    return result;
  }

  dispose(): void {
    this.shown.dispose();
  }

  private async refresh(providerId: string, tokens: TokenSet): Promise<TokenSet> {
    const ctx: OAuthContext = { fetch: this.fetch, signal: AbortSignal.timeout(30_000) };
    try {
      const renewed = await refreshTokenSet(ctx, tokens, () => this.clock.now());
      await this.deps.store.secrets.setSignIn(providerId, renewed);
      this.deps.log.info(`Sign-in: renewed the access token of provider ${providerId}.`);
      return renewed;
    } catch (error) {
      if (!(error instanceof OAuthError && error.code === 'invalid_grant') && tokens.refreshToken) {
        // A network failure: the old token is still good if it has not expired yet.
        if (tokens.expiresAt !== undefined && tokens.expiresAt > this.clock.now()) return tokens;
        throw error;
      }
      // Another window may have renewed (and rotated) the refresh token meanwhile.
      const current = await this.deps.store.secrets.readSignIn(providerId);
      if (current && current.refreshToken !== tokens.refreshToken && !needsRefresh(current, this.clock.now())) return current;
      await this.deps.store.secrets.deleteSignIn(providerId);
      throw new SwitchboardError(`The ChatGPT sign-in of “${this.nameOf(providerId)}” has ended (${error instanceof Error ? error.message : String(error)}). Sign in again.`);
    }
  }

  private nameOf(providerId: string): string {
    return this.deps.store.provider(providerId)?.name ?? providerId;
  }
}
