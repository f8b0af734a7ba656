/**
 * One problem with a file or link, named by where it is: `providers[1].models[0].contextLimit`.
 * Import stops at the first one, so the message says exactly what to fix and where.
 */
import type * as z from 'zod';
import { providerTypeIds } from '../providerTypes';
import { isKeyLikeName } from './credentials';

export interface PortableProblem {
  /** `providers[1].models[0].contextLimit`; '' for the whole file. */
  readonly path: string;
  readonly message: string;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: PortableProblem };

/** The problem as one line: "providers[1].name: Enter a name." */
export function describeProblem(problem: PortableProblem): string {
  return problem.path ? `${problem.path}: ${problem.message}` : problem.message;
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `["providers", 1, "models", 0, "id"]` → `providers[1].models[0].id`, under an optional root. */
export function formatPath(path: readonly PropertyKey[], root = ''): string {
  let out = root;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && identifier.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

/**
 * The first issue of a failed parse. A field the schema does not know is named on its own
 * path; one that looks like a key says that keys never travel in files or links.
 */
export function firstProblem(error: z.ZodError, root = ''): PortableProblem {
  const issue = error.issues[0];
  if (!issue) return { path: root, message: 'Invalid value.' };
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const path = formatPath([...issue.path, key], root);
    return isKeyLikeName(key)
      ? { path, message: `Keys are never read from a file or a link: remove “${key}”. Switchboard asks for missing keys after the import.` }
      : { path, message: `“${key}” is not a field Switchboard knows here.` };
  }
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator === 'type') {
    return { path: formatPath(issue.path, root), message: `A provider type is one of ${providerTypeIds.join(', ')}.` };
  }
  return { path: formatPath(issue.path, root), message: issue.message };
}
