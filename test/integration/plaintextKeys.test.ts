/**
 * With the plaintext opt-in, an agent's file holds the key of the provider in use only: a
 * provider switched away from, a withdrawn opt-in and a deleted provider leave no key behind.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestingApi } from '../../src/extension/testingApi';
import type { ModelRef } from '../../src/providers/refs';
import { addModel, addProvider, assignAgent, removeProvider } from '../../src/providers/operations';
import { resetStore, switchboard } from './helpers';

const keys = { alpha: 'sk-alpha-PLAIN-111111', beta: 'sk-beta-PLAIN-222222' };

describe('plaintext keys in agent files (extension host)', () => {
  let api: TestingApi;
  before(async () => (api = await switchboard()));
  beforeEach(async () => resetStore(api));
  after(async () => {
    await api.services.agentSwitch.consent.set('opencode', false);
    await api.services.agentSwitch.revert.all();
    await resetStore(api);
  });

  it('keeps only the key in use, and drops it when the opt-in is withdrawn or its provider is deleted', async () => {
    const { store, agentSwitch } = api.services;
    const file = path.join(process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'opencode', 'opencode.json');
    const text = () => fs.readFileSync(file, 'utf8');
    for (const id of ['alpha', 'beta'] as const) {
      await store.apply(addProvider({ name: id, type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', agents: ['opencode'] }), 'add');
      await store.secrets.setKey(id, keys[id]);
      await store.apply(addModel(id, { id: 'm', contextLimit: 100_000 }), 'model');
    }
    await agentSwitch.consent.set('opencode', true);
    const use = async (ref: ModelRef) => {
      await store.apply(assignAgent('opencode', ref), 'assign');
      const report = await agentSwitch.applyAgent('opencode', ref, { quiet: true });
      assert.deepEqual(report.problems, []);
    };
    await use('alpha/m');
    assert.ok(text().includes(keys.alpha), 'the opt-in writes the key');
    await use('beta/m');
    assert.ok(text().includes(keys.beta));
    assert.ok(!text().includes(keys.alpha), 'the provider switched away from keeps no key');

    // A file from an earlier version still holds alpha's key; deleting alpha writes the agent again.
    const earlier = JSON.parse(text());
    earlier.provider['switchboard-alpha'].options.apiKey = keys.alpha;
    fs.writeFileSync(file, JSON.stringify(earlier, null, 2));
    await store.apply(removeProvider('alpha'), 'remove');
    for (let i = 0; i < 100 && text().includes(keys.alpha); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(!text().includes(keys.alpha), 'a deleted provider’s key is gone');
    assert.ok(text().includes(keys.beta), 'the key in use stays while the opt-in does');

    await agentSwitch.withdrawPlaintext('opencode');
    assert.ok(!text().includes(keys.beta), 'no plaintext key once the opt-in is withdrawn');
  });
});
