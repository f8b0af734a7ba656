/** How an imported provider differs from the one with its id, in the words the preview shows. */
import type { Provider } from '../provider';

/** Deep equality of parsed JSON values; key order does not matter. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => sameJson(x, (b as unknown[])[i]));
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const fieldNames: Record<string, string> = {
  name: 'name',
  type: 'type',
  baseUrl: 'base URL',
  agents: 'agents',
  headers: 'headers',
  network: 'network settings',
  apiVersion: 'api-version',
  region: 'region',
  aws: 'AWS sign-in',
};

/** E.g. ["base URL", "models: +gpt-5, −gpt-4o, ~o3"]; empty when they are the same. */
export function providerDifferences(current: Provider, incoming: Provider): string[] {
  const a = current as Record<string, unknown>;
  const b = incoming as Record<string, unknown>;
  const out: string[] = [];
  for (const [field, label] of Object.entries(fieldNames)) if (!sameJson(a[field], b[field])) out.push(label);
  const mine = new Map(current.models.map((m) => [m.id, m]));
  const theirs = new Map(incoming.models.map((m) => [m.id, m]));
  const models = [
    ...incoming.models.filter((m) => !mine.has(m.id)).map((m) => `+${m.id}`),
    ...current.models.filter((m) => !theirs.has(m.id)).map((m) => `−${m.id}`),
    ...incoming.models.filter((m) => mine.has(m.id) && !sameJson(mine.get(m.id), m)).map((m) => `~${m.id}`),
  ];
  if (models.length) out.push(`models: ${models.join(', ')}`);
  else if (!sameJson(current.models.map((m) => m.id), incoming.models.map((m) => m.id))) out.push('model order');
  if (!out.length && !sameJson(current, incoming)) out.push('other settings');
  return out;
}
