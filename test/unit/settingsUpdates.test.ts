import * as assert from 'node:assert/strict';
import type { ExtensionSettings } from '../../src/agents/agentAdapter';
import { settingsOf, settingsUpdates, type SettingBackups } from '../../src/agents/settingsUpdates';

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
    assert.deepEqual(result.backups, { 'claudeCode.environmentVariables': { had: true, value: list, extensionId: 'anthropic.claude-code' } });
  });

  it('records an unset setting as unset, and writes both on a first switch', () => {
    const result = settingsUpdates(settings, userSettings({}), {});
    assert.deepEqual(result.updates.map(([id]) => id), ['claudeCode.disableLoginPrompt', 'claudeCode.environmentVariables']);
    const claude = { had: false, extensionId: 'anthropic.claude-code' };
    assert.deepEqual(result.backups, { 'claudeCode.disableLoginPrompt': claude, 'claudeCode.environmentVariables': claude }, 'with the extension, for one agent\'s revert');
  });

  it('keeps the first backup when a setting Switchboard changed before changes again', () => {
    const backups: SettingBackups = { 'claudeCode.environmentVariables': { had: true, value: [{ name: 'HTTPS_PROXY', value: 'http://proxy:3128' }] } };
    const current = userSettings({ 'claudeCode.disableLoginPrompt': true, 'claudeCode.environmentVariables': [{ name: 'ANTHROPIC_BASE_URL', value: 'http://elsewhere:1' }] });
    const result = settingsUpdates(settings, current, backups);
    assert.deepEqual(result.updates, [['claudeCode.environmentVariables', [{ name: 'ANTHROPIC_BASE_URL', value: 'http://127.0.0.1:9' }]]]);
    assert.equal(result.backups, backups);
  });

  it('finds one extension\'s settings: by the id recorded with them, or, in an earlier version\'s backups, by what the extension contributes', () => {
    const backups: SettingBackups = {
      'claudeCode.disableLoginPrompt': { had: false, extensionId: 'anthropic.claude-code' },
      'other.setting': { had: true, value: 1, extensionId: 'someone.else' },
      'claudeCode.environmentVariables': { had: false },
      'unknown.setting': { had: false },
    };
    const contributes = (extension: string, id: string) => extension === 'anthropic.claude-code' && id.startsWith('claudeCode.');
    assert.deepEqual(settingsOf(backups, ['Anthropic.Claude-Code'], contributes), ['claudeCode.disableLoginPrompt', 'claudeCode.environmentVariables']);
    assert.deepEqual(settingsOf(backups, ['openai.chatgpt'], contributes), []);
  });
});
