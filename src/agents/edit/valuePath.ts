/**
 * Edits applied to a parsed value instead of text. The TOML editor patches from the result,
 * and every editor's output is checked against it: the file after our edit must parse to
 * exactly "the file before, with the owned keys changed".
 */
import { ConfigEditError, formatPath, type EditSegment, type ItemMatch, type KeyEdit, type PathSegment, type ResolvedEdit } from './editTypes';

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null && !(value instanceof Date);
}

/** The value at `path`, or undefined when any part of it is missing. */
export function getAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const segment of path) {
    if (!isContainer(node)) return undefined;
    node = (node as Record<PathSegment, unknown>)[segment];
  }
  return node;
}

function childFor(segment: EditSegment): Container {
  return typeof segment === 'string' ? {} : [];
}

function matches(item: unknown, match: ItemMatch): boolean {
  if (!isContainer(item) || Array.isArray(item)) return false;
  const field = (item as Record<string, unknown>)[match.key];
  return typeof field === 'string' && field.startsWith(match.prefix);
}

/**
 * The path with each ItemMatch replaced by the index it finds in `root`: the first matching
 * item, else the end of the list (a missing list counts as empty). Throws when a match
 * meets something other than a list.
 */
export function resolvePath(root: unknown, path: readonly EditSegment[], file: string): PathSegment[] {
  const resolved: PathSegment[] = [];
  let node = root;
  for (const segment of path) {
    let concrete: PathSegment;
    if (typeof segment !== 'object') concrete = segment;
    else if (node === undefined) concrete = 0;
    else if (!Array.isArray(node)) throw new ConfigEditError(file, `${formatPath(resolved) || 'the document root'} is not a list, so ${formatPath(path)} cannot be found in it`);
    else {
      const index = node.findIndex((item) => matches(item, segment));
      concrete = index === -1 ? node.length : index;
    }
    resolved.push(concrete);
    node = isContainer(node) ? (node as Record<PathSegment, unknown>)[concrete] : undefined;
  }
  return resolved;
}

/** Checks that a segment fits its container: a key into an object, an index into an array. */
function assertFits(file: string, container: Container, path: readonly PathSegment[], depth: number): void {
  const segment = path[depth]!;
  const where = formatPath(path.slice(0, depth)) || 'the document root';
  if (Array.isArray(container)) {
    if (typeof segment !== 'number' || !Number.isInteger(segment) || segment < 0 || segment > container.length) {
      throw new ConfigEditError(file, `${where} is a list; ${formatPath(path)} does not address an item of it`);
    }
  } else if (typeof segment !== 'string') {
    throw new ConfigEditError(file, `${where} is an object; ${formatPath(path)} uses a list index`);
  }
}

/** Applies one edit in place to a mutable parsed value and returns the new root. */
export function applyEditToValue(root: unknown, edit: KeyEdit, file: string): unknown {
  if (edit.path.length === 0) throw new ConfigEditError(file, 'an edit needs a non-empty path');
  const path = resolvePath(root, edit.path, file);
  const { value } = edit;
  const current = getAt(root, path);
  if (value === undefined && current === undefined) return root;
  // A default never overrides what the user wrote; an empty (null) value counts as missing.
  if (edit.ifMissing && current !== undefined && current !== null) return root;
  const top: Container = root === undefined || root === null ? childFor(path[0]!) : (root as Container);
  if (!isContainer(top)) throw new ConfigEditError(file, `the document root is not an object`);
  let node: Container = top;
  for (let depth = 0; depth < path.length - 1; depth++) {
    assertFits(file, node, path, depth);
    const slot = node as Record<PathSegment, unknown>;
    const next = slot[path[depth]!];
    if (next === undefined) slot[path[depth]!] = childFor(path[depth + 1]!);
    else if (!isContainer(next)) {
      throw new ConfigEditError(file, `${formatPath(path.slice(0, depth + 1))} is not an object, so ${formatPath(path)} cannot be set`);
    }
    node = slot[path[depth]!] as Container;
  }
  assertFits(file, node, path, path.length - 1);
  const last = path[path.length - 1]!;
  if (value !== undefined) (node as Record<PathSegment, unknown>)[last] = structuredClone(value);
  else if (Array.isArray(node)) node.splice(last as number, 1);
  else delete (node as Record<string, unknown>)[last];
  return top;
}

/** Applies all edits in order; `root` is mutated, so pass a fresh parse. */
export function applyEditsToValue(root: unknown, edits: readonly KeyEdit[], file: string): unknown {
  return edits.reduce((acc, edit) => applyEditToValue(acc, edit, file), root);
}

/**
 * Structural equality for parsed config values: key order and prototypes are ignored (parsers
 * return null-prototype objects), dates compare by kind and instant.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.constructor === b.constructor && String(a) === String(b) && a.getTime() === b.getTime();
  }
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (!isContainer(a) || !isContainer(b) || Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** True when the edit would not change the parsed value (so no text needs to change). */
export function isNoop(root: unknown, edit: ResolvedEdit): boolean {
  const current = getAt(root, edit.path);
  return edit.value === undefined ? current === undefined : sameValue(current, edit.value);
}

/**
 * Rewrites the edits so each sets its path to the value it will finally hold. Applying the
 * result twice then changes nothing the second time, even for lists such as "delete x, then
 * set x.y" that would otherwise remove and re-add (and so move) a key on every run.
 */
export function settledEdits(root: unknown, edits: readonly KeyEdit[], file: string): ResolvedEdit[] {
  // Each path is resolved where it applies, so an item appended by one edit is found by the next.
  let target = structuredClone(root);
  const paths: PathSegment[][] = [];
  const removesItem: boolean[] = [];
  for (const edit of edits) {
    if (edit.path.length === 0) throw new ConfigEditError(file, 'an edit needs a non-empty path');
    const path = resolvePath(target, edit.path, file);
    paths.push(path);
    // A list item deleted stays a delete: its index finally holds the next item, not it.
    removesItem.push(edit.value === undefined && Array.isArray(getAt(target, path.slice(0, -1))));
    target = applyEditToValue(target, edit, file);
  }
  return paths.map((path, i) => ({ path, value: removesItem[i] ? undefined : getAt(target, path) }));
}
