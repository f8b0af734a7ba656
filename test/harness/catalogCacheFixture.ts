/**
 * Fills a catalog folder as the extension leaves it after a download: the body, its meta and
 * the compact copy, written by the extension's own code. Run in a child process by the host
 * bench, so that nothing the cold read uses is warmed in the host beforehand:
 *   node out/test/harness/catalogCacheFixture.js <dir> <body file> <url>
 */
import * as fs from 'node:fs';
import { writeCatalogCache } from '../../src/extension/catalog/catalogDiskCache';
import { parseCatalogText } from '../../src/providers/catalog/parseCatalog';

export async function fillCatalogCache(dir: string, bodyFile: string, url: string): Promise<void> {
  const text = fs.readFileSync(bodyFile, 'utf8');
  const parsed = parseCatalogText(text);
  if (!parsed.ok) throw new Error(parsed.error);
  await writeCatalogCache(dir, { text, meta: { url, fetchedAt: Date.now(), bytes: Buffer.byteLength(text) } }, parsed.catalog);
}

if (require.main === module) {
  const [dir, bodyFile, url] = process.argv.slice(2);
  fillCatalogCache(dir, bodyFile, url).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
