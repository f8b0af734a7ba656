/**
 * Revert of one agent (the Agents tab's path) in the real extension host: its VS Code
 * settings and terminal variables go too, a variable another applied agent still reads stays.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension/testingApi';
import { addModel, addProvider } from '../../src/providers/operations';
import { resetStore, switchboard } from './helpers';

const claudeKey = 'sk-ant-REVERT-ONE-11';
const geminiKey = 'gem-REVERT-ONE-22';

describe('revert of one agent: settings and terminal variables (extension host)', () => {
  let api: TestingApi;
  before(async () => (api = await switchboard()));
  beforeEach(async () => resetStore(api));

  it('takes back the agent\'s VS Code settings and terminal variables, keeping those another agent needs', async () => {
    const config = () => vscode.workspace.getConfiguration();
    const terminals = api.context.environmentVariableCollection;
    const userList = [{ name: 'HTTPS_PROXY', value: 'http://proxy.corp:3128' }];
    await config().update('claudeCode.environmentVariables', userList, vscode.ConfigurationTarget.Global);
    const { store, agentSwitch } = api.services;
    await store.apply(addProvider({ name: 'Claude', type: 'anthropic', baseUrl: 'http://127.0.0.1:9/v1', agents: ['claude-code', 'opencode', 'kilo'] }), 'add');
    await store.secrets.setKey('claude', claudeKey);
    await store.apply(addModel('claude', { id: 'claude-sonnet-4-5', contextLimit: 200_000 }), 'model');
    await store.apply(addProvider({ name: 'Gem', type: 'gemini', agents: ['gemini-cli'] }), 'add gemini');
    await store.secrets.setKey('gem', geminiKey);
    await store.apply(addModel('gem', { id: 'gemini-2.5-pro', contextLimit: 1_000_000 }), 'gemini model');
    try {
      for (const agent of ['claude-code', 'opencode', 'kilo'] as const) assert.deepEqual((await agentSwitch.applyAgent(agent, 'claude/claude-sonnet-4-5', { quiet: true })).problems, []);
      assert.deepEqual((await agentSwitch.applyAgent('gemini-cli', 'gem/gemini-2.5-pro', { quiet: true })).problems, []);
      assert.equal(config().inspect('claudeCode.disableLoginPrompt')?.globalValue, true);
      assert.equal(terminals.get('GEMINI_API_KEY')?.value, geminiKey);
      assert.ok(terminals.get('GOOGLE_GEMINI_BASE_URL'));
      assert.equal(terminals.get('SWITCHBOARD_CLAUDE_KEY')?.value, claudeKey);

      // Claude Code: its two settings are listed, then back to what the user had.
      const claudeItems = await agentSwitch.revert.items('claude-code');
      assert.ok(claudeItems.includes('the VS Code setting claudeCode.environmentVariables'), claudeItems.join('\n'));
      assert.ok(claudeItems.includes('the VS Code setting claudeCode.disableLoginPrompt'));
      const claude = await agentSwitch.revert.agent('claude-code');
      assert.deepEqual([...claude.settings].sort(), ['claudeCode.disableLoginPrompt', 'claudeCode.environmentVariables']);
      assert.deepEqual(config().inspect('claudeCode.environmentVariables')?.globalValue, userList, 'the user\'s list is back');
      assert.equal(config().inspect('claudeCode.disableLoginPrompt')?.globalValue, undefined, 'unset again, as before');
      assert.ok(!(await agentSwitch.revert.items('claude-code')).some((item) => item.includes('VS Code setting')));

      // Gemini CLI: the endpoint and the provider's real key leave new terminals.
      const geminiItems = await agentSwitch.revert.items('gemini-cli');
      assert.ok(geminiItems.includes('the terminal variable GEMINI_API_KEY'), geminiItems.join('\n'));
      assert.ok(geminiItems.includes('the terminal variable GOOGLE_GEMINI_BASE_URL'));
      assert.deepEqual([...(await agentSwitch.revert.agent('gemini-cli')).variables].sort(), ['GEMINI_API_KEY', 'GOOGLE_GEMINI_BASE_URL']);
      assert.equal(terminals.get('GEMINI_API_KEY'), undefined);
      assert.equal(terminals.get('GOOGLE_GEMINI_BASE_URL'), undefined);

      // OpenCode and Kilo read one variable: it stays until neither needs it.
      assert.ok(!(await agentSwitch.revert.items('opencode')).includes('the terminal variable SWITCHBOARD_CLAUDE_KEY'), 'Kilo still needs it');
      assert.deepEqual((await agentSwitch.revert.agent('opencode')).variables, []);
      assert.equal(terminals.get('SWITCHBOARD_CLAUDE_KEY')?.value, claudeKey, 'Kilo still reads it');
      assert.deepEqual((await agentSwitch.revert.agent('kilo')).variables, ['SWITCHBOARD_CLAUDE_KEY']);
      assert.equal(terminals.get('SWITCHBOARD_CLAUDE_KEY'), undefined);
      for (const agent of ['claude-code', 'opencode', 'kilo', 'gemini-cli'] as const) assert.deepEqual(await agentSwitch.revert.items(agent), [], agent);
    } finally {
      await vscode.commands.executeCommand('switchboard.revertAgentConfigs');
      await config().update('claudeCode.environmentVariables', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
