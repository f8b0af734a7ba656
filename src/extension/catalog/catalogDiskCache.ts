/**
 * The catalog's folder in global storage: the body as downloaded (catalog.json, the source of
 * truth), its meta, and a compact copy of the validated catalog (catalog.compact.json) that a
 * later window loads without validating every entry again. The compact copy is used only when
 * it is whole, of this format version, and stamped with the current meta and body file; on any
 * doubt the body is validated in full, as before, and the compact copy written anew.
 * No vscode import: benches and tests prepare a folder with it in plain Node.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CatalogCacheMeta } from '../../providers/catalog/cachePolicy';
import { decodeCompactCatalog, encodeCompactCatalog } from '../../providers/catalog/compactCatalog';
import { parseCatalogText, type Catalog } from '../../providers/catalog/parseCatalog';
import { readDiskMeta, writeDiskCopy, writeFileAtomically } from '../cache/diskCopy';

export const catalogBodyName = 'catalog.json';
export const compactName = 'catalog.compact.json';

export interface CacheLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface CachedCatalog {
  readonly meta: CatalogCacheMeta;
  readonly catalog: Catalog;
  /** 'compact' when the validated copy was used, 'body' when the download was validated again. */
  readonly via: 'compact' | 'body';
  /** After a full validation: the compact copy being written for next time (never rejects). */
  readonly compactWritten?: Promise<void>;
}

/**
 * Which copy a compact file was made from: the meta and the body file's size and mtime, so a
 * new download, a body replaced by hand or a crash between the writes all show as a mismatch.
 */
function stampOf(dir: string, meta: CatalogCacheMeta): string {
  const body = fs.statSync(path.join(dir, catalogBodyName));
  return JSON.stringify([meta.url, meta.fetchedAt, meta.bytes, body.size, body.mtimeMs]);
}

const quietly = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * The cached catalog, or undefined when there is none usable; problems are logged, never
 * thrown. The files are read synchronously, like the parse that follows: on a busy extension
 * host every asynchronous read (open, stat, each 512 KiB, close) waits its turn on the thread
 * pool, and those waits, not the reading, were most of a cold first use.
 */
export function readCatalogCache(dir: string, log: CacheLog): CachedCatalog | undefined {
  const ignoring = (message: string) => log.warn(`Catalog: ignoring the cached copy: ${message}`);
  const meta = readDiskMeta(dir, ignoring);
  if (!meta) return undefined;
  let stamp: string;
  let compact: string | undefined;
  try {
    stamp = stampOf(dir, meta);
    compact = readIfThere(path.join(dir, compactName));
  } catch (error) {
    if (!quietly(error)) ignoring((error as Error).message);
    return undefined;
  }
  if (compact !== undefined) {
    const read = decodeCompactCatalog(compact, stamp);
    if (read.ok) return { meta, catalog: read.catalog, via: 'compact' };
    const message = `Catalog: not using the compact copy (${read.error}); validating the downloaded copy in full.`;
    if (read.outdated) log.info(message);
    else log.warn(message);
  }
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, catalogBodyName), 'utf8');
  } catch (error) {
    if (!quietly(error)) ignoring((error as Error).message);
    return undefined;
  }
  const parsed = parseCatalogText(text);
  if (!parsed.ok) {
    ignoring(parsed.error);
    return undefined;
  }
  const compactWritten = writeCompact(dir, parsed.catalog, stamp).catch((error: unknown) => log.warn(`Catalog: could not write the compact copy in ${dir}: ${(error as Error).message}`));
  return { meta, catalog: parsed.catalog, via: 'body', compactWritten };
}

function readIfThere(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (quietly(error)) return undefined;
    throw error;
  }
}

function writeCompact(dir: string, catalog: Catalog, stamp: string): Promise<void> {
  return writeFileAtomically(path.join(dir, compactName), encodeCompactCatalog(catalog, stamp));
}

/**
 * After a download has been validated: body, meta, then the compact copy stamped with both.
 * A crash before the last write leaves a compact copy of the previous body, which the stamp
 * rejects.
 */
export async function writeCatalogCache(dir: string, copy: { readonly text: string; readonly meta: CatalogCacheMeta }, catalog: Catalog): Promise<void> {
  await writeDiskCopy(dir, catalogBodyName, copy);
  await writeCompact(dir, catalog, stampOf(dir, copy.meta));
}
