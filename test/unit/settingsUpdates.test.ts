import * as assert from 'node:assert/strict';
import type { ExtensionSettings } from '../../src/agents/agentAdapter';
import { settingsUpdates, type SettingBackups } from '../../src/agents/settingsUpdates';

const settings: ExtensionSettings = {
  extensionId: 'anthropic.claude-code',
  values: { 'claudeCode.disableLoginPrompt': true },
  namedLists: { 'claudeCode.environmentVariables': { ANTHROPIC_BASE_URL: 'http://127.0.0.1:9', ANTHROPIC_MODEL: undefined } },
};

/** A user-scope settings store in memory: what `inspect(id).globalValue` reads. */
function userSettings(values: Record<string, unknown>): (id: string) => unknown {
  return (id) => values[id];
}

describe('extension settings updates', () => {
  it('writes nothing and keeps the backups object when every value is already in place', () => {
    const backups: SettingBackups = { 'claudeCode.disableLoginPrompt': { had: false } };
    const current = userSettings({
      'claudeCode.disableLoginPrompt': true,
      'claudeCode.environmentVariables': [{ name: 'HTTPS_PROXY', value: 'http://proxy:3128' }, { name: 'ANTHROPIC_BASE_URL', value: 'http://127.0.0.1:9' }],
    });
    const result = settingsUpdates(settings, current, backups);
    assert.deepEqual(result.updates, []);
    assert.equal(result.backups, backups, 'no new backup, so the host skips the storage write');
  });

  it('writes only the setting that changes, backing up the user\'s original the first time', () => {
    const list = [{ name: 'HTTPS_PROXY', value: 'http://proxy:3128' }, { name: 'ANTHROPIC_MODEL', value: 'old-model' }];
    const result = settingsUpdates(settings, userSettings({ 'claudeCode.disableLoginPrompt': true, 'claudeCode.environmentVariables': list }), {});
    assert.deepEqual(result.updates, [
      ['claudeCode.environmentVariables', [{ name: 'HTTPS_PROXY', value: 'http://proxy:3128' }, { name: 'ANTHROPIC_BASE_URL', value: 'http://127.0.0.1:9' }]],
    ]);
    assert.deepEqual(result.backups, { 'claudeCode.environmentVariables': { had: true, value: list } });
  });

  it('records an unset setting as unset, and writes both on a first switch', () => {
    const result = settingsUpdates(settings, userSettings({}), {});
    assert.deepEqual(result.updates.map(([id]) => id), ['claudeCode.disableLoginPrompt', 'claudeCode.environmentVariables']);
    assert.deepEqual(result.backups, { 'claudeCode.disableLoginPrompt': { had: false }, 'claudeCode.environmentVariables': { had: false } });
  });

  it('keeps the first backup when a setting Switchboard changed before changes again', () => {
    const backups: SettingBackups = { 'claudeCode.environmentVariables': { had: true, value: [{ name: 'HTTPS_PROXY', value: 'http://proxy:3128' }] } };
    const current = userSettings({ 'claudeCode.disableLoginPrompt': true, 'claudeCode.environmentVariables': [{ name: 'ANTHROPIC_BASE_URL', value: 'http://elsewhere:1' }] });
    const result = settingsUpdates(settings, current, backups);
    assert.deepEqual(result.updates, [['claudeCode.environmentVariables', [{ name: 'ANTHROPIC_BASE_URL', value: 'http://127.0.0.1:9' }]]]);
    assert.equal(result.backups, backups);
  });
});
