/**
 * The activation shell. It registers the commands and schedules the core to load right
 * after activation returns, so activation costs a few command registrations and nothing
 * else: no zod, no schemas, no storage reads.
 */
import * as vscode from 'vscode';
import { commandIds } from './commandIds';
import type { Core } from './core';

export interface SwitchboardExports {
  /** The core once loaded; its `testing` handles exist only under SWITCHBOARD_TEST=1. */
  readonly core: Promise<Core>;
}

// A plain require of the separate bundle, so the extension host loads it as CommonJS.
const loadCore = (): typeof import('./core') => require('./core');

export function activate(context: vscode.ExtensionContext): SwitchboardExports {
  const log = vscode.window.createOutputChannel('Switchboard', { log: true });
  context.subscriptions.push(log);
  const core = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => loadCore().start(context, log));
  core.catch((error) => log.error('Switchboard failed to start', error));
  for (const id of commandIds) {
    context.subscriptions.push(vscode.commands.registerCommand(id, async (...args: unknown[]) => (await core).run(id, args)));
  }
  // Restores the settings panel after a window reload; the core renders it.
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer('switchboard.settings', {
      deserializeWebviewPanel: async (panel) => (await core).revivePanel(panel),
    }),
  );
  return { core };
}

export function deactivate(): void {}
