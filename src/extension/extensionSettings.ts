/**
 * Writes an agent extension's VS Code settings (user scope, ConfigurationTarget.Global) when
 * that extension is installed, keeping the user's original of each setting once, so Revert
 * Agent Configs can put it back. Never used for keys: settings sync across machines.
 */
import * as vscode from 'vscode';
import type { ExtensionSettings } from '../agents/agentAdapter';
import { settingsUpdates, type SettingBackups } from '../agents/settingsUpdates';

const backupKey = 'switchboard.settingsBackups';

export class ExtensionSettingsWriter {
  constructor(private readonly memento: vscode.Memento) {}

  /** Returns the settings written (none when every value is already in place), or [] when the extension is not installed. */
  async apply(settings: ExtensionSettings): Promise<string[]> {
    if (!vscode.extensions.getExtension(settings.extensionId)) return [];
    const config = vscode.workspace.getConfiguration();
    const saved = this.memento.get<SettingBackups>(backupKey, {});
    const { updates, backups } = settingsUpdates(settings, (id) => config.inspect(id)?.globalValue, saved);
    // The user's originals are stored before anything changes, so a revert always finds them.
    if (backups !== saved) await this.memento.update(backupKey, backups);
    // VS Code queues settings edits itself: sent together, they save a round trip each.
    await Promise.all(updates.map(([id, value]) => config.update(id, value, vscode.ConfigurationTarget.Global)));
    return updates.map(([id]) => id);
  }

  /** Puts every setting Switchboard changed back to the user's original; returns their ids. */
  async revertAll(): Promise<string[]> {
    const backups = this.memento.get<SettingBackups>(backupKey, {});
    const config = vscode.workspace.getConfiguration();
    for (const [id, original] of Object.entries(backups)) await config.update(id, original.had ? original.value : undefined, vscode.ConfigurationTarget.Global);
    await this.memento.update(backupKey, undefined);
    return Object.keys(backups);
  }
}
