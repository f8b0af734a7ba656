import * as assert from 'node:assert/strict';
import { activeModel, availableModels, pickerOrder } from '../../src/providers/modelOrder';
import type { Provider } from '../../src/providers/provider';
import { isUsable } from '../../src/providers/usability';
import { documentWith, model, provider } from '../fakes/builders';

const keyed = new Set(['a', 'b']);
const usable = (p: Provider) => isUsable(p, keyed.has(p.id));

const a = provider('a', { models: [model('a1'), model('a2'), model('emb', { kind: 'embedding' })] });
const b = provider('b', { models: [model('b1'), model('org/b2:free')] });
const noKey = provider('c', { models: [model('c1')] });
const local = provider('l', { type: 'ollama', models: [model('qwen:7b')] });

describe('active model and picker order', () => {
  it('uses the last-used model first', () => {
    const doc = documentWith([a, b], { lastUsedRef: 'b/b1', defaultRef: 'a/a2' });
    assert.equal(activeModel(doc, usable)?.ref, 'b/b1');
  });

  it('then the default', () => {
    const doc = documentWith([a, b], { defaultRef: 'b/org/b2:free' });
    assert.equal(activeModel(doc, usable)?.ref, 'b/org/b2:free');
  });

  it('then the first available chat model', () => {
    assert.equal(activeModel(documentWith([noKey, a]), usable)?.ref, 'a/a1');
  });

  it('falls through a deleted last-used model to the default, then to the first', () => {
    assert.equal(activeModel(documentWith([a, b], { lastUsedRef: 'b/deleted', defaultRef: 'a/a2' }), usable)?.ref, 'a/a2');
    assert.equal(activeModel(documentWith([a, b], { lastUsedRef: 'b/deleted', defaultRef: 'a/gone' }), usable)?.ref, 'a/a1');
  });

  it('skips models of providers without a key, and embedding models', () => {
    assert.equal(activeModel(documentWith([noKey], { lastUsedRef: 'c/c1' }), usable), undefined);
    assert.equal(activeModel(documentWith([a], { lastUsedRef: 'a/emb' }), usable)?.ref, 'a/a1');
    assert.deepEqual(availableModels(documentWith([a, noKey, local]), usable).map((c) => c.ref), ['a/a1', 'a/a2', 'l/qwen:7b']);
  });

  it('counts keyless providers as usable', () => {
    assert.equal(activeModel(documentWith([noKey, local]), usable)?.ref, 'l/qwen:7b');
  });

  it('pins last used then default, and groups the rest by provider', () => {
    const doc = documentWith([a, b, noKey, local], { lastUsedRef: 'b/b1', defaultRef: 'a/a2' });
    const order = pickerOrder(doc, usable);
    assert.deepEqual(order.pinned.map((c) => c.ref), ['b/b1', 'a/a2']);
    assert.deepEqual(order.groups.map((g) => [g.provider.id, g.models.map((c) => c.model.id)]), [
      ['a', ['a1']],
      ['b', ['org/b2:free']],
      ['l', ['qwen:7b']],
    ]);
  });

  it('pins a model once when it is both last used and default', () => {
    const order = pickerOrder(documentWith([a], { lastUsedRef: 'a/a1', defaultRef: 'a/a1' }), usable);
    assert.deepEqual(order.pinned.map((c) => c.ref), ['a/a1']);
  });
});
