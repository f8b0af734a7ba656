/** The Agents tab's host side in the real extension host: records, preview (writes nothing), revert of one agent. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestingApi } from '../../src/extension/testingApi';
import { agentRunsKey } from '../../src/extension/agentRuns';
import { addModel, addProvider } from '../../src/providers/operations';
import { resetStore, switchboard } from './helpers';

const key = 'sk-ant-RUNS-NEVER-IN-PREVIEW-42';

describe('agent runs, preview and revert of one agent (extension host)', () => {
  let api: TestingApi;
  before(async () => (api = await switchboard()));
  beforeEach(async () => {
    await resetStore(api);
    await api.context.globalState.update(agentRunsKey, undefined);
  });

  it('records each apply, previews without writing, and reverts only the agent asked', async () => {
    const { store, agentSwitch } = api.services;
    await store.apply(addProvider({ name: 'Claude', type: 'anthropic', baseUrl: 'http://127.0.0.1:9/v1', agents: ['claude-code', 'opencode', 'codex'] }), 'add');
    await store.secrets.setKey('claude', key);
    await store.apply(addModel('claude', { id: 'claude-sonnet-4-5', contextLimit: 200_000 }), 'model');
    const claudeSettings = path.join(os.homedir(), '.claude', 'settings.json');
    const openCodeConfig = path.join(process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'opencode', 'opencode.json');

    const preview = await agentSwitch.previewAgent('opencode', 'claude/claude-sonnet-4-5');
    assert.ok('changes' in preview);
    assert.match(preview.changes[0].after, /switchboard-claude\/claude-sonnet-4-5/);
    assert.doesNotMatch(JSON.stringify(preview), /NEVER-IN-PREVIEW/);
    assert.equal(fs.existsSync(openCodeConfig), false, 'a preview writes nothing');

    const provider = store.provider('claude')!;
    await agentSwitch.apply({ provider, model: provider.models[0], ref: 'claude/claude-sonnet-4-5' });
    const runs = agentSwitch.runs.all();
    assert.equal(runs['claude-code']?.applied?.ref, 'claude/claude-sonnet-4-5');
    assert.equal(runs.opencode?.applied?.delivery, 'env');
    assert.equal(runs.opencode?.applied?.pickup, 'restart');
    // Codex cannot speak Anthropic Messages: it goes through the gateway, with the token from the key helper.
    assert.equal(runs.codex?.applied?.gateway, true);
    assert.equal(runs.codex?.applied?.delivery, 'helper');
    assert.deepEqual(await agentSwitch.revert.files('opencode'), [openCodeConfig]);

    const reverted = await agentSwitch.revert.agent('opencode');
    assert.deepEqual(reverted.files, [{ file: openCodeConfig, outcome: 'deleted' }]);
    assert.equal(fs.existsSync(openCodeConfig), false);
    assert.ok(fs.existsSync(claudeSettings), 'Claude Code keeps its change');
    assert.equal(agentSwitch.runs.get('opencode'), undefined, 'the record is forgotten');
    assert.ok(agentSwitch.runs.get('claude-code'));
    await agentSwitch.revert.all();
  });
});
