import * as assert from 'node:assert/strict';
import { currentSchemaVersion, loadDocument } from '../../src/providers/document';

const good = { id: 'work', name: 'Work', type: 'openai', agents: ['codex'], models: [{ id: 'gpt-5', contextLimit: 400000, kind: 'chat' }] };

describe('loading the stored document', () => {
  it('starts empty when nothing is stored', () => {
    const r = loadDocument(undefined);
    assert.deepEqual(r.document, { schemaVersion: currentSchemaVersion, providers: [], assignments: {} });
    assert.deepEqual(r.problems, []);
    assert.equal(r.changed, false);
  });

  it('reads a valid current document unchanged', () => {
    const raw = { schemaVersion: 1, providers: [good], defaultRef: 'work/gpt-5', lastUsedRef: 'work/gpt-5', assignments: { codex: 'work/gpt-5' } };
    const r = loadDocument(raw);
    assert.deepEqual(r.document, raw);
    assert.deepEqual(r.problems, []);
    assert.equal(r.changed, false);
  });

  it('migrates the unversioned format, moving the model star to defaultRef', () => {
    const v0 = {
      providers: [
        { id: 'or', name: 'OR', type: 'openrouter', models: [{ id: 'a/b:free', contextLimit: 8000 }, { id: 'x/y', contextLimit: 8000, default: true }] },
      ],
    };
    const r = loadDocument(v0);
    assert.deepEqual(r.problems, []);
    assert.equal(r.changed, true, 'migrated documents are rewritten');
    assert.equal(r.document.schemaVersion, 1);
    assert.equal(r.document.defaultRef, 'or/x/y');
    assert.deepEqual(r.document.providers[0].models.map((m) => Object.keys(m).includes('default')), [false, false]);
  });

  it('keeps the valid providers when one is corrupt, and says where', () => {
    const raw = { schemaVersion: 1, providers: [good, { id: 'bad', name: '', type: 'openai' }, 'garbage'], assignments: {} };
    const r = loadDocument(raw);
    assert.deepEqual(r.document.providers.map((p) => p.id), ['work']);
    assert.equal(r.changed, true);
    assert.ok(r.problems.some((p) => p.path.startsWith('providers[1] (bad).name') && /dropped/.test(p.message)), JSON.stringify(r.problems));
    assert.ok(r.problems.some((p) => p.path.startsWith('providers[2]')));
  });

  it('drops only the bad model of a provider, keeping its good ones', () => {
    const raw = { schemaVersion: 1, providers: [{ ...good, models: [...good.models, { id: 'broken', contextLimit: -4 }] }], assignments: {} };
    const r = loadDocument(raw);
    assert.deepEqual(r.document.providers[0].models.map((m) => m.id), ['gpt-5']);
    assert.match(r.problems[0].path, /models\.1\.contextLimit/);
    assert.match(r.problems[0].message, /model was dropped/);
  });

  it('clears refs to models that no longer exist, and unknown agents', () => {
    const raw = { schemaVersion: 1, providers: [good], defaultRef: 'gone/x', lastUsedRef: 'nonsense', assignments: { codex: 'work/missing', emacs: 'work/gpt-5', 'claude-code': 'work/gpt-5' } };
    const r = loadDocument(raw);
    assert.equal(r.document.defaultRef, undefined);
    assert.equal(r.document.lastUsedRef, undefined);
    assert.deepEqual(r.document.assignments, { 'claude-code': 'work/gpt-5' });
    assert.deepEqual(r.problems.map((p) => p.path).sort(), ['assignments.codex', 'assignments.emacs', 'defaultRef', 'lastUsedRef']);
  });

  it('drops a second provider with the same id', () => {
    const r = loadDocument({ schemaVersion: 1, providers: [good, { ...good, name: 'Copy' }] });
    assert.equal(r.document.providers.length, 1);
    assert.match(r.problems[0].message, /second provider/);
  });

  it('survives stored data that is not a document at all', () => {
    for (const raw of [null, 42, 'text', [1, 2], { providers: 'many' }]) {
      const r = loadDocument(raw);
      assert.deepEqual(r.document.providers, [], JSON.stringify(raw));
      assert.ok(r.problems.length > 0, JSON.stringify(raw));
    }
  });

  it('reads what it understands of a newer version, and reports it', () => {
    const r = loadDocument({ schemaVersion: 9, providers: [good], assignments: {} });
    assert.deepEqual(r.document.providers.map((p) => p.id), ['work']);
    assert.match(r.problems[0].message, /newer Switchboard/);
  });
});
