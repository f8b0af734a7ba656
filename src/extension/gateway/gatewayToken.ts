/**
 * The gateway's local token: what agents routed through the gateway present as their "key".
 * Kept in SecretStorage (per machine: SecretStorage never syncs), made on first use, and
 * replaced by "Switchboard: Rotate Gateway Token".
 */
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

const secretKey = 'switchboard.gateway.token';

export class GatewayToken {
  private current: string | undefined;

  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** The token, made and stored the first time. */
  async get(): Promise<string> {
    this.current ??= (await this.secrets.get(secretKey)) ?? (await this.store(fresh()));
    return this.current;
  }

  /** The token the gateway checks requests against; undefined until get() has run once. */
  peek(): string | undefined {
    return this.current;
  }

  /** A new token; agents holding the old one are refused until they are re-applied. */
  async rotate(): Promise<string> {
    return (this.current = await this.store(fresh()));
  }

  private async store(token: string): Promise<string> {
    await this.secrets.store(secretKey, token);
    return token;
  }
}

function fresh(): string {
  return `sbg-${randomBytes(32).toString('base64url')}`;
}
