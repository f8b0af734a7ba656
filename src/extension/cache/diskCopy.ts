/**
 * The last good copy of a downloaded document, kept in a folder of global storage: the body
 * and a small meta file (where it came from, when). Shared by the models.dev catalog and the
 * team source, which both serve this copy while a fresh one downloads, or when it cannot.
 */
import { readFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { CatalogCacheMeta } from '../../providers/catalog/cachePolicy';

export interface DiskCopy {
  readonly meta: CatalogCacheMeta;
  readonly text: string;
}

/**
 * The meta of the copy in `dir`, or undefined when there is none; one that cannot be read is
 * reported through `warn` and ignored. Synchronous: a hundred bytes, and on a busy extension
 * host each asynchronous read waits its turn on the thread pool (15-40 ms measured).
 */
export function readDiskMeta(dir: string, warn: (message: string) => void): CatalogCacheMeta | undefined {
  try {
    const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as CatalogCacheMeta;
    if (typeof meta?.url !== 'string' || typeof meta.fetchedAt !== 'number') throw new Error('meta.json is malformed');
    return meta;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warn((error as Error).message);
    return undefined;
  }
}

/** The copy in `dir`, or undefined when there is none; a copy that cannot be read is reported through `warn` and ignored. */
export async function readDiskCopy(dir: string, bodyName: string, warn: (message: string) => void): Promise<DiskCopy | undefined> {
  const meta = readDiskMeta(dir, warn);
  if (!meta) return undefined;
  try {
    return { meta, text: await fs.readFile(path.join(dir, bodyName), 'utf8') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warn((error as Error).message);
    return undefined;
  }
}

let writes = 0;

/** Through a temporary file and a rename, so a reader sees the old file or the new one, never half of one. */
export async function writeFileAtomically(file: string, data: string): Promise<void> {
  // pid and a counter: two windows, or two writes in one window, never share a temporary file.
  const temp = `${file}.${process.pid}.${++writes}.tmp`;
  try {
    await fs.writeFile(temp, data, 'utf8');
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** Body first, then meta, each through a rename: a crash leaves the old pair or a new body with old meta (stale, refetched). */
export async function writeDiskCopy(dir: string, bodyName: string, copy: DiskCopy): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  await writeFileAtomically(path.join(dir, bodyName), copy.text);
  await writeFileAtomically(path.join(dir, 'meta.json'), JSON.stringify(copy.meta));
}
