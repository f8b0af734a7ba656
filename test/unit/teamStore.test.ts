/** The store in team mode: the merged document, keys per auth kind, refs kept while the source loads. */
import * as assert from 'node:assert/strict';
import { planAgent } from '../../src/agents/switchPlan';
import { documentKey, secretKeyFor, Store } from '../../src/extension/store/store';
import { activeModel } from '../../src/providers/modelOrder';
import { addProvider, recordLastUsed, removeProvider } from '../../src/providers/operations';
import type { TeamAuth } from '../../src/providers/team/teamFile';
import type { TeamLayer } from '../../src/providers/team/teamLayer';
import { model, provider } from '../fakes/builders';
import { MemoryLog, MemoryMemento, MemorySecrets } from '../fakes/memory';

function teamLayer(auth: Record<string, TeamAuth>): TeamLayer {
  return {
    source: 'https://config.example.com/team.json',
    allowPersonalProviders: true,
    auth: new Map(Object.entries(auth)),
    providers: Object.keys(auth).map((id) => provider(id, { type: 'openai-compatible', baseUrl: `https://${id}.example.com/v1`, models: [model('m')] } as never)),
  };
}

async function openStore(env: Record<string, string> = {}) {
  const memento = new MemoryMemento();
  const secrets = new MemorySecrets();
  const log = new MemoryLog();
  const store = new Store(memento, secrets, log, Date.now, () => env);
  await store.load();
  return { store, memento, secrets, log };
}

describe('store in team mode', () => {
  it('delivers each kind of team auth as the provider\'s key, and only a personal token goes to SecretStorage', async () => {
    const { store, secrets, log } = await openStore({ TEAM_LLM_TOKEN: 'env-token-NEVER-LOGGED' });
    await store.setTeam(teamLayer({ personal: { kind: 'personalToken' }, fromenv: { kind: 'env', variable: 'TEAM_LLM_TOKEN' }, unset: { kind: 'env', variable: 'NOT_SET' }, network: { kind: 'none' } }));
    const usable = (id: string) => store.isUsable(store.provider(id)!);
    assert.deepEqual(['personal', 'fromenv', 'unset', 'network'].map(usable), [false, true, false, true]);
    await store.secrets.setKey('personal', 'personal-token-123');
    assert.equal(secrets.values.get(secretKeyFor('personal')), 'personal-token-123');
    assert.equal(usable('personal'), true);
    assert.equal(await store.secrets.readKey('fromenv'), 'env-token-NEVER-LOGGED');
    assert.equal(await store.secrets.readKey('network'), undefined);
    assert.equal(store.secrets.hasKey('network'), false);
    await assert.rejects(store.secrets.setKey('fromenv', 'x-123456'), /it cannot take a key \(its token comes from \$TEAM_LLM_TOKEN on this machine\)/);
    await assert.rejects(store.secrets.setKey('network', 'x-123456'), /it cannot take a key \(it needs no token\)/);
    assert.doesNotMatch(log.lines.join('\n'), /NEVER-LOGGED|personal-token-123/);
    // Agents get no key at all from a proxy that authenticates by network, though the type wants one.
    assert.deepEqual(store.secrets.keyFacts('network'), { hasKey: false, keyless: true });
    const outcome = planAgent(store.document, 'opencode', 'network/m', { home: '/home/dev', env: {} }, (id) => store.secrets.keyFacts(id));
    assert.equal(outcome.status === 'planned' && outcome.delivery, 'none');
    const withToken = planAgent(store.document, 'opencode', 'personal/m', { home: '/home/dev', env: {} }, (id) => store.secrets.keyFacts(id));
    assert.equal(withToken.status === 'planned' && withToken.delivery, 'env');
  });

  it('stores only personal providers, and refuses to remove a managed one before writing anything', async () => {
    const { store, memento } = await openStore();
    await store.setTeam(teamLayer({ proxy: { kind: 'none' } }));
    await store.apply(addProvider({ name: 'Home', type: 'ollama' }), 'add');
    assert.deepEqual(store.document.providers.map((p) => p.id), ['proxy', 'home']);
    assert.deepEqual(store.personalDocument.providers.map((p) => p.id), ['home']);
    const before = JSON.stringify(memento.get(documentKey));
    await assert.rejects(store.apply(removeProvider('proxy'), 'remove'), /is managed by your team \(https:\/\/config\.example\.com\/team\.json\)/);
    assert.equal(JSON.stringify(memento.get(documentKey)), before);
  });

  it('keeps the last pick of a managed model while the team source is away, and uses it once it is back', async () => {
    const { store, memento } = await openStore();
    const team = teamLayer({ proxy: { kind: 'none' } });
    await store.setTeam(team);
    await store.apply(recordLastUsed('proxy/m'), 'pick');
    // A new window: team mode is on, but the source has not arrived yet.
    const next = new Store(memento, new MemorySecrets(), new MemoryLog(), Date.now, () => ({}));
    await next.setTeam({ ...team, providers: [], auth: new Map() });
    await next.load();
    assert.equal(next.personalDocument.lastUsedRef, 'proxy/m', 'not dropped as a ref to an unknown provider');
    assert.equal(activeModel(next.document, next.isUsable), undefined);
    await next.setTeam(team);
    assert.equal(activeModel(next.document, next.isUsable)?.ref, 'proxy/m');
  });

  it('clears the choices of team models when team mode ends, without a "could not read" recovery', async () => {
    const { store, memento } = await openStore();
    await store.setTeam(teamLayer({ proxy: { kind: 'none' } }));
    await store.apply(addProvider({ name: 'Home', type: 'ollama' }), 'add');
    await store.apply(recordLastUsed('proxy/m'), 'pick');
    const recoveries: unknown[] = [];
    store.onDidRecover((copy) => recoveries.push(copy));
    await store.setTeam(undefined);
    assert.equal(store.teamLayer, undefined);
    assert.equal(memento.get<{ lastUsedRef?: string }>(documentKey)?.lastUsedRef, undefined);
    assert.deepEqual(store.document.providers.map((p) => p.id), ['home']);
    await store.load();
    assert.deepEqual(recoveries, []);
    assert.deepEqual(store.recoveredCopies(), []);
  });
});
