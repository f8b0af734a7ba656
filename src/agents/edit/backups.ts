/**
 * One backup per file: the user's bytes as they were before Switchboard first changed the
 * file (or the fact that it did not exist). Later changes never replace it, so "Revert Agent
 * Configs" always returns to what the user had.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import * as z from 'zod';
import type { FileSystemPort } from './fileSystemPort';

const backupSchema = z.object({
  /** Absolute path of the config file. */
  path: z.string(),
  /** The original bytes in base64, or 'absent' when the file did not exist. */
  original: z.string(),
  /** The original permission bits, restored on revert. */
  mode: z.number().int().optional(),
  /** ISO time the backup was taken. */
  time: z.string(),
});

export type BackupRecord = z.infer<typeof backupSchema>;

/** Marks a backup of a file that did not exist: reverting deletes the file. */
export const ABSENT = 'absent';

/** Where a file's backup lives: named by a hash so any path maps to one flat, safe name. */
export function backupPathFor(backupDir: string, file: string): string {
  const digest = createHash('sha256').update(path.resolve(file)).digest('hex');
  return path.join(backupDir, `${digest}.json`);
}

async function readBackup(fs: FileSystemPort, location: string): Promise<BackupRecord | undefined> {
  const bytes = await fs.readFile(location);
  if (!bytes) return undefined;
  const parsed = backupSchema.safeParse(JSON.parse(Buffer.from(bytes).toString('utf8')));
  if (!parsed.success) throw new Error(`${location}: not a Switchboard backup`);
  return parsed.data;
}

/**
 * Records the original state of `file` unless a backup already exists. Returns true when it
 * wrote one. Backups may hold credentials, so they are written 0600.
 */
export async function ensureBackup(
  fs: FileSystemPort,
  backupDir: string,
  file: string,
  original: Uint8Array | undefined,
  mode: number | undefined,
  now: Date = new Date(),
): Promise<boolean> {
  const location = backupPathFor(backupDir, file);
  if (await fs.exists(location)) return false;
  const record: BackupRecord = {
    path: path.resolve(file),
    original: original ? Buffer.from(original).toString('base64') : ABSENT,
    ...(mode !== undefined ? { mode } : {}),
    time: now.toISOString(),
  };
  await fs.mkdirp(backupDir);
  await fs.writeFileAtomic(location, new TextEncoder().encode(JSON.stringify(record, null, 2) + '\n'), { mode: 0o600 });
  return true;
}

/** What revert did: put the bytes back, deleted a file we had created, or found no backup. */
export type RevertOutcome = 'restored' | 'deleted' | 'no-backup';

/** Restores `file` to its backed-up original (exact bytes and mode) and drops the backup. */
export async function revert(fs: FileSystemPort, backupDir: string, file: string): Promise<RevertOutcome> {
  const location = backupPathFor(backupDir, file);
  const record = await readBackup(fs, location);
  if (!record) return 'no-backup';
  let outcome: RevertOutcome;
  if (record.original === ABSENT) {
    await fs.remove(record.path);
    outcome = 'deleted';
  } else {
    const bytes = new Uint8Array(Buffer.from(record.original, 'base64'));
    await fs.mkdirp(path.dirname(record.path));
    await fs.writeFileAtomic(record.path, bytes, record.mode !== undefined ? { mode: record.mode } : {});
    outcome = 'restored';
  }
  await fs.remove(location);
  return outcome;
}

/** Every backup in the folder, oldest first; files that are not backups are skipped. */
export async function listBackups(fs: FileSystemPort, backupDir: string): Promise<BackupRecord[]> {
  const records: BackupRecord[] = [];
  for (const name of await fs.readDir(backupDir)) {
    if (!/^[0-9a-f]{64}\.json$/.test(name)) continue;
    const record = await readBackup(fs, path.join(backupDir, name)).catch(() => undefined);
    if (record) records.push(record);
  }
  return records.sort((a, b) => a.time.localeCompare(b.time));
}
