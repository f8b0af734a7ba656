/** The edits that remove plaintext keys from Switchboard's entries for other providers (see StaleKeys). */
import type { KeyEdit, StaleKeys } from './editTypes';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function staleKeyEdits(file: unknown, spec: StaleKeys): KeyEdit[] {
  let entries: unknown = file;
  for (const key of spec.under) entries = isObject(entries) ? entries[key] : undefined;
  if (!isObject(entries)) return [];
  const edits: KeyEdit[] = [];
  for (const [name, entry] of Object.entries(entries)) {
    if (!spec.owned(name)) continue;
    let value: unknown = entry;
    for (const key of spec.at) value = isObject(value) ? value[key] : undefined;
    if (spec.isKey(value)) edits.push({ path: [...spec.under, name, ...spec.at], value: undefined });
  }
  return edits;
}
