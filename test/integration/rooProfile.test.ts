/**
 * Zoo/Roo Code: a pick sets Switchboard's profile through the extension's exported API, the
 * key included, and revert gives the user's profile back. Zoo Code itself cannot be
 * downloaded here: a stand-in with its id implements the profile API in memory (see
 * installZooCodeStandInInto) and records each call.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension/testingApi';
import { addModel, addProvider } from '../../src/providers/operations';
import { resetStore, switchboard } from './helpers';

const key = 'sk-lab-ROO-ONLY-THROUGH-THE-API-31';

interface StandIn {
  calls: { method: string; args: unknown[] }[];
  snapshot(): { active: string; profiles: Record<string, Record<string, unknown>> };
  getProfiles(): string[];
  createProfile(name: string, profile?: Record<string, unknown>, activate?: boolean): Promise<string>;
  setActiveProfile(name: string): Promise<string | undefined>;
  deleteProfile(name: string): Promise<void>;
}

describe('Zoo/Roo Code profile (extension host)', () => {
  let api: TestingApi;
  let zoo: StandIn;
  before(async () => {
    api = await switchboard();
    const extension = vscode.extensions.getExtension<StandIn>('ZooCodeOrganization.zoo-code');
    assert.ok(extension, 'the Zoo Code stand-in is installed');
    zoo = await extension.activate();
  });
  beforeEach(async () => {
    await resetStore(api);
    // The user's own profile, active before Switchboard.
    if (!zoo.getProfiles().includes('Mine')) await zoo.createProfile('Mine', { apiProvider: 'openrouter', openRouterModelId: 'x/y' });
    await zoo.setActiveProfile('Mine');
    zoo.calls.length = 0;
  });

  async function labProvider() {
    const { store } = api.services;
    await store.apply(addProvider({ name: 'Lab', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', agents: ['roo'] }), 'add');
    await store.secrets.setKey('lab', key);
    await store.apply(addModel('lab', { id: 'coder-small', contextLimit: 131_072 }), 'm1');
    await store.apply(addModel('lab', { id: 'coder-large', contextLimit: 262_144, maxOutputTokens: 32_768 }), 'm2');
    const provider = store.provider('lab')!;
    return (index: number) => ({ provider, model: provider.models[index], ref: `lab/${provider.models[index].id}` as const });
  }

  it('applies a profile with the key and activates it, updates it in place, and revert restores the user’s profile', async () => {
    const pick = await labProvider();
    const { agentSwitch } = api.services;

    const report = await agentSwitch.apply(pick(0));
    assert.deepEqual(report.problems, []);
    assert.deepEqual(report.applied, [{ agent: 'roo', pickup: 'live' }]);
    let state = zoo.snapshot();
    assert.equal(state.active, 'Switchboard');
    assert.deepEqual(state.profiles.Switchboard, {
      apiProvider: 'openai',
      openAiBaseUrl: 'http://127.0.0.1:9/v1',
      openAiModelId: 'coder-small',
      openAiCustomModelInfo: { contextWindow: 131_072, supportsPromptCache: false },
      openAiApiKey: key,
    });
    assert.deepEqual(
      zoo.calls.filter((c) => c.method === 'upsertProfile').map((c) => [c.args[0], c.args[2]]),
      [['Switchboard', true]],
      'one upsert that activates',
    );
    assert.equal(agentSwitch.runs.get('roo')?.applied?.delivery, 'extension');
    assert.doesNotMatch(JSON.stringify(api.context.globalState.keys().map((k) => api.context.globalState.get(k))), /ROO-ONLY/, 'the key is not in Switchboard’s globalState');
    assert.equal(api.context.environmentVariableCollection.get('OPENAI_API_KEY'), undefined, 'nor in the terminals');

    await agentSwitch.apply(pick(1));
    state = zoo.snapshot();
    assert.deepEqual(Object.keys(state.profiles).sort(), ['Mine', 'Switchboard', 'default'], 'updated in place, not a second profile');
    assert.equal(state.profiles.Switchboard.openAiModelId, 'coder-large');
    assert.deepEqual(state.profiles.Switchboard.openAiCustomModelInfo, { contextWindow: 262_144, maxTokens: 32_768, supportsPromptCache: false });
    assert.equal(state.active, 'Switchboard');

    assert.deepEqual(await agentSwitch.revert.items('roo'), ['Zoo/Roo Code’s “Switchboard” profile']);
    const reverted = await vscode.commands.executeCommand<number>('switchboard.revertAgentConfigs');
    assert.equal(reverted, 1, 'one extension profile');
    state = zoo.snapshot();
    assert.equal(state.active, 'Mine', 'the user’s profile is active again');
    assert.deepEqual(Object.keys(state.profiles).sort(), ['Mine', 'default'], 'Switchboard’s profile is gone');
    const order = zoo.calls.map((c) => c.method).filter((m) => m === 'setActiveProfile' || m === 'deleteProfile');
    assert.deepEqual(order, ['setActiveProfile', 'deleteProfile'], 'activate first: the extension picks its own replacement for a deleted active profile');
    assert.deepEqual(await agentSwitch.revert.items('roo'), []);
  });

  it('previews the profile with the key masked, and reverts one agent from the Agents tab’s path', async () => {
    const pick = await labProvider();
    const { agentSwitch } = api.services;
    const preview = await agentSwitch.previewAgent('roo', 'lab/coder-small');
    assert.ok('changes' in preview);
    assert.equal(preview.changes.length, 1);
    assert.match(preview.changes[0].after, /"openAiModelId": "coder-small"/);
    assert.match(preview.changes[0].after, /"openAiApiKey": "••••••••"/);
    assert.doesNotMatch(JSON.stringify(preview), /ROO-ONLY/);
    assert.equal(zoo.calls.filter((c) => c.method === 'upsertProfile').length, 0, 'a preview changes nothing');

    await agentSwitch.apply(pick(0));
    assert.equal(zoo.snapshot().active, 'Switchboard');
    assert.deepEqual((await agentSwitch.revert.agent('roo')).files, [], 'no files');
    assert.equal(zoo.snapshot().active, 'Mine');
    assert.equal(zoo.getProfiles().includes('Switchboard'), false);
    assert.equal(agentSwitch.runs.get('roo'), undefined, 'the record is forgotten');
  });
});
