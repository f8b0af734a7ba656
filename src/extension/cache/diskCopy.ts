/**
 * The last good copy of a downloaded document, kept in a folder of global storage: the body
 * and a small meta file (where it came from, when). Shared by the models.dev catalog and the
 * team source, which both serve this copy while a fresh one downloads, or when it cannot.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { CatalogCacheMeta } from '../../providers/catalog/cachePolicy';

export interface DiskCopy {
  readonly meta: CatalogCacheMeta;
  readonly text: string;
}

/** The copy in `dir`, or undefined when there is none; a copy that cannot be read is reported through `warn` and ignored. */
export async function readDiskCopy(dir: string, bodyName: string, warn: (message: string) => void): Promise<DiskCopy | undefined> {
  try {
    const meta = JSON.parse(await fs.readFile(path.join(dir, 'meta.json'), 'utf8')) as CatalogCacheMeta;
    if (typeof meta?.url !== 'string' || typeof meta.fetchedAt !== 'number') throw new Error('meta.json is malformed');
    return { meta, text: await fs.readFile(path.join(dir, bodyName), 'utf8') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warn((error as Error).message);
    return undefined;
  }
}

/** Body first, then meta, each through a rename: a crash leaves the old pair or a new body with old meta (stale, refetched). */
export async function writeDiskCopy(dir: string, bodyName: string, copy: DiskCopy): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const write = async (file: string, data: string) => {
    const temp = `${file}.${process.pid}.tmp`;
    await fs.writeFile(temp, data, 'utf8');
    await fs.rename(temp, file);
  };
  await write(path.join(dir, bodyName), copy.text);
  await write(path.join(dir, 'meta.json'), JSON.stringify(copy.meta));
}
