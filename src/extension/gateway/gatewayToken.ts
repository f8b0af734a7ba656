/**
 * The gateway's local token: what agents routed through the gateway present as their "key".
 * Kept in SecretStorage (per machine: SecretStorage never syncs), made on first use, and
 * replaced by "Switchboard: Rotate Gateway Token" in any window: the others see the change.
 * A second instance holds the windows' own token for the gateway's standby feed, which agents
 * never get (the feed carries every agent's usage).
 */
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

export const agentTokenSecret = { key: 'switchboard.gateway.token', prefix: 'sbg-' } as const;
export const windowTokenSecret = { key: 'switchboard.gateway.windowToken', prefix: 'sbw-' } as const;

export class GatewayToken implements vscode.Disposable {
  /** One read-or-make at a time: callers that race at start-up all get the same token. */
  private loading: Promise<string> | undefined;
  private current: string | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly secret: { readonly key: string; readonly prefix: string } = agentTokenSecret,
  ) {
    // Another window rotated it: read it again on next use.
    this.subscription = secrets.onDidChange(({ key }) => {
      if (key !== secret.key) return;
      this.loading = undefined;
      void this.get();
    });
  }

  /** The token, made and stored the first time. */
  get(): Promise<string> {
    this.loading ??= this.load().then(
      (token) => (this.current = token),
      (error: unknown) => {
        this.loading = undefined;
        throw error;
      },
    );
    return this.loading;
  }

  /** The token the gateway checks requests against; undefined until get() has run once. */
  peek(): string | undefined {
    return this.current;
  }

  /** A new token; agents holding the old one are refused until they are re-applied. */
  async rotate(): Promise<string> {
    const token = this.fresh();
    this.loading = Promise.resolve(token);
    this.current = token;
    await this.secrets.store(this.secret.key, token);
    return token;
  }

  private async load(): Promise<string> {
    const stored = await this.secrets.get(this.secret.key);
    if (stored) return stored;
    const token = this.fresh();
    await this.secrets.store(this.secret.key, token);
    return token;
  }

  private fresh(): string {
    return `${this.secret.prefix}${randomBytes(32).toString('base64url')}`;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
