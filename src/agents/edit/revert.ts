/**
 * Reverting a config file from its backup. A file that still holds exactly what Switchboard
 * last wrote gets its original back (bytes and mode), or is deleted if it did not exist. A
 * file someone changed since (the user, or the agent itself: `gemini mcp add`, a theme
 * setting) keeps those changes: only the keys Switchboard edited go back to the original's
 * values, through the same format-preserving editors.
 */
import * as path from 'node:path';
import { planText } from './applyEdits';
import { ABSENT, backupPathFor, hashBytes, readBackup, type BackupRecord } from './backups';
import { ConfigEditError, ConfigParseError, type ConfigFormat, type EditSegment, type KeyEdit } from './editTypes';
import type { FileSystemPort } from './fileSystemPort';
import { formatEditors } from './formats';
import { splitBom } from './textLayout';
import { applyEditsToValue, applyEditToValue, getAt, resolvePath } from './valuePath';

/** What a revert did to one file. */
export type RevertOutcome =
  /** The original bytes and mode are back. */
  | 'restored'
  /** The file did not exist before Switchboard, and nothing else is in it now: deleted. */
  | 'deleted'
  /** Changed since Switchboard wrote it: Switchboard's keys are back as they were, the rest kept. */
  | 'keys-undone'
  /** An earlier version's backup of a file changed since: the original is back, and the replaced file is kept at `detail`. */
  | 'replaced-kept-copy'
  /** Changed since and no longer parses (or is not UTF-8): left untouched, the backup kept. */
  | 'left-unparseable'
  /** Changed since so that Switchboard's keys cannot be set back (a parent is now a scalar): left untouched, the backup kept. */
  | 'left-conflicting'
  | 'no-backup';

export interface RevertResult {
  readonly outcome: RevertOutcome;
  /** The parse or edit problem for 'left-…', the copy's path for 'replaced-kept-copy'. */
  readonly detail?: string;
}

/** The outcomes that leave the file as it is and keep its backup for another try. */
export const leftAlone = (outcome: RevertOutcome): boolean => outcome === 'left-unparseable' || outcome === 'left-conflicting';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function originalBytes(record: BackupRecord): Uint8Array | undefined {
  return record.original === ABSENT ? undefined : new Uint8Array(Buffer.from(record.original, 'base64'));
}

/** The value at a path that may hold list items found by content; undefined when it is not there. */
function valueAt(root: unknown, at: readonly EditSegment[]): unknown {
  try {
    return getAt(root, resolvePath(root, at, ''));
  } catch {
    return undefined;
  }
}

const isEmptyContainer = (v: unknown): boolean => typeof v === 'object' && v !== null && !(v instanceof Date) && Object.keys(v).length === 0;

/**
 * The edits that put each recorded path back to the original's value (or delete it), then
 * remove the parents Switchboard created for its keys, once nothing else is left in them.
 */
export function undoEdits(original: unknown, current: unknown, paths: readonly (readonly EditSegment[])[], file: string): KeyEdit[] {
  const keyed = paths.map((p): KeyEdit => ({ path: p, value: valueAt(original, p) }));
  // List items are removed last, so no other edit addresses an index they shift.
  const removesItem = (edit: KeyEdit) => edit.value === undefined && typeof edit.path[edit.path.length - 1] !== 'string';
  const edits = [...keyed.filter((e) => !removesItem(e)), ...keyed.filter(removesItem)];
  let value = applyEditsToValue(structuredClone(current), edits, file);
  const parents = new Map<string, readonly EditSegment[]>();
  for (const p of paths) for (let depth = p.length - 1; depth > 0; depth--) parents.set(JSON.stringify(p.slice(0, depth)), p.slice(0, depth));
  // Deepest first, so an emptied child leaves its parent empty in turn.
  for (const parent of [...parents.values()].sort((a, b) => b.length - a.length)) {
    if (valueAt(original, parent) !== undefined || !isEmptyContainer(valueAt(value, parent))) continue;
    const edit = { path: parent, value: undefined };
    edits.push(edit);
    value = applyEditToValue(value, edit, file);
  }
  return edits;
}

/** True when the text says nothing but an empty object or table: no value, no comment. */
function holdsNothing(text: string, format: ConfigFormat, file: string): boolean {
  const value = formatEditors[format].parse(splitBom(text).body, file);
  return (value === undefined || value === null || isEmptyContainer(value)) && /^[\s{}]*$/.test(splitBom(text).body);
}

