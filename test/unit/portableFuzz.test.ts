/**
 * Fuzz of import files: thousands of broken variants of a valid export (fields removed, of the
 * wrong kind, keys slipped in, noise) and pure noise. A file that is refused returns a problem
 * with a path and leaves the document exactly as it was; one that is accepted gives a document
 * that stores and loads back without a problem.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { emptyDocument, loadDocument, type StoredDocument } from '../../src/providers/document';
import { exportDocument } from '../../src/providers/portable/exportDocument';
import { mergeImport, type Decisions } from '../../src/providers/portable/mergeImport';
import { model, provider, documentWith } from '../fakes/builders';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const store = (): StoredDocument =>
  documentWith(
    [provider('lab', { models: [model('gpt-5'), model('embed', { kind: 'embedding' })], agents: ['codex'] }), provider('other', { type: 'anthropic', models: [model('claude')] } as never)],
    { defaultRef: 'lab/gpt-5', lastUsedRef: 'other/claude', embeddingRef: 'lab/embed', assignments: { 'claude-code': 'other/claude' } },
  );

const validFile = () =>
  exportDocument(
    documentWith([provider('lab', { models: [model('gpt-4o', { options: { reasoningEffort: 'low' } })] }), provider('fresh', { type: 'ollama', models: [model('qwen:7b')] } as never)], {
      defaultRef: 'fresh/qwen:7b',
      assignments: { opencode: 'lab/gpt-4o' },
    }),
  ).file;

/** A path into the file and a value to put there (or undefined to delete what is there). */
const paths = fc.constantFrom<(string | number)[]>(
  [],
  ['format'],
  ['version'],
  ['providers'],
  ['providers', 0],
  ['providers', 0, 'id'],
  ['providers', 0, 'type'],
  ['providers', 0, 'name'],
  ['providers', 0, 'baseUrl'],
  ['providers', 0, 'agents'],
  ['providers', 0, 'headers'],
  ['providers', 0, 'apiKey'],
  ['providers', 0, 'models', 0],
  ['providers', 0, 'models', 0, 'contextLimit'],
  ['providers', 0, 'models', 0, 'options'],
  ['providers', 0, 'models', 0, 'options', 'reasoningEffort'],
  ['providers', 1, 'models', 0, 'kind'],
  ['providers', 1, 'id'],
  ['defaultRef'],
  ['embeddingRef'],
  ['assignments'],
  ['assignments', 'codex'],
  ['keyEnv'],
  ['extra'],
);
const values = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -10, max: 20_000_000 }),
  fc.double(),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('lab', 'fresh', 'lab/gpt-4o', 'fresh/qwen:7b', 'other/claude', 'embedding', 'openai', 'sk-live-123', 'http://127.0.0.1:1/v1'),
  fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  fc.anything({ maxDepth: 2 }),
);

function mutate(file: unknown, edits: [(string | number)[], unknown][]): unknown {
  let root: unknown = structuredClone(file);
  for (const [path, value] of edits) {
    if (!path.length) {
      root = value;
      continue;
    }
    let at: unknown = root;
    for (const part of path.slice(0, -1)) at = typeof at === 'object' && at !== null ? (at as Record<string | number, unknown>)[part] : undefined;
    if (typeof at !== 'object' || at === null) continue;
    const last = path.at(-1)!;
    if (value === undefined) delete (at as Record<string | number, unknown>)[last];
    else (at as Record<string | number, unknown>)[last] = value;
  }
  return root;
}

const decisions = fc.record({ lab: fc.constantFrom<Decisions[string]>('keep', 'replace', 'rename') }, { requiredKeys: [] });

describe('portable: import fuzz', function () {
  this.timeout(120_000);

  it('a refused file changes nothing and names where; an accepted one stores cleanly', () => {
    let refused = 0;
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(paths, values), { minLength: 0, maxLength: 3 }), decisions, fc.boolean(), (edits, chosen, fromEmpty) => {
        const doc = deepFreeze(fromEmpty ? emptyDocument() : store());
        const before = JSON.stringify(doc);
        const raw = mutate(validFile(), edits);
        const merged = mergeImport(doc, raw, chosen);
        assert.equal(JSON.stringify(doc), before, 'the input document is untouched');
        if (!merged.ok) {
          refused++;
          assert.equal(typeof merged.problem.message, 'string');
          assert.ok(merged.problem.message.length > 0);
          return;
        }
        accepted++;
        const reloaded = loadDocument(JSON.parse(JSON.stringify(merged.value.doc)));
        assert.deepEqual(reloaded.problems, [], 'the merged document loads back without a problem');
      }),
      { numRuns: 4000 },
    );
    assert.ok(refused > 1000, `refused ${refused}`);
    assert.ok(accepted > 400, `accepted ${accepted}`);
  });

  it('pure noise is refused and changes nothing', () => {
    const doc = deepFreeze(store());
    const before = JSON.stringify(doc);
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        const merged = mergeImport(doc, raw, { lab: 'replace' });
        assert.ok(!merged.ok);
        assert.equal(JSON.stringify(doc), before);
      }),
      { numRuns: 2000 },
    );
  });
});
