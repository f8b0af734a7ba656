/**
 * Which of an agent extension's VS Code settings a switch must write. Each user-scope write
 * costs VS Code 50–90 ms (it edits settings.json and waits for the change to come back), so a
 * setting whose value would not change is left alone, and the backup of the user's original
 * is recorded only the first time Switchboard changes a setting. Pure: the host passes what
 * `inspect()` reads.
 */
import type { ExtensionSettings } from './agentAdapter';
import { mergeNamedList } from './namedList';

/** The user's value of each setting before Switchboard first changed it; `had: false` = unset. */
export type SettingBackups = Readonly<Record<string, { readonly had: boolean; readonly value?: unknown }>>;

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
    if (!(id in next)) next = { ...next, [id]: now === undefined ? { had: false } : { had: true, value: now } };
  }
  return { updates, backups: next };
}

/** Settings are JSON, so their JSON text tells whether two values are the same. */
function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
