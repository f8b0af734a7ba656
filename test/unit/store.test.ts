import * as assert from 'node:assert/strict';
import { addModel, addProvider, updateProvider } from '../../src/providers/operations';
import { documentKey, proxyPasswordSecretKeyFor, recoveredKey, secretKeyFor, Store, type StoreChange } from '../../src/extension/store/store';
import { MemoryLog, MemoryMemento, MemorySecrets } from '../fakes/memory';

async function openStore(memento = new MemoryMemento(), secrets = new MemorySecrets(), log = new MemoryLog()) {
  const store = new Store(memento, secrets, log);
  await store.load();
  return { store, memento, secrets, log };
}

describe('store facade', () => {
  it('writes one versioned document to globalState and announces the change', async () => {
    const { store, memento } = await openStore();
    const changes: StoreChange[] = [];
    store.onDidChange((c) => changes.push(c));
    await store.apply(addProvider({ name: 'Work', type: 'openai' }), 'add');
    const stored = memento.get<{ schemaVersion: number; providers: { id: string }[] }>(documentKey)!;
    assert.equal(stored.schemaVersion, 1);
    assert.deepEqual(stored.providers.map((p) => p.id), ['work']);
    assert.deepEqual(changes, [{ kind: 'document', external: false }]);
  });

  it('keeps keys in SecretStorage only, and never logs them', async () => {
    const { store, memento, secrets, log } = await openStore();
    const provider = await store.apply(addProvider({ name: 'Work', type: 'openai' }), 'add');
    assert.equal(store.isUsable(provider), false);
    await store.secrets.setKey('work', 'sk-test-NEVER-LEAK-123');
    assert.equal(secrets.values.get(secretKeyFor('work')), 'sk-test-NEVER-LEAK-123');
    assert.equal(store.secrets.hasKey('work'), true);
    assert.equal(store.isUsable(provider), true);
    assert.doesNotMatch(JSON.stringify([...memento.values]), /NEVER-LEAK/);
    assert.doesNotMatch(log.lines.join('\n'), /NEVER-LEAK/);
    await store.secrets.deleteKey('work');
    assert.equal(store.secrets.hasKey('work'), false);
    assert.equal(secrets.values.size, 0);
  });

  it('keeps a proxy password in SecretStorage only, apart from the key, and forgets it with the provider', async () => {
    const { store, memento, secrets, log } = await openStore();
    await store.apply(addProvider({ name: 'Work', type: 'openai', network: { proxy: 'http://ann@proxy.corp:3128' } }), 'add');
    await store.secrets.setProxyPassword('work', 'proxy-NEVER-LEAK-pw');
    assert.deepEqual(JSON.parse(secrets.values.get(proxyPasswordSecretKeyFor('work'))!), { account: 'http://proxy.corp:3128\nann', password: 'proxy-NEVER-LEAK-pw' }, 'sealed with the proxy it is for');
    assert.equal(await store.secrets.readProxyPassword('work'), 'proxy-NEVER-LEAK-pw');
    assert.equal(store.secrets.hasKey('work'), false, 'a proxy password is not the provider\'s key');
    assert.doesNotMatch(JSON.stringify([...memento.values]), /NEVER-LEAK/);
    assert.doesNotMatch(log.lines.join('\n'), /NEVER-LEAK/);
    await assert.rejects(store.secrets.setProxyPassword('work', 'two\nlines'), /one line/);
    await assert.rejects(store.secrets.setProxyPassword('nobody', 'pw'), /No provider/);
    await store.forgetProvider('work');
    assert.equal(await store.secrets.readProxyPassword('work'), undefined);
  });

  it('reads a proxy password only for the proxy it was set for, whoever changed the proxy since', async () => {
    const { store, secrets } = await openStore();
    await store.apply(addProvider({ name: 'Work', type: 'openai', network: { proxy: 'http://ann@proxy.corp:3128' } }), 'add');
    await store.secrets.setProxyPassword('work', 'pw-for-proxy-corp');
    // As another window or Settings Sync would: the document changes, the secret stays.
    await store.apply(updateProvider('work', { network: { proxy: 'http://ann@elsewhere.example:3128' } }), 'synced from another machine');
    assert.equal(await store.secrets.readProxyPassword('work'), undefined, 'never sent to another proxy');
    assert.equal(store.secrets.hasProxyPassword('work'), true, 'still stored, for when the proxy comes back');
    await store.apply(updateProvider('work', { network: { proxy: 'http://ann@PROXY.corp:3128/' } }), 'back');
    assert.equal(await store.secrets.readProxyPassword('work'), 'pw-for-proxy-corp');
    assert.equal(await store.secrets.readProxyPassword('work', 'http://bob@proxy.corp:3128'), undefined, 'values under test name their own proxy');
    // Stored by an earlier version, as a bare string: taken as it is.
    await secrets.store(proxyPasswordSecretKeyFor('work'), 'legacy-pw');
    assert.equal(await store.secrets.readProxyPassword('work'), 'legacy-pw');
  });

  it('forgets a removed provider\'s key and cached model list, and nothing of the others', async () => {
    const { store, secrets } = await openStore();
    await store.apply(addProvider({ name: 'Work', type: 'openai' }), 'add');
    await store.apply(addProvider({ name: 'Home', type: 'openai' }), 'add');
    await store.secrets.setKey('work', 'sk-work-123456');
    await store.secrets.setKey('home', 'sk-home-123456');
    await store.saveModelList('work', { fetchedAt: 'now', models: [] });
    await store.saveModelList('home', { fetchedAt: 'now', models: [] });
    await store.forgetProvider('work');
    assert.equal(store.secrets.hasKey('work'), false);
    assert.equal(store.modelList('work'), undefined);
    assert.equal(secrets.values.get(secretKeyFor('home')), 'sk-home-123456');
    assert.deepEqual(store.modelList('home'), { fetchedAt: 'now', models: [] });
  });

  it('refuses a bad key with a clear message and keeps the old one', async () => {
    const { store, secrets } = await openStore();
    await store.apply(addProvider({ name: 'Work', type: 'openai' }), 'add');
    await store.secrets.setKey('work', 'sk-good');
    await assert.rejects(store.secrets.setKey('work', 'has space'), /Key for “Work”: A key has no spaces/);
    await assert.rejects(store.secrets.setKey('nobody', 'sk-x'), /No provider/);
    assert.equal(secrets.values.get(secretKeyFor('work')), 'sk-good');
  });

  it('sees key changes made in another window', async () => {
    const secrets = new MemorySecrets();
    const memento = new MemoryMemento();
    const one = await openStore(memento, secrets);
    await one.store.apply(addProvider({ name: 'Work', type: 'openai' }), 'add');
    const two = await openStore(memento, secrets);
    const seen = new Promise<StoreChange>((resolve) => two.store.onDidChange(resolve));
    await one.store.secrets.setKey('work', 'sk-1');
    assert.deepEqual(await seen, { kind: 'key', providerId: 'work' });
    assert.equal(two.store.secrets.hasKey('work'), true);
  });

  it('merges two windows adding providers at the same time, losing neither', async () => {
    const memento = new MemoryMemento();
    const secrets = new MemorySecrets();
    const one = await openStore(memento, secrets);
    const two = await openStore(memento, secrets);
    // Both windows start from the same empty snapshot.
    await Promise.all([one.store.apply(addProvider({ name: 'Alpha', type: 'openai' }), 'a'), two.store.apply(addProvider({ name: 'Beta', type: 'anthropic' }), 'b')]);
    await one.store.apply(addModel('beta', { id: 'claude-sonnet-4-5', contextLimit: 200_000 }), 'm');
    const stored = memento.get<{ providers: { id: string; models: unknown[] }[] }>(documentKey)!;
    assert.deepEqual(stored.providers.map((p) => p.id), ['alpha', 'beta']);
    assert.equal(stored.providers[1].models.length, 1);
  });

  it('runs one window\'s writes in order, and a failed write changes nothing', async () => {
    const { store, memento } = await openStore();
    const writes = [store.apply(addProvider({ name: 'A', type: 'openai' }), 'a'), store.apply(addProvider({ name: 'A', type: 'openai' }), 'a2')];
    const [first, second] = await Promise.all(writes);
    assert.deepEqual([first.id, second.id], ['a', 'a-2']);
    const before = JSON.stringify(memento.get(documentKey));
    await assert.rejects(store.apply(addModel('a', { id: 'm', contextLimit: -1 }), 'bad'), /contextLimit/);
    assert.equal(JSON.stringify(memento.get(documentKey)), before);
    await store.apply(addModel('a', { id: 'm', contextLimit: 1000 }), 'good');
  });

  it('keeps a raw copy of a corrupt document, reports it, and carries on with what validates', async () => {
    const memento = new MemoryMemento();
    const raw = { schemaVersion: 1, providers: [{ id: 'ok', name: 'OK', type: 'openai' }, { id: 'broken', name: 'B', type: 'warp-drive' }], assignments: {} };
    await memento.update(documentKey, raw);
    const store = new Store(memento, new MemorySecrets(), new MemoryLog());
    const recovered: unknown[] = [];
    store.onDidRecover((copy) => recovered.push(copy));
    await store.load();
    assert.deepEqual(store.document.providers.map((p) => p.id), ['ok']);
    assert.equal(recovered.length, 1);
    const kept = memento.get<{ raw: unknown; problems: { path: string }[] }[]>(recoveredKey)!;
    assert.deepEqual(kept[0].raw, raw, 'the original is kept verbatim');
    assert.match(kept[0].problems[0].path, /providers\[1\] \(broken\)/);
    assert.deepEqual(store.recoveredCopies().length, 1);
  });
});

describe('store: a refused change after another window wrote', () => {
  it('keeps what the other window wrote, and a later change builds on it', async () => {
    const memento = new MemoryMemento();
    const secrets = new MemorySecrets();
    const { store: a } = await openStore(memento, secrets);
    const { store: b } = await openStore(memento, secrets);
    await b.apply(addProvider({ name: 'From B', type: 'ollama' }), 'b adds');
    await assert.rejects(
      a.apply(() => {
        throw new Error('refused');
      }, 'a fails'),
      /refused/,
    );
    assert.deepEqual(a.document.providers.map((p) => p.id), ['from-b'], 'the refused change did not hide B\'s write');
    await a.apply(addProvider({ name: 'From A', type: 'lmstudio' }), 'a adds');
    await b.load();
    assert.deepEqual(b.document.providers.map((p) => p.id).sort(), ['from-a', 'from-b']);
  });
});
