/**
 * The small type and bound checks that the catalog's hand-written fast paths (the
 * models.dev entries, the compact copy) share. Each says exactly what its zod counterpart in
 * catalogSchema accepts, so that a value passing here would pass there too.
 */
import { limits } from '../fields';
import { modalities, reasoningEfforts, type Modality } from '../modelCapabilities';

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length >= 1 && v.length <= max;
export const isTokens = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0 && (v as number) <= limits.contextMax;
export const isPrice = (v: unknown): boolean => v === undefined || (typeof v === 'number' && v >= 0 && v <= 1_000_000);

/** What a model id may not contain (as modelIdSchema): spaces and control characters. */
export const badId = /[\s\u0000-\u001f]/;

/** badId.test without the regex call for the usual all-ASCII id (this runs once per catalog model). */
export function hasBadIdChar(id: string): boolean {
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c <= 32) return true; // controls and the ASCII spaces
    if (c > 126) return badId.test(id); // Unicode spaces: the regex knows them
  }
  return false;
}

export const modalityNames = new Set<string>(modalities);
export const effortNames = new Set<string>(reasoningEfforts);

/** Unknown names dropped, each kept once, in the list's order. */
export function knownModalities(list: unknown[]): Modality[] {
  // The usual list is already clean: keep it (it is ours, fresh from JSON.parse) rather than copy.
  let clean = true;
  for (let i = 0; i < list.length && clean; i++) clean = typeof list[i] === 'string' && modalityNames.has(list[i] as string) && list.indexOf(list[i]) === i;
  if (clean) return list as Modality[];
  return [...new Set(list.filter((m): m is Modality => typeof m === 'string' && modalityNames.has(m)))];
}
