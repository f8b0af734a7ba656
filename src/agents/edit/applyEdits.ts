/**
 * The one entry point adapters use: read the config file, edit the owned keys, check the
 * result, back up the original the first time (and record every write), and write
 * atomically. `planEdits` does the same without writing, for a diff preview.
 */
import * as path from 'node:path';
import { ConfigEditError, type ConfigFormat, type EditSegment, type KeyEdit, type StaleKeys } from './editTypes';
import { recordWrite } from './backups';
import type { FileSystemPort } from './fileSystemPort';
import { formatEditors } from './formats';
import { staleKeyEdits } from './staleKeys';
import { splitBom } from './textLayout';
import { applyEditsToValue, isNoop, sameValue, settledEdits } from './valuePath';

export interface EditRequest {
  /** Absolute path of the agent's config file; it may not exist yet. */
  readonly file: string;
  readonly format: ConfigFormat;
  readonly edits: readonly KeyEdit[];
  readonly staleKeys?: StaleKeys;
  /** Permission bits to write with (0o600 when the file holds a credential); else kept. */
  readonly mode?: number;
  /** Folder for first-change backups, e.g. the extension's global storage. */
  readonly backupDir: string;
}

export interface EditPlan {
  /** False when the file already says what the edits ask for. */
  readonly changed: boolean;
  /** The file's text now ('' when missing). */
  readonly before: string;
  /** The file's text after the edits. */
  readonly after: string;
}

// ignoreBOM keeps a leading BOM in the text, so we can write it back.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decode(file: string, bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new ConfigEditError(file, 'the file is not UTF-8 text');
  }
}

interface Planned {
  readonly plan: EditPlan;
  /** The paths of the edits that change the file's value: the keys a revert must undo. */
  changedPaths(): EditSegment[][];
}

function planned(request: Omit<EditRequest, 'backupDir' | 'mode'>, text: string): Planned {
  const { file, format } = request;
  const editor = formatEditors[format];
  const { bom, body } = splitBom(text);
  // The file's value, parsed once for the uses that only read it (the check below changes its own).
  let parsed: { value: unknown } | undefined;
  const current = () => (parsed ??= { value: editor.parse(body, file) }).value;
  const edits = request.staleKeys ? [...request.edits, ...staleKeyEdits(current(), request.staleKeys)] : request.edits;
  const edited = editor.edit(body, edits, file);
  if (edited === body) return { plan: { changed: false, before: text, after: text }, changedPaths: () => [] };
  // The promise we make: the new file parses to the old one with exactly the owned keys changed.
  const expected = applyEditsToValue(editor.parse(body, file), edits, file);
  let reparsed: unknown;
  try {
    reparsed = editor.parse(edited, file);
  } catch {
    // The user's file parsed; it is our output that does not: never blame (or write) their file.
    throw new ConfigEditError(file, 'the edited text would not parse; the file was left alone');
  }
  if (!sameValue(reparsed ?? {}, expected ?? {})) {
    throw new ConfigEditError(file, 'the edited text would not say what was asked; the file was left alone');
  }
  const after = bom + edited;
  const changedPaths = (): EditSegment[][] => {
    const settled = settledEdits(current(), request.edits, file);
    return request.edits.flatMap((edit, i) => (isNoop(current(), settled[i]!) ? [] : [[...edit.path]]));
  };
  return { plan: { changed: after !== text, before: text, after }, changedPaths };
}

/** Computes the edit from text already read; pure, so it is shared by plan and apply. */
export function planText(request: Omit<EditRequest, 'backupDir' | 'mode'>, text: string): EditPlan {
  return planned(request, text).plan;
}

async function readText(fs: FileSystemPort, file: string): Promise<{ bytes: Uint8Array | undefined; text: string }> {
  const bytes = await fs.readFile(file);
  return { bytes, text: bytes ? decode(file, bytes) : '' };
}

/** What `applyEdits` would do, without writing anything. */
export async function planEdits(fs: FileSystemPort, request: EditRequest): Promise<EditPlan> {
  return planText(request, (await readText(fs, request.file)).text);
}

/** A file read and its edit planned, ready to write; nothing written yet. */
export interface PreparedEdit {
  readonly plan: EditPlan;
  /** Backs up the original (the first time), records the write, and writes the planned text atomically. */
  write(): Promise<EditPlan>;
}

/** Reads and plans the edit: a file that cannot be edited throws here, before anything is written. */
export async function prepareEdits(fs: FileSystemPort, request: EditRequest): Promise<PreparedEdit> {
  const { bytes, text } = await readText(fs, request.file);
  const { plan, changedPaths } = planned(request, text);
  const currentMode = await fs.statMode(request.file);
  const modeChanges = request.mode !== undefined && currentMode !== undefined && currentMode !== request.mode;
  const write = async (): Promise<EditPlan> => {
    if (!plan.changed && !modeChanges) return plan;
    const after = new TextEncoder().encode(plan.after);
    const paths = plan.changed ? changedPaths() : [];
    await recordWrite(fs, request.backupDir, { file: request.file, format: request.format, before: bytes, mode: currentMode, after, paths });
    await fs.mkdirp(path.dirname(request.file));
    const mode = request.mode ?? currentMode;
    await fs.writeFileAtomic(request.file, after, mode !== undefined ? { mode } : {});
    return plan;
  };
  return { plan, write };
}

/** Edits the file in place; a second call with the same edits finds nothing to do. */
export async function applyEdits(fs: FileSystemPort, request: EditRequest): Promise<EditPlan> {
  return (await prepareEdits(fs, request)).write();
}
