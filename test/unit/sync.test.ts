/**
 * Settings Sync as the store meets it: only the provider document syncs, keys stay on each
 * machine under a name made of the provider id alone, and a synced copy that replaced ours
 * is merged by id with nothing lost silently.
 */
import * as assert from 'node:assert/strict';
import { documentKey, localCopyKey, secretKeyFor, signInSecretKeyFor, Store, syncedKeys } from '../../src/extension/store/store';
import type { MergeNote } from '../../src/providers/merge';
import { addModel, addProvider, removeProvider } from '../../src/providers/operations';
import { MemoryLog, MemoryMemento, MemorySecrets } from '../fakes/memory';

/** One machine: its own globalState, SecretStorage and log, and a clock the test moves. */
async function machine(clock = { now: 1_000 }) {
  const memento = new MemoryMemento();
  const secrets = new MemorySecrets();
  const log = new MemoryLog();
  const store = new Store(memento, secrets, log, () => clock.now);
  await store.load();
  return { memento, secrets, log, store, clock };
}

/** What Settings Sync does: copy the synced keys' values from one globalState to another. */
async function sync(from: MemoryMemento, to: MemoryMemento): Promise<void> {
  for (const key of from.synced) await to.update(key, from.get(key));
}

describe('Settings Sync', () => {
  it('syncs the provider document and nothing else', async () => {
    const { memento, store } = await machine();
    await store.apply(addProvider({ name: 'Work', type: 'openai' }), 'add');
    await store.secrets.setKey('work', 'sk-NEVER-SYNCED-1');
    await store.saveModelList('work', { fetchedAt: 'now', models: [] });
    assert.deepEqual(memento.synced, [documentKey]);
    assert.deepEqual(syncedKeys, [documentKey]);
    assert.ok(!memento.synced.includes(localCopyKey), "this machine's copy stays here");
    assert.doesNotMatch(JSON.stringify(memento.synced.map((k) => memento.get(k))), /NEVER-SYNCED/);
  });

  it('names secrets by provider id alone, the same on every machine', () => {
    assert.equal(secretKeyFor('work'), 'switchboard.key.work');
    assert.equal(signInSecretKeyFor('chatgpt'), 'switchboard.signin.chatgpt');
    assert.equal(secretKeyFor('work'), secretKeyFor('work'), 'no machine or window part');
  });

  it('a key entered on the second machine changes nothing that syncs back to the first', async () => {
    const a = await machine();
    await a.store.apply(addProvider({ name: 'Work', type: 'openai' }), 'add');
    await a.store.secrets.setKey('work', 'sk-machine-a');
    const b = await machine();
    await sync(a.memento, b.memento);
    await b.store.loadIfChanged();
    assert.equal(b.store.secrets.hasKey('work'), false, 'keys never travel');
    const before = JSON.stringify(b.memento.get(documentKey));
    await b.store.secrets.setKey('work', 'sk-machine-b');
    assert.equal(JSON.stringify(b.memento.get(documentKey)), before, 'the synced document is untouched');
    assert.deepEqual([...b.secrets.values.keys()], [secretKeyFor('work')]);
    await sync(b.memento, a.memento);
    await a.store.loadIfChanged();
    assert.equal(await a.store.secrets.readKey('work'), 'sk-machine-a');
    assert.equal(a.store.secrets.hasKey('work'), true);
  });

  it('merges a synced copy that replaced ours, keeping what only this machine had', async () => {
    const clock = { now: 1_000 };
    const a = await machine(clock);
    const b = await machine(clock);
    await a.store.apply(addProvider({ name: 'Shared', type: 'ollama' }), 'add');
    await sync(a.memento, b.memento);
    await b.store.loadIfChanged();
    clock.now = 2_000;
    await b.store.apply(addProvider({ name: 'Only B', type: 'lmstudio' }), 'add on b');
    clock.now = 3_000;
    await a.store.apply(addModel('shared', { id: 'llama3', contextLimit: 8000 }), 'model on a');
    // Both changed the one synced key: Settings Sync lets the remote copy win on B.
    await sync(a.memento, b.memento);
    assert.equal(await b.store.loadIfChanged(), true);
    assert.deepEqual(b.store.document.providers.map((p) => p.id), ['shared', 'only-b']);
    assert.deepEqual(b.store.document.providers[0].models.map((m) => m.id), ['llama3']);
    assert.ok(b.log.lines.some((l) => /Kept provider “Only B”/.test(l)), 'the merge is logged');
    // The merge was written back, so the next sync carries B's provider to A.
    await sync(b.memento, a.memento);
    await a.store.loadIfChanged();
    assert.deepEqual(a.store.document.providers.map((p) => p.id), ['shared', 'only-b']);
  });

  it('merges a copy that a sync wrote before any window loaded, from this machine\'s own copy', async () => {
    const clock = { now: 1_000 };
    const a = await machine(clock);
    const b = await machine(clock);
    clock.now = 2_000;
    await b.store.apply(addProvider({ name: 'Only B', type: 'lmstudio' }), 'add on b');
    await a.store.apply(addProvider({ name: 'Only A', type: 'ollama' }), 'add on a');
    b.store.dispose();
    await sync(a.memento, b.memento);
    const reopened = new Store(b.memento, b.secrets, b.log, () => clock.now);
    await reopened.load();
    assert.deepEqual(reopened.document.providers.map((p) => p.id).sort(), ['only-a', 'only-b']);
  });

  it('follows a removal made on the other machine, and names it in the log only', async () => {
    const clock = { now: 1_000 };
    const a = await machine(clock);
    const b = await machine(clock);
    await a.store.apply(addProvider({ name: 'Old', type: 'ollama' }), 'add');
    await sync(a.memento, b.memento);
    await b.store.loadIfChanged();
    clock.now = 2_000;
    await a.store.apply(removeProvider('old'), 'remove');
    await sync(a.memento, b.memento);
    const lost: (readonly MergeNote[])[] = [];
    b.store.onDidLose((notes) => lost.push(notes));
    await b.store.loadIfChanged();
    assert.deepEqual(b.store.document.providers, []);
    assert.ok(b.log.lines.some((l) => /Removed provider “Old”/.test(l)));
    assert.deepEqual(lost, [], 'a deliberate removal is no loss');
  });

  it('warns, naming it, about an entry a merge could not keep', async () => {
    const clock = { now: 1_000 };
    const a = await machine(clock);
    const b = await machine(clock);
    await b.store.apply(addProvider({ name: 'Lab', type: 'openai' }), 'add on b');
    await b.store.apply(addModel('lab', { id: 'text-embedding-3-small', kind: 'embedding', contextLimit: 8191 }), 'embedding on b');
    clock.now = 2_000;
    await a.store.apply(addProvider({ name: 'Lab', type: 'anthropic' }), 'add on a');
    await sync(a.memento, b.memento);
    const lost: (readonly MergeNote[])[] = [];
    b.store.onDidLose((notes) => lost.push(notes));
    await b.store.loadIfChanged();
    assert.equal(b.store.provider('lab')?.type, 'anthropic');
    assert.deepEqual(lost.flat().map((n) => n.what), ['model “text-embedding-3-small” of “Lab”']);
    assert.ok(b.log.lines.some((l) => l.startsWith('warn') && /Could not keep model “text-embedding-3-small”/.test(l)));
  });

  it('does nothing when the stored document is what this window last saw', async () => {
    const { store } = await machine();
    await store.apply(addProvider({ name: 'Work', type: 'openai' }), 'add');
    assert.equal(await store.loadIfChanged(), false);
  });
});
