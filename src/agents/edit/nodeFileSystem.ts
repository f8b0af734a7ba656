/**
 * The real FileSystemPort over node:fs. Its atomic write is the classic recipe: write a temp
 * file in the same folder (rename is only atomic within one file system), fsync it, rename it
 * over the target, then fsync the folder so the rename itself survives a power cut.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { FileSystemPort } from './fileSystemPort';

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Link hops before giving up, as the kernel's own limit (ELOOP). */
const maxLinkHops = 40;

/**
 * The file a path finally names, following symlinks one hop at a time so that a dotfile
 * linked from a dotfiles repo stays a link to new content, even when the link dangles (its
 * target does not exist yet): realpath would fail there, and a rename would replace the link.
 */
async function resolveTarget(file: string): Promise<string> {
  let current = file;
  for (let hop = 0; hop < maxLinkHops; hop++) {
    let isLink: boolean;
    try {
      isLink = (await fsp.lstat(current)).isSymbolicLink();
    } catch (error) {
      if (isMissing(error)) return current;
      throw error;
    }
    if (!isLink) return current;
    current = path.resolve(path.dirname(current), await fsp.readlink(current));
  }
  throw Object.assign(new Error(`${file}: too many levels of symbolic links`), { code: 'ELOOP' });
}

/** Best effort: Windows and some file systems refuse to open or fsync a folder. */
async function syncFolder(folder: string): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(folder, 'r');
    await handle.sync();
  } catch {
    // The rename already happened; a folder we cannot fsync is not a failed write.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

async function statMode(file: string): Promise<number | undefined> {
  try {
    return (await fsp.stat(file)).mode & 0o7777;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** A temp file this old belongs to no live write: its writer was killed before the rename. */
const staleTempMs = 10 * 60_000;

const tempName = (base: string) => `.${base}.${randomBytes(6).toString('hex')}.tmp`;

/** Whether `name` is a temp file of tempName(base). */
function isTempOf(name: string, base: string): boolean {
  const prefix = `.${base}.`;
  return name.startsWith(prefix) && name.endsWith('.tmp') && /^[0-9a-f]{12}$/.test(name.slice(prefix.length, -'.tmp'.length));
}

/** Removes temp files a killed writer left beside `target`; best effort, and young ones are left to their writer. */
async function removeStaleTemps(folder: string, target: string): Promise<void> {
  const base = path.basename(target);
  const names = await fsp.readdir(folder).catch(() => [] as string[]);
  for (const name of names.filter((n) => isTempOf(n, base))) {
    const file = path.join(folder, name);
    const stat = await fsp.stat(file).catch(() => undefined);
    if (stat && Date.now() - stat.mtimeMs > staleTempMs) await fsp.rm(file, { force: true }).catch(() => undefined);
  }
}

async function writeFileAtomic(file: string, data: Uint8Array, options: { mode?: number } = {}): Promise<void> {
  const target = await resolveTarget(file);
  const folder = path.dirname(target);
  // The caller made the link's folder; a dangling link's target may live in one not made yet.
  if (target !== file) await fsp.mkdir(folder, { recursive: true });
  const mode = options.mode ?? (await statMode(target));
  // A dot-prefixed, random name in the same folder: invisible to most tools, never collides.
  const temp = path.join(folder, tempName(path.basename(target)));
  const handle = await fsp.open(temp, 'wx', mode ?? 0o666);
  try {
    try {
      await handle.writeFile(data);
      // open() applies the umask, so set the wanted bits explicitly.
      if (mode !== undefined) await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(temp, target);
  } catch (error) {
    await fsp.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncFolder(folder);
  await removeStaleTemps(folder, target);
}

export const nodeFileSystem: FileSystemPort = {
  async readFile(file) {
    try {
      return new Uint8Array(await fsp.readFile(file));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  },
  writeFileAtomic,
  async rename(from, to) {
    await fsp.rename(from, to);
  },
  async remove(file) {
    // Through a link, the target goes: the link (say, into a dotfiles repo) is the user's.
    await fsp.rm(await resolveTarget(file), { force: true });
  },
  async exists(file) {
    try {
      await fsp.access(file);
      return true;
    } catch {
      return false;
    }
  },
  async mkdirp(folder) {
    await fsp.mkdir(folder, { recursive: true });
  },
  statMode,
  async readDir(folder) {
    try {
      return await fsp.readdir(folder);
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
  },
};
