/**
 * One backup per file: the user's bytes as they were before Switchboard first changed the
 * file (or the fact that it did not exist). Later changes never replace those bytes, but each
 * one records what Switchboard wrote and which keys it edited, so a revert can tell whether
 * someone changed the file since and, if so, undo only Switchboard's keys (see revert.ts).
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import * as z from 'zod';
import type { ConfigFormat, EditSegment } from './editTypes';
import type { FileSystemPort } from './fileSystemPort';

const segmentSchema = z.union([z.string(), z.number().int(), z.object({ key: z.string(), prefix: z.string() })]);

const backupSchema = z.object({
  /** Absolute path of the config file. */
  path: z.string(),
  /** The original bytes in base64, or 'absent' when the file did not exist. */
  original: z.string(),
  /** The original permission bits, restored on revert. */
  mode: z.number().int().optional(),
  /** ISO time the backup was taken. */
  time: z.string(),
  /** sha256 (hex) of the bytes Switchboard last wrote; absent in backups of earlier versions. */
  written: z.string().optional(),
  /** The file's format, to undo Switchboard's keys with the same editor. */
  format: z.enum(['json', 'yaml', 'toml']).optional(),
  /**
   * Every key path Switchboard has edited in the file since the backup, as the edits name
   * them (a list item by content). Absent when an earlier version took the backup: its edits
   * were not recorded, so the list would not be complete.
   */
  paths: z.array(z.array(segmentSchema)).optional(),
});

export type BackupRecord = z.infer<typeof backupSchema>;

/** Marks a backup of a file that did not exist: reverting deletes the file. */
export const ABSENT = 'absent';

/** Where a file's backup lives: named by a hash so any path maps to one flat, safe name. */
export function backupPathFor(backupDir: string, file: string): string {
  const digest = createHash('sha256').update(path.resolve(file)).digest('hex');
  return path.join(backupDir, `${digest}.json`);
}

/** What `written` holds for these bytes. */
export function hashBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function readBackupAt(fs: FileSystemPort, location: string): Promise<BackupRecord | undefined> {
  const bytes = await fs.readFile(location);
  if (!bytes) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    raw = undefined;
  }
  const parsed = backupSchema.safeParse(raw);
  // Never written over: it may be the only copy of the user's original.
  if (!parsed.success) throw new Error(`${location}: not a Switchboard backup; move it away to let Switchboard edit or revert this file`);
  return parsed.data;
}

/** The backup of `file`, or undefined when there is none; throws on a file that is not one. */
export function readBackup(fs: FileSystemPort, backupDir: string, file: string): Promise<BackupRecord | undefined> {
  return readBackupAt(fs, backupPathFor(backupDir, file));
}

/** A write Switchboard is about to make to a config file. */
export interface WriteRecord {
  readonly file: string;
  readonly format: ConfigFormat;
  /** The file's bytes before this write (undefined when missing), and their mode. */
  readonly before: Uint8Array | undefined;
  readonly mode: number | undefined;
  /** The bytes about to be written. */
  readonly after: Uint8Array;
  /** The key paths this write changes. */
  readonly paths: readonly (readonly EditSegment[])[];
}

const pathKey = (p: readonly EditSegment[]) => JSON.stringify(p);

/**
 * Records a write before it happens: the first time, the original state of the file; every
 * time, the hash of the new bytes and the keys it edits. Written first, so a crash between
 * the two writes leaves a record that says "changed since", which a revert handles safely.
 * Backups may hold credentials, so they are written 0600.
 */
export async function recordWrite(fs: FileSystemPort, backupDir: string, write: WriteRecord, now: Date = new Date()): Promise<void> {
  const location = backupPathFor(backupDir, write.file);
  const existing = await readBackupAt(fs, location);
  const base: BackupRecord = existing ?? {
    path: path.resolve(write.file),
    original: write.before ? Buffer.from(write.before).toString('base64') : ABSENT,
    ...(write.mode !== undefined ? { mode: write.mode } : {}),
    time: now.toISOString(),
    paths: [],
  };
  // An earlier version's backup keeps `paths` absent: what it edited is unknown.
  const paths = base.paths && [...new Map([...base.paths, ...write.paths].map((p) => [pathKey(p), [...p]])).values()];
  const record: BackupRecord = { ...base, written: hashBytes(write.after), format: write.format, ...(paths ? { paths } : {}) };
  await fs.mkdirp(backupDir);
  await fs.writeFileAtomic(location, new TextEncoder().encode(JSON.stringify(record, null, 2) + '\n'), { mode: 0o600 });
}

/** Every backup in the folder, oldest first; files that are not backups are skipped. */
export async function listBackups(fs: FileSystemPort, backupDir: string): Promise<BackupRecord[]> {
  const records: BackupRecord[] = [];
  for (const name of await fs.readDir(backupDir)) {
    if (!/^[0-9a-f]{64}\.json$/.test(name)) continue;
    const record = await readBackupAt(fs, path.join(backupDir, name)).catch(() => undefined);
    if (record) records.push(record);
  }
  return records.sort((a, b) => a.time.localeCompare(b.time));
}
