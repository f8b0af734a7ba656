/**
 * Catalog figures in plain Node (no VS Code needed), on the models.dev snapshot:
 *   - parse and index: JSON text → validated catalog → match index, 5,276 models (what follows
 *     every download; the index is lazy, so a first match builds it here);
 *   - loading the compact copy written after that download (what a later window's first use
 *     reads), in the first figure's note;
 *   - matching 1,000 gateway-style ids (prefixes, date suffixes, tags, case) against it.
 * Medians of repeated runs after a warm-up, so a busy machine's outliers do not decide.
 *
 * Also runnable alone: `npm run compile-tests && node out/test/harness/benchCatalog.js`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CatalogIndex } from '../../src/providers/catalog/catalogIndex';
import { decodeCompactCatalog, encodeCompactCatalog } from '../../src/providers/catalog/compactCatalog';
import { parseCatalogText, type Catalog } from '../../src/providers/catalog/parseCatalog';
import type { PanelFigure } from './benchPanel';
import { repoRoot } from './paths';

export const snapshotFile = path.join(repoRoot, '..', 'shared', 'fixtures', 'models.dev', 'api.json');

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The index builds its match maps on the first match: one is made so that they count here. */
function indexed(catalog: Catalog): CatalogIndex {
  const index = new CatalogIndex(catalog);
  index.match('gpt-5');
  return index;
}

function parseAndIndex(text: string): CatalogIndex {
  const parsed = parseCatalogText(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return indexed(parsed.catalog);
}

function loadCompact(text: string): Catalog {
  const read = decodeCompactCatalog(text, 'bench');
  if (!read.ok) throw new Error(read.error);
  return read.catalog;
}

/** 1,000 ids as gateways and clouds spell them, built deterministically from the catalog's own. */
export function gatewayIds(index: CatalogIndex, count = 1000): string[] {
  const models = index.allSections().flatMap((s) => s.models);
  const vendors = ['openai', 'anthropic', 'deepseek-ai', 'meta-llama', 'google', 'x-ai', 'qwen'];
  const ids: string[] = [];
  for (let i = 0; ids.length < count; i++) {
    const base = models[(i * 7919) % models.length].id.split('/').pop()!;
    const variants = [
      `${vendors[i % vendors.length]}/${base}`,
      `${base}-2025${String((i % 12) + 1).padStart(2, '0')}15`,
      `${base}:free`,
      base.toUpperCase(),
      `us.anthropic.${base}-v1:0`,
      `${vendors[i % vendors.length]}/${base}-0324:thinking`,
      `unknown-model-${i}`,
    ];
    ids.push(variants[i % variants.length]);
  }
  return ids;
}

export function catalogFigures(runs = 15): PanelFigure[] {
  if (!fs.existsSync(snapshotFile)) throw new Error(`${snapshotFile} missing: the catalog figures need the models.dev snapshot`);
  const text = fs.readFileSync(snapshotFile, 'utf8');
  for (let i = 0; i < 3; i++) parseAndIndex(text); // warm the JIT
  const parse: number[] = [];
  const json: number[] = [];
  let index!: CatalogIndex;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    JSON.parse(text);
    const t1 = performance.now();
    index = parseAndIndex(text);
    parse.push(performance.now() - t1);
    json.push(t1 - t0);
  }
  const compact = encodeCompactCatalog(index.catalog, 'bench');
  for (let i = 0; i < 3; i++) loadCompact(compact);
  const load: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    new CatalogIndex(loadCompact(compact));
    load.push(performance.now() - t0);
  }
  const ids = gatewayIds(index);
  let matched = 0;
  for (const id of ids) if (index.match(id, { section: 'openrouter' })) matched++;
  const match: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    for (const id of ids) index.match(id, { section: 'openrouter' });
    match.push(performance.now() - t0);
  }
  const { catalog } = index;
  return [
    {
      name: 'catalogParseIndex',
      label: 'catalog parse + index (snapshot)',
      unit: 'ms',
      target: 25,
      value: median(parse),
      note: `median of ${runs}; ${catalog.modelCount} models + ${catalog.skipped.withoutContext} without context of 5,276, ${(text.length / 1024 / 1024).toFixed(1)} MB; JSON.parse alone ${median(json).toFixed(1)} ms; fastest ${Math.min(...parse).toFixed(1)} ms; a later window loads the compact copy (${(compact.length / 1024 / 1024).toFixed(1)} MB, index on first match) in ${median(load).toFixed(1)} ms`,
    },
    {
      name: 'catalogMatch1000',
      label: 'catalog match, 1,000 gateway ids',
      unit: 'ms',
      target: 10,
      value: median(match),
      note: `median of ${runs}; ${matched} of ${ids.length} matched (1 in 7 is deliberately unknown); fastest ${Math.min(...match).toFixed(1)} ms`,
    },
  ];
}

if (require.main === module) {
  try {
    for (const f of catalogFigures()) console.log(`${f.label}: ${f.value.toFixed(1)} ms (target ${f.target} ms, ${(f.value / f.target).toFixed(2)}x); ${f.note}`);
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  }
}
