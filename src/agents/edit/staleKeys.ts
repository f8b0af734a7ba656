/** The edits that remove plaintext keys from Switchboard's entries for other providers (see StaleKeys). */
import type { KeyEdit, StaleKeys } from './editTypes';
import { getAt } from './valuePath';

export function staleKeyEdits(file: unknown, spec: StaleKeys): KeyEdit[] {
  const entries = getAt(file, spec.under);
  if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) return [];
  return Object.entries(entries)
    .filter(([name, entry]) => spec.owned(name) && spec.isKey(getAt(entry, spec.at)))
    .map(([name]) => ({ path: [...spec.under, name, ...spec.at], value: undefined }));
}
