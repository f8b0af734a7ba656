/** The catalogs the catalog tests read: a small committed one, and the real snapshot when this machine has it. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CatalogIndex } from '../../src/providers/catalog/catalogIndex';
import { parseCatalogText, type Catalog } from '../../src/providers/catalog/parseCatalog';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** test/fixtures/catalog/small.json: 16 real entries from 8 sections, one of them an image model (context 0). */
export const smallCatalogFile = path.join(repoRoot, 'test', 'fixtures', 'catalog', 'small.json');

/** The shared models.dev snapshot (147 providers, 5,276 models); absent on some machines. */
export const snapshotFile = path.join(repoRoot, '..', 'shared', 'fixtures', 'models.dev', 'api.json');
export const snapshotMissing = `the models.dev snapshot is not on this machine (${snapshotFile})`;

export function readSnapshot(): string | undefined {
  return fs.existsSync(snapshotFile) ? fs.readFileSync(snapshotFile, 'utf8') : undefined;
}

export function smallCatalogText(): string {
  return fs.readFileSync(smallCatalogFile, 'utf8');
}

export function parsedOrThrow(text: string): Catalog {
  const parsed = parseCatalogText(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.catalog;
}

export function smallIndex(): CatalogIndex {
  return new CatalogIndex(parsedOrThrow(smallCatalogText()));
}

/** The snapshot's text, or skips the calling test with the reason in its title. */
export function snapshotOrSkip(ctx: Mocha.Context): string {
  const text = readSnapshot();
  if (text === undefined) {
    if (ctx.test) ctx.test.title += ` (skipped: ${snapshotMissing})`;
    ctx.skip();
  }
  return text;
}
