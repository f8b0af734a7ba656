import * as assert from 'node:assert/strict';
import type { StoredDocument } from '../../src/providers/document';
import { SwitchboardError } from '../../src/providers/errors';
import {
  addModel, addProvider, reassignProvider, recordLastUsed, removeModel, removeProvider, setDefaultModel, updateProvider, type Operation,
} from '../../src/providers/operations';
import { documentWith, model, provider } from '../fakes/builders';

function run<R>(doc: StoredDocument, op: Operation<R>) {
  return op(doc);
}

describe('document operations', () => {
  it('adds a provider with a unique id generated from its name', () => {
    let doc = documentWith([]);
    doc = run(doc, addProvider({ name: 'Work', type: 'openai', agents: ['codex'] })).doc;
    const second = run(doc, addProvider({ name: 'work', type: 'anthropic' }));
    assert.deepEqual(second.doc.providers.map((p) => p.id), ['work', 'work-2']);
    assert.deepEqual(second.result.agents, []);
  });

  it('refuses an invalid provider with a message that says what and where', () => {
    assert.throws(() => run(documentWith([]), addProvider({ name: 'Local', type: 'openai-compatible' })), (e: Error) => e instanceof SwitchboardError && /Provider “Local” \(baseUrl\): OpenAI-compatible needs a base URL/.test(e.message));
    assert.throws(() => run(documentWith([]), addProvider({ name: 'X', type: 'openai', baseUrl: 'ftp://x' })), /baseUrl/);
  });

  it('edits name, URL and agents but never the id', () => {
    const doc = documentWith([provider('work', { baseUrl: 'https://a.example/v1' })]);
    const { doc: next, result } = run(doc, updateProvider('work', { name: 'Renamed', baseUrl: null, agents: ['cline'] }));
    assert.equal(result.id, 'work');
    assert.equal(result.name, 'Renamed');
    assert.equal(result.baseUrl, undefined);
    assert.deepEqual(next.providers[0].agents, ['cline']);
    assert.throws(() => run(doc, updateProvider('nope', { name: 'x' })), /another window/);
  });

  it('keeps type fields on edit and refuses ones that do not validate', () => {
    const az = { id: 'az', name: 'Az', type: 'azure-openai', baseUrl: 'https://r.openai.azure.com/openai', apiVersion: '2024-10-21', agents: [], models: [] } as never;
    const doc = documentWith([az]);
    const { result } = run(doc, updateProvider('az', { typeFields: { apiVersion: '2025-04-01-preview', id: 'hijack' } }));
    assert.equal(result.id, 'az');
    assert.equal((result as { apiVersion: string }).apiVersion, '2025-04-01-preview');
    assert.throws(() => run(doc, updateProvider('az', { typeFields: { apiVersion: 'soon' } })), /apiVersion/);
  });

  it('makes the first chat model the default, and refuses duplicates', () => {
    let doc = documentWith([provider('p')]);
    doc = run(doc, addModel('p', { id: 'emb', contextLimit: 8000, kind: 'embedding' })).doc;
    assert.equal(doc.defaultRef, undefined, 'an embedding model is never the default');
    doc = run(doc, addModel('p', { id: 'org/m:free', contextLimit: 8000 })).doc;
    assert.equal(doc.defaultRef, 'p/org/m:free');
    doc = run(doc, addModel('p', { id: 'second', contextLimit: 8000 })).doc;
    assert.equal(doc.defaultRef, 'p/org/m:free', 'the default stays');
    assert.throws(() => run(doc, addModel('p', { id: 'second', contextLimit: 1 })), /already has a model “second”/);
    assert.throws(() => run(doc, addModel('p', { id: 'bad', contextLimit: 0 })), /Model “bad” \(contextLimit\)/);
  });

  it('keeps exactly one default: setting a new one replaces the old', () => {
    let doc = documentWith([provider('p', { models: [model('a'), model('b'), model('e', { kind: 'embedding' })] })], { defaultRef: 'p/a' });
    doc = run(doc, setDefaultModel('p/b')).doc;
    assert.equal(doc.defaultRef, 'p/b');
    assert.throws(() => run(doc, setDefaultModel('p/e')), /embedding model/);
    assert.throws(() => run(doc, setDefaultModel('p/zzz')), /No model/);
  });

  it('removing a model clears every ref to it', () => {
    const doc = documentWith([provider('p', { models: [model('a'), model('b')] })], { defaultRef: 'p/a', lastUsedRef: 'p/a', assignments: { codex: 'p/a', cline: 'p/b' } });
    const next = run(doc, removeModel('p/a')).doc;
    assert.deepEqual(next.providers[0].models.map((m) => m.id), ['b']);
    assert.equal(next.defaultRef, undefined);
    assert.equal(next.lastUsedRef, undefined);
    assert.deepEqual(next.assignments, { cline: 'p/b' });
  });

  it('removing a provider clears its refs and keeps the others', () => {
    const doc = documentWith([provider('p', { models: [model('a')] }), provider('q', { models: [model('b')] })], { defaultRef: 'q/b', lastUsedRef: 'p/a' });
    const next = run(doc, removeProvider('p')).doc;
    assert.deepEqual(next.providers.map((p) => p.id), ['q']);
    assert.equal(next.defaultRef, 'q/b');
    assert.equal(next.lastUsedRef, undefined);
  });

  it('records the last-used model only when it exists', () => {
    const doc = documentWith([provider('p', { models: [model('a')] })]);
    assert.equal(run(doc, recordLastUsed('p/a')).doc.lastUsedRef, 'p/a');
    assert.throws(() => run(doc, recordLastUsed('p/b')), /No model/);
  });

  it('reassigns agents, assignments and the default to another provider', () => {
    const doc = documentWith(
      [provider('old', { agents: ['codex', 'cline'], models: [model('x')] }), provider('new', { agents: ['cline'], models: [model('e', { kind: 'embedding' }), model('y')] })],
      { defaultRef: 'old/x', assignments: { codex: 'old/x', 'gemini-cli': 'new/y' } },
    );
    const next = run(doc, reassignProvider('old', 'new')).doc;
    assert.deepEqual(next.providers.map((p) => p.agents), [[], ['cline', 'codex']]);
    assert.deepEqual(next.assignments, { codex: 'new/y', 'gemini-cli': 'new/y' });
    assert.equal(next.defaultRef, 'new/y');
    assert.throws(() => run(doc, reassignProvider('old', 'old')), /different provider/);
  });
});
