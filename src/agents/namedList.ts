/**
 * Settings such as `claudeCode.environmentVariables` hold a list of `{ name, value }`. We
 * own some names: ours are replaced or removed in place, new ones appended, and every other
 * entry (and anything in the list we do not understand) is kept as the user left it.
 */
export interface NamedValue {
  readonly name: string;
  readonly value: string;
}

export function mergeNamedList(current: unknown, ours: Readonly<Record<string, string | undefined>>): unknown[] {
  const list: unknown[] = Array.isArray(current) ? current : [];
  const nameOf = (entry: unknown) => (typeof entry === 'object' && entry !== null && typeof (entry as { name?: unknown }).name === 'string' ? (entry as { name: string }).name : undefined);
  const merged: unknown[] = [];
  const placed = new Set<string>();
  for (const entry of list) {
    const name = nameOf(entry);
    if (name === undefined || !(name in ours)) {
      merged.push(entry);
      continue;
    }
    const value = ours[name];
    if (value !== undefined && !placed.has(name)) merged.push({ ...(entry as object), name, value });
    placed.add(name);
  }
  for (const [name, value] of Object.entries(ours)) if (value !== undefined && !placed.has(name)) merged.push({ name, value });
  return merged;
}
