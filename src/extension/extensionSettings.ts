/**
 * Writes an agent extension's VS Code settings (user scope, ConfigurationTarget.Global) when
 * that extension is installed, keeping the user's original of each setting once, so Revert
 * Agent Configs (or Revert of that agent) can put it back. Never used for keys: settings sync
 * across machines.
 */
import * as vscode from 'vscode';
import type { ExtensionSettings } from '../agents/agentAdapter';
import { settingsOf, settingsUpdates, type SettingBackups } from '../agents/settingsUpdates';

const backupKey = 'switchboard.settingsBackups';

/** Whether the extension's manifest declares the setting (for backups that did not record their extension). */
function contributes(extensionId: string, settingId: string): boolean {
  const extension = vscode.extensions.all.find((e) => e.id.toLowerCase() === extensionId);
  const configuration: unknown = extension?.packageJSON?.contributes?.configuration;
  const sections = Array.isArray(configuration) ? configuration : [configuration];
  return sections.some((section) => typeof section?.properties === 'object' && section.properties !== null && settingId in section.properties);
}

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

  /** The ids of the settings Switchboard changed for these extensions (lower-case ids), or for any. */
  changed(extensionIds?: readonly string[]): string[] {
    const backups = this.memento.get<SettingBackups>(backupKey, {});
    return extensionIds ? settingsOf(backups, extensionIds, contributes) : Object.keys(backups);
  }

  /** Puts the settings Switchboard changed (for these extensions, or all) back to the user's originals; returns their ids. */
  async revert(extensionIds?: readonly string[]): Promise<string[]> {
    const backups = this.memento.get<SettingBackups>(backupKey, {});
    const ids = this.changed(extensionIds);
    // No write when there is nothing to put back: each globalState write echoes back later as a whole snapshot.
    if (!ids.length) return [];
    const config = vscode.workspace.getConfiguration();
    for (const id of ids) await config.update(id, backups[id]!.had ? backups[id]!.value : undefined, vscode.ConfigurationTarget.Global);
    // Forgotten only once written back: a failed write leaves the original for another revert.
    const rest = Object.fromEntries(Object.entries(backups).filter(([id]) => !ids.includes(id)));
    await this.memento.update(backupKey, Object.keys(rest).length ? rest : undefined);
    return ids;
  }
}
