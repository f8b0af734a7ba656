/**
 * Writes an agent extension's VS Code settings (user scope, ConfigurationTarget.Global) when
 * that extension is installed, keeping the user's original of each setting once, so Revert
 * Agent Configs can put it back. Never used for keys: settings sync across machines.
 */
import * as vscode from 'vscode';
import type { ExtensionSettings } from '../agents/agentAdapter';
import { mergeNamedList } from '../agents/namedList';

const backupKey = 'switchboard.settingsBackups';

/** The user's value of each setting before Switchboard first changed it; `had: false` = unset. */
type Backups = Record<string, { had: boolean; value?: unknown }>;

export class ExtensionSettingsWriter {
  constructor(private readonly memento: vscode.Memento) {}

  /** Returns the settings written, or [] when the extension is not installed. */
  async apply(settings: ExtensionSettings): Promise<string[]> {
    if (!vscode.extensions.getExtension(settings.extensionId)) return [];
    const config = vscode.workspace.getConfiguration();
    const updates: [string, unknown][] = [
      ...Object.entries(settings.values),
      ...Object.entries(settings.namedLists ?? {}).map(([id, ours]): [string, unknown] => [id, mergeNamedList(config.inspect(id)?.globalValue, ours)]),
    ];
    const backups = { ...this.memento.get<Backups>(backupKey, {}) };
    const written: string[] = [];
    for (const [id, value] of updates) {
      const current = config.inspect(id)?.globalValue;
      if (JSON.stringify(current) === JSON.stringify(value)) continue;
      backups[id] ??= current === undefined ? { had: false } : { had: true, value: current };
      await this.memento.update(backupKey, backups);
      await config.update(id, value, vscode.ConfigurationTarget.Global);
      written.push(id);
    }
    return written;
  }

  /** Puts every setting Switchboard changed back to the user's original; returns their ids. */
  async revertAll(): Promise<string[]> {
    const backups = this.memento.get<Backups>(backupKey, {});
    const config = vscode.workspace.getConfiguration();
    for (const [id, original] of Object.entries(backups)) await config.update(id, original.had ? original.value : undefined, vscode.ConfigurationTarget.Global);
    await this.memento.update(backupKey, undefined);
    return Object.keys(backups);
  }
}
