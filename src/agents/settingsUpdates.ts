/**
 * Which of an agent extension's VS Code settings a switch must write. Each user-scope write
 * costs VS Code 50–90 ms (it edits settings.json and waits for the change to come back), so a
 * setting whose value would not change is left alone, and the backup of the user's original
 * is recorded only the first time Switchboard changes a setting. Pure: the host passes what
 * `inspect()` reads.
 */
import type { ExtensionSettings } from './agentAdapter';
import { mergeNamedList } from './namedList';

/**
 * The user's value of each setting before Switchboard first changed it (`had: false` = unset),
 * and the extension it was written for, so one agent's revert finds its own settings.
 */
export type SettingBackups = Readonly<Record<string, { readonly had: boolean; readonly value?: unknown; readonly extensionId?: string }>>;

export interface SettingsUpdates {
  /** Setting id → the value to write, only for the settings whose value changes. */
  readonly updates: readonly (readonly [id: string, value: unknown])[];
  /** The backups after these writes; the same object when no new backup is needed. */
  readonly backups: SettingBackups;
}

/** `current(id)` is the setting's user-scope value now (undefined when unset). */
export function settingsUpdates(settings: ExtensionSettings, current: (id: string) => unknown, backups: SettingBackups): SettingsUpdates {
  const wanted: [string, unknown][] = [
    ...Object.entries(settings.values),
    ...Object.entries(settings.namedLists ?? {}).map(([id, ours]): [string, unknown] => [id, mergeNamedList(current(id), ours)]),
  ];
  const updates: [string, unknown][] = [];
  let next = backups;
  for (const [id, value] of wanted) {
    const now = current(id);
    if (sameValue(now, value)) continue;
    updates.push([id, value]);
    const { extensionId } = settings;
    if (!(id in next)) next = { ...next, [id]: now === undefined ? { had: false, extensionId } : { had: true, value: now, extensionId } };
  }
  return { updates, backups: next };
}

/**
 * The settings in `backups` that belong to these extensions: recorded with one of their ids,
 * or, for backups an earlier version wrote without the id, contributed by one of them.
 */
export function settingsOf(backups: SettingBackups, extensionIds: readonly string[], contributes: (extensionId: string, settingId: string) => boolean): string[] {
  const ids = extensionIds.map((id) => id.toLowerCase());
  const owned = ([id, backup]: [string, SettingBackups[string]]) => (backup.extensionId ? ids.includes(backup.extensionId.toLowerCase()) : ids.some((extension) => contributes(extension, id)));
  return Object.entries(backups).filter(owned).map(([id]) => id);
}

/** Settings are JSON, so their JSON text tells whether two values are the same. */
function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
