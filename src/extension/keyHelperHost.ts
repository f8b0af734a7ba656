/**
 * Serves keys to agents that run Switchboard's key helper (Claude Code's apiKeyHelper,
 * Codex's auth.command). Started with the core, so agents get keys after a window reload
 * even before the next switch. The helper script is copied into global storage, a path that
 * survives extension updates, since agents keep the command in their own config.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { KeyOffer } from '../agents/agentAdapter';
import { keyHelperArgs } from '../keyHelper/layout';
import { startKeyServer, type KeyServer } from '../keyHelper/server';
import type { Store } from './store/store';

export class KeyHelperHost implements vscode.Disposable {
  private server: Promise<KeyServer | undefined>;
  private readonly dir: string;
  private readonly script: string;

  constructor(
    private readonly store: Store,
    private readonly log: vscode.LogOutputChannel,
    context: vscode.ExtensionContext,
  ) {
    this.dir = path.join(context.globalStorageUri.fsPath, 'key-helper');
    this.script = path.join(this.dir, 'keyHelper.js');
    this.server = this.start(path.join(context.extensionUri.fsPath, 'dist', 'keyHelper.js'));
  }

  private async start(shipped: string): Promise<KeyServer | undefined> {
    try {
      await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
      const [ours, copy] = await Promise.all([fs.readFile(shipped), fs.readFile(this.script).catch(() => undefined)]);
      if (!copy?.equals(ours)) {
        await fs.writeFile(`${this.script}.tmp`, ours, { mode: 0o700 });
        await fs.rename(`${this.script}.tmp`, this.script);
      }
      const server = await startKeyServer({ dir: this.dir, lookup: async (id) => this.store.readKey(id), log: (line) => this.log.debug(`Key helper: ${line}`) });
      if (!server.serving) this.log.info(`Key helper: ${server.standbyReason ?? 'another window serves keys'}`);
      return server;
    } catch (error) {
      this.log.warn(`Key helper unavailable, agents get keys from the terminal environment: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /**
   * The command an agent runs for a provider's key, when some window serves keys. VS Code's
   * own executable is Node only with ELECTRON_RUN_AS_NODE=1, which agents without an env
   * field (Codex) get through /usr/bin/env; on Windows desktop, the terminal environment is used.
   */
  async offer(): Promise<((providerId: string) => KeyOffer['helper']) | undefined> {
    const server = await this.server;
    if (!server || (!(await server.ensureServing()) && !server.socketPath)) return undefined;
    const electron = process.versions.electron !== undefined;
    if (electron && process.platform === 'win32') return undefined;
    return (providerId) => {
      const args = keyHelperArgs(this.script, this.dir, providerId);
      return electron ? { command: '/usr/bin/env', args: ['ELECTRON_RUN_AS_NODE=1', process.execPath, ...args] } : { command: process.execPath, args };
    };
  }

  dispose(): void {
    void this.server.then((s) => s?.close());
  }
}
