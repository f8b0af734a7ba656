/** Merging two copies of the stored document by id: what wins, and that nothing goes unreported. */
import * as assert from 'node:assert/strict';
import { loadDocument, type StoredDocument } from '../../src/providers/document';
import { mergeDocuments, type MergeNote } from '../../src/providers/merge';
import { addModel, addProvider, removeModel, removeProvider, setDefaultModel, updateProvider, type Operation } from '../../src/providers/operations';
import { entriesOf, maxRemovedStamps, modelKey, providerKey, stampChanges } from '../../src/providers/stamps';
import { documentWith, model, provider } from '../fakes/builders';

/** Applies operations the way the store does: each change stamped at the given time. */
function change(doc: StoredDocument, at: number, ...operations: Operation<unknown>[]): StoredDocument {
  for (const operation of operations) doc = stampChanges(doc, operation(doc).doc, at);
  return doc;
}

const ids = (doc: StoredDocument) => doc.providers.map((p) => p.id);
const modelIds = (doc: StoredDocument, providerId: string) => doc.providers.find((p) => p.id === providerId)?.models.map((m) => m.id);
const kinds = (notes: readonly MergeNote[]) => notes.map((n) => `${n.kind} ${n.what}`);

/** Two machines that last agreed on `base`. */
const base = change(documentWith([]), 1000, addProvider({ name: 'Shared', type: 'openai' }), addModel('shared', { id: 'gpt-5', contextLimit: 400_000 }));

describe('merging stored documents by id', () => {
  it('keeps what each side added: a sync that replaced our copy loses nothing', () => {
    const here = change(base, 2000, addProvider({ name: 'Local', type: 'ollama' }), addModel('shared', { id: 'gpt-5-mini', contextLimit: 400_000 }));
    const there = change(base, 3000, addProvider({ name: 'Remote', type: 'anthropic' }), addModel('shared', { id: 'gpt-4.1', contextLimit: 1_000_000 }));
    const { document, notes, changed } = mergeDocuments(here, there);
    assert.deepEqual(ids(document), ['shared', 'remote', 'local'], 'theirs first, in their order, then ours');
    assert.deepEqual(modelIds(document, 'shared'), ['gpt-5', 'gpt-4.1', 'gpt-5-mini']);
    assert.equal(changed, true, 'the merge must be written back');
    assert.deepEqual(kinds(notes).sort(), ['kept model “gpt-5-mini” of “Shared”', 'kept provider “Local”']);
  });

  it('is the same whichever side is ours, and merging again changes nothing', () => {
    const here = change(base, 2000, addProvider({ name: 'Local', type: 'ollama' }));
    const there = change(base, 3000, addProvider({ name: 'Remote', type: 'anthropic' }));
    const one = mergeDocuments(here, there).document;
    const other = mergeDocuments(there, here).document;
    assert.deepEqual([...entriesOf(one)].sort(), [...entriesOf(other)].sort());
    const again = mergeDocuments(here, one);
    assert.equal(again.changed, false);
    assert.equal(again.document, one, 'theirs unchanged is returned as is');
  });

  it('removes what the other side removed after our last change, and says so', () => {
    const there = change(base, 3000, removeProvider('shared'));
    const { document, notes } = mergeDocuments(base, there);
    assert.deepEqual(ids(document), []);
    assert.deepEqual(kinds(notes), ['removed provider “Shared”', 'removed model “gpt-5” of “Shared”']);
    assert.ok(notes.every((n) => n.kind !== 'lost'), 'a deliberate removal is not a loss');
  });

  it('brings a removed provider back when one of its models changed here later', () => {
    const there = change(base, 3000, removeProvider('shared'));
    const here = change(base, 4000, addModel('shared', { id: 'o3', contextLimit: 200_000 }));
    const { document, notes } = mergeDocuments(here, there);
    assert.deepEqual(ids(document), ['shared']);
    assert.deepEqual(modelIds(document, 'shared'), ['o3'], 'the model removed with it stays removed; the newer one stays');
    assert.ok(kinds(notes).includes('restored provider “Shared”'));
    // The other side agrees once it sees the result.
    assert.deepEqual(ids(mergeDocuments(there, document).document), ['shared']);
  });

  it('takes the newer version of an entry both sides changed, and names the one replaced', () => {
    const here = change(base, 2000, updateProvider('shared', { name: 'Shared (mine)' }));
    const there = change(base, 3000, updateProvider('shared', { name: 'Shared (theirs)' }));
    const theirsWins = mergeDocuments(here, there);
    assert.equal(theirsWins.document.providers[0].name, 'Shared (theirs)');
    assert.deepEqual(kinds(theirsWins.notes), ['replaced provider “Shared (theirs)”']);
    const oursWins = mergeDocuments(change(base, 5000, updateProvider('shared', { name: 'Shared (mine)' })), there);
    assert.equal(oursWins.document.providers[0].name, 'Shared (mine)');
    assert.equal(oursWins.changed, true);
  });

  it('merges fields of a provider and its models separately', () => {
    const here = change(base, 2000, updateProvider('shared', { agents: ['codex'] }));
    const there = change(base, 3000, addModel('shared', { id: 'o3', contextLimit: 200_000 }));
    const { document } = mergeDocuments(here, there);
    assert.deepEqual(document.providers[0].agents, ['codex'], 'our newer agents');
    assert.deepEqual(modelIds(document, 'shared'), ['gpt-5', 'o3'], 'their newer model');
  });

  it('keeps the newer default, and clears a choice whose model is gone, with a note', () => {
    const there = change(base, 3000, removeModel('shared/gpt-5'));
    const here = change(base, 4000, addModel('shared', { id: 'o3', contextLimit: 200_000 }), setDefaultModel('shared/o3'));
    const merged = mergeDocuments(here, there);
    assert.equal(merged.document.defaultRef, 'shared/o3', 'set here after theirs cleared it');
    assert.equal(mergeDocuments(change(base, 2000, addModel('shared', { id: 'o3', contextLimit: 200_000 }), setDefaultModel('shared/o3')), there).document.defaultRef, undefined, 'cleared there after it was set here');
    const later = change(there, 4000, addModel('shared', { id: 'x', contextLimit: 1000 }), setDefaultModel('shared/x'), removeModel('shared/x'));
    const stale = documentWith(later.providers, { defaultRef: 'shared/x', stamps: { ...later.stamps, default: { at: 9000 } } });
    const cleared = mergeDocuments(stale, later);
    assert.equal(cleared.document.defaultRef, undefined);
    assert.ok(kinds(cleared.notes).includes('cleared the default model'));
  });

  it('reports a model it cannot keep: two machines made different providers with one id', () => {
    const here = change(documentWith([]), 2000, addProvider({ name: 'Lab', type: 'openai' }), addModel('lab', { id: 'embed', kind: 'embedding', contextLimit: 8000 }));
    const there = change(documentWith([]), 3000, addProvider({ name: 'Lab', type: 'anthropic' }), addModel('lab', { id: 'claude', contextLimit: 200_000 }));
    const { document, notes } = mergeDocuments(here, there);
    assert.equal(document.providers[0].type, 'anthropic', 'the newer provider, whole');
    assert.deepEqual(modelIds(document, 'lab'), ['claude']);
    const lost = notes.filter((n) => n.kind === 'lost');
    assert.deepEqual(lost.map((n) => n.what), ['model “embed” of “Lab”']);
    assert.match(lost[0].message, /Could not keep model “embed” of “Lab”/);
    assert.ok(loadDocument(document).problems.length === 0, 'the result validates');
  });

  it('unions documents written before stamps existed: nothing can be told removed', () => {
    const here = documentWith([provider('a', { models: [model('m1')] })]);
    const there = documentWith([provider('b')]);
    const { document, notes } = mergeDocuments(here, there);
    assert.deepEqual(ids(document), ['b', 'a']);
    assert.deepEqual(kinds(notes), ['kept provider “A”', 'kept model “m1” of “A”']);
  });

  it('never holds more than the newest tombstones', () => {
    let doc = documentWith([]);
    for (let i = 0; i < maxRemovedStamps + 5; i++) doc = change(doc, 1000 + 2 * i, addProvider({ name: `p${i}`, type: 'ollama' }), removeProvider(`p${i}`));
    const removed = Object.entries(doc.stamps ?? {}).filter(([, s]) => s.removed);
    assert.equal(removed.length, maxRemovedStamps);
    assert.ok(!doc.stamps?.[providerKey('p0')], 'the oldest went first');
  });
});