/** Writes the original back (or deletes the file), as the backup says. */
async function restoreOriginal(fs: FileSystemPort, record: BackupRecord): Promise<RevertResult> {
  const bytes = originalBytes(record);
  if (!bytes) {
    await fs.remove(record.path);
    return { outcome: 'deleted' };
  }
  await fs.mkdirp(path.dirname(record.path));
  await fs.writeFileAtomic(record.path, bytes, record.mode !== undefined ? { mode: record.mode } : {});
  return { outcome: 'restored' };
}

/** Only Switchboard's keys back as the original had them; everything else in the file stays. */
async function undoKeys(fs: FileSystemPort, record: BackupRecord & Required<Pick<BackupRecord, 'format' | 'paths'>>, current: Uint8Array): Promise<RevertResult> {
  const { format, path: file } = record;
  const editor = formatEditors[format];
  let text: string;
  try {
    text = decoder.decode(current);
  } catch {
    return { outcome: 'left-unparseable', detail: `${file}: the file is not UTF-8 text` };
  }
  const before = originalBytes(record);
  try {
    const original = before ? editor.parse(splitBom(decoder.decode(before)).body, file) : undefined;
    const edits = undoEdits(original, editor.parse(splitBom(text).body, file), record.paths, file);
    const { changed, after } = planText({ file, format, edits }, text);
    if (!before && holdsNothing(after, format, file)) {
      await fs.remove(file);
      return { outcome: 'deleted' };
    }
    // The current mode stays: the file may hold a credential someone added since.
    if (changed) await fs.writeFileAtomic(file, new TextEncoder().encode(after));
    return { outcome: 'keys-undone' };
  } catch (error) {
    if (error instanceof ConfigParseError) return { outcome: 'left-unparseable', detail: error.message };
    if (error instanceof ConfigEditError) return { outcome: 'left-conflicting', detail: error.message };
    throw error;
  }
}

/**
 * An earlier version's backup records neither what Switchboard wrote nor which keys, so the
 * changes since cannot be told from Switchboard's own. The original goes back, as that
 * version promised, and the file it replaces is kept beside the backup (0600: it may hold a
 * key), so nothing written since is lost.
 */
async function restoreKeepingCopy(fs: FileSystemPort, backupDir: string, record: BackupRecord, current: Uint8Array, now: Date): Promise<RevertResult> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const copy = backupPathFor(backupDir, record.path).replace(/\.json$/, `.replaced-${stamp}-${path.basename(record.path)}`);
  await fs.writeFileAtomic(copy, current, { mode: 0o600 });
  await restoreOriginal(fs, record);
  return { outcome: 'replaced-kept-copy', detail: copy };
}

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array | undefined) => (a && b ? Buffer.from(a).equals(Buffer.from(b)) : a === b);

/** Reverts `file` from its backup (see the top of this file) and drops the backup, unless the file was left alone. */
export async function revert(fs: FileSystemPort, backupDir: string, file: string, now: Date = new Date()): Promise<RevertResult> {
  const record = await readBackup(fs, backupDir, file);
  if (!record) return { outcome: 'no-backup' };
  const current = await fs.readFile(record.path);
  let result: RevertResult;
  if (current === undefined || sameBytes(current, originalBytes(record)) || (record.written !== undefined && hashBytes(current) === record.written)) {
    // Unchanged since Switchboard's write, or gone (nothing to lose): the original as it was.
    result = await restoreOriginal(fs, record);
  } else if (record.paths && record.format) {
    result = await undoKeys(fs, { ...record, paths: record.paths, format: record.format }, current);
  } else {
    result = await restoreKeepingCopy(fs, backupDir, record, current, now);
  }
  if (!leftAlone(result.outcome)) await fs.remove(backupPathFor(backupDir, file));
  return result;
}

/** The result in words, with the file, for the log, the CLI and the Agents tab. */
export function describeRevert(file: string, { outcome, detail }: RevertResult): string {
  switch (outcome) {
    case 'restored':
      return `restored ${file}`;
    case 'deleted':
      return `deleted (it did not exist before) ${file}`;
    case 'keys-undone':
      return `undid Switchboard's keys in ${file}, keeping the changes made to it since`;
    case 'replaced-kept-copy':
      return `restored ${file}; it had changed since Switchboard wrote it, and that version is kept at ${detail}`;
    case 'left-unparseable':
      return `left ${file} as it is: it changed since Switchboard wrote it and does not parse (${detail}); fix it and revert again`;
    case 'left-conflicting':
      return `left ${file} as it is: it changed since Switchboard wrote it and Switchboard's keys cannot be set back (${detail})`;
    case 'no-backup':
      return `no backup, left as it is ${file}`;
  }
}
