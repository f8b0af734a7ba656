/**
 * Serves keys to agents that run Switchboard's key helper (Claude Code's apiKeyHelper,
 * Codex's auth.command, OpenClaw's exec secret provider). Started with the core, so agents
 * get keys after a window reload even before the next switch. Agents run a launcher in
 * global storage: a path that survives extension updates, owned by the user (OpenClaw
 * requires that), which runs the helper script with VS Code's own runtime as Node.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { KeyOffer } from '../agents/agentAdapter';
import { gatewayProviderId } from '../agents/gatewayMode';
import { findOnPath } from '../agents/findOnPath';
import { launcherScript } from '../keyHelper/launcher';
import { startKeyServer, type KeyServer } from '../keyHelper/server';
import type { SignInService } from './signin/signInService';
import type { Store } from './store/store';

export class KeyHelperHost implements vscode.Disposable {
  private server: Promise<KeyServer | undefined>;
  private readonly dir: string;
  private readonly script: string;
  private readonly launcher: string;

  constructor(
    private readonly store: Store,
    private readonly log: vscode.LogOutputChannel,
    context: vscode.ExtensionContext,
    private readonly signIn?: SignInService,
    /** The gateway's local token, for agents routed through the gateway. */
    private readonly gatewayToken?: () => Promise<string>,
  ) {
    this.dir = path.join(context.globalStorageUri.fsPath, 'key-helper');
    this.script = path.join(this.dir, 'keyHelper.js');
    this.launcher = path.join(this.dir, 'switchboard-key');
    this.server = this.start(path.join(context.extensionUri.fsPath, 'dist', 'keyHelper.js'));
  }

  private async start(shipped: string): Promise<KeyServer | undefined> {
    try {
      await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
      await writeIfChanged(this.script, await fs.readFile(shipped));
      // curl is looked up here, once, and named by its path: an agent's PATH cannot swap it.
      if (process.platform !== 'win32') await writeIfChanged(this.launcher, Buffer.from(launcherScript(process.execPath, this.script, this.dir, await findOnPath('curl'))));
      const server = await startKeyServer({ dir: this.dir, lookup: (id) => this.lookup(id), log: (line) => this.log.debug(`Key helper: ${line}`) });
      if (!server.serving) this.log.info(`Key helper: ${server.standbyReason ?? 'another window serves keys'}`);
      return server;
    } catch (error) {
      this.log.warn(`Key helper unavailable, agents get keys from the terminal environment: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /** The gateway token, a typed key, else a signed-in provider's live access token (renewed when near expiry). */
  private async lookup(providerId: string): Promise<string | undefined> {
    // "gateway" is never given to a new provider; one stored before that keeps its own key.
    if (providerId === gatewayProviderId && this.gatewayToken && !this.store.provider(providerId)) return this.gatewayToken();
    const key = await this.store.secrets.readKey(providerId);
    if (key !== undefined || !this.signIn || this.store.provider(providerId)?.type !== 'codex') return key;
    try {
      return await this.signIn.getAccessToken(providerId);
    } catch (error) {
      this.log.warn(`Key helper: no token for ${providerId}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /** The command an agent runs for a provider's key, when some window serves keys (not on Windows yet). */
  async offer(): Promise<((providerId: string) => KeyOffer['helper']) | undefined> {
    if (process.platform === 'win32') return undefined;
    const server = await this.server;
    if (!server || (!(await server.ensureServing()) && !server.socketPath)) return undefined;
    return (providerId) => ({ command: this.launcher, args: [providerId] });
  }

  dispose(): void {
    void this.server.then((s) => s?.close());
  }
}

/** Writes atomically, owner-only, and only when the content differs (agents may be running it). */
async function writeIfChanged(file: string, content: Buffer): Promise<void> {
  const current = await fs.readFile(file).catch(() => undefined);
  if (current?.equals(content)) return;
  await fs.writeFile(`${file}.tmp`, content, { mode: 0o700 });
  await fs.rename(`${file}.tmp`, file);
}