describe('stamping changes', () => {
  it('stamps only what changed, and never behind a stamp already seen', () => {
    const doc = change(base, 500, addModel('shared', { id: 'o3', contextLimit: 200_000 }));
    assert.equal(doc.stamps?.[providerKey('shared')]?.at, 1000);
    assert.equal(doc.stamps?.[modelKey('shared', 'gpt-5')]?.at, 1001, 'each change steps past the newest stamp, and the untouched model keeps its own');
    assert.equal(doc.stamps?.[modelKey('shared', 'o3')]?.at, 1002, 'a clock behind the newest stamp steps past it');
    assert.equal(stampChanges(doc, doc, 9999), doc, 'no change, no new stamps');
  });

  it('leaves a tombstone for each removed entry', () => {
    const doc = change(base, 2000, removeProvider('shared'));
    assert.deepEqual(doc.stamps?.[providerKey('shared')], { at: 2000, removed: true });
    assert.deepEqual(doc.stamps?.[modelKey('shared', 'gpt-5')], { at: 2000, removed: true });
  });

  it('round-trips through loading, and drops only a bad stamp', () => {
    const raw = { ...base, stamps: { ...base.stamps, bogus: { at: 'yesterday' } } };
    const { document, problems } = loadDocument(JSON.parse(JSON.stringify(raw)));
    assert.deepEqual(document.stamps, base.stamps);
    assert.deepEqual(problems.map((p) => p.path), ['stamps.bogus']);
  });
});
