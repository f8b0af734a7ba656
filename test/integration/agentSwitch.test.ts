/** A pick reconfigures the assigned agents' real config files under the test HOME. */
import * as assert from 'node:assert/strict';
import * as child from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension/testingApi';
import { addModel, addProvider } from '../../src/providers/operations';
import { resetStore, switchboard } from './helpers';

const key = 'sk-ant-SWITCH-NEVER-IN-FILES-77';

describe('agent switch (extension host)', () => {
  // Claude Code and OpenCode take an Anthropic provider; Codex cannot.
  let api: TestingApi;
  before(async () => (api = await switchboard()));
  beforeEach(async () => resetStore(api));

  it('writes Claude Code\'s settings with the key helper, hands OpenCode\'s key to terminals only, and routes Codex through the gateway', async () => {
    assert.match(os.homedir(), /\.vscode-test\/runs\//, 'the test HOME, never the real one');
    const { store, agentSwitch } = api.services;
    await store.apply(addProvider({ name: 'Claude', type: 'anthropic', baseUrl: 'http://127.0.0.1:9/v1', agents: ['claude-code', 'codex', 'opencode'] }), 'add');
    await store.secrets.setKey('claude', key);
    await store.apply(addModel('claude', { id: 'claude-sonnet-4-5', contextLimit: 200_000 }), 'model');
    const choice = { provider: store.provider('claude')!, model: store.provider('claude')!.models[0], ref: 'claude/claude-sonnet-4-5' as const };

    const report = await agentSwitch.apply(choice);
    assert.deepEqual(report.applied.map((a) => a.agent).sort(), ['claude-code', 'codex', 'opencode']);
    assert.deepEqual(report.problems, []);
    // Codex speaks only OpenAI Responses: its own gateway route, and no key in its file.
    const codexConfig = fs.readFileSync(path.join(os.homedir(), '.codex', 'config.toml'), 'utf8');
    assert.match(codexConfig, /base_url = "http:\/\/127\.0\.0\.1:\d+\/a\/codex\/openai\/v1"/);
    assert.doesNotMatch(codexConfig, /NEVER-IN-FILES/);
    const openCodeConfig = fs.readFileSync(path.join(process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'opencode', 'opencode.json'), 'utf8');
    assert.match(openCodeConfig, /"model": "switchboard-claude\/claude-sonnet-4-5"/);
    assert.match(openCodeConfig, /\{env:SWITCHBOARD_CLAUDE_KEY\}/);
    assert.doesNotMatch(openCodeConfig, /NEVER-IN-FILES/);

    const settingsFile = path.join(os.homedir(), '.claude', 'settings.json');
    const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
    assert.equal(settings.env.ANTHROPIC_BASE_URL, 'http://127.0.0.1:9');
    assert.equal(settings.env.ANTHROPIC_MODEL, 'claude-sonnet-4-5');
    assert.doesNotMatch(fs.readFileSync(settingsFile, 'utf8'), /NEVER-IN-FILES/);
    // Claude Code runs the key helper: the command in its settings prints the key, asked of this window.
    assert.equal(api.context.environmentVariableCollection.get('ANTHROPIC_AUTH_TOKEN'), undefined, 'no key in the terminals for Claude Code');
    // Asynchronously: this very extension host answers the helper.
    const helped = await promisify(child.execFile)('/bin/sh', ['-c', settings.apiKeyHelper], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(helped.stdout, `${key}\n`, helped.stderr);
    assert.equal(api.context.environmentVariableCollection.get('SWITCHBOARD_CLAUDE_KEY')?.value, key);
    assert.equal(api.context.environmentVariableCollection.persistent, false, 'keys are not persisted by VS Code');

    const reverted = await vscode.commands.executeCommand<number>('switchboard.revertAgentConfigs');
    assert.equal(reverted, 5, 'three files (Claude Code, OpenCode, Codex), and the Claude Code extension\'s two settings');
    assert.equal(fs.existsSync(settingsFile), false, 'the file did not exist before, so revert removes it');
    assert.equal(api.context.environmentVariableCollection.get('SWITCHBOARD_CLAUDE_KEY'), undefined);
  });

  it('Assign Model to Agent pins a model that then wins over the pick, until it is cleared', async () => {
    const { store, agentSwitch } = api.services;
    await store.apply(addProvider({ name: 'Claude', type: 'anthropic', baseUrl: 'http://127.0.0.1:9/v1', agents: ['claude-code'] }), 'add');
    await store.secrets.setKey('claude', key);
    await store.apply(addModel('claude', { id: 'claude-sonnet-4-5', contextLimit: 200_000 }), 'm1');
    await store.apply(addModel('claude', { id: 'claude-opus-4-1', contextLimit: 200_000 }), 'm2');
    const settingsFile = path.join(os.homedir(), '.claude', 'settings.json');
    const model = () => JSON.parse(fs.readFileSync(settingsFile, 'utf8')).env.ANTHROPIC_MODEL;

    await vscode.commands.executeCommand('switchboard.assignModelToAgent', 'claude-code', 'claude/claude-opus-4-1');
    assert.deepEqual(store.document.assignments, { 'claude-code': 'claude/claude-opus-4-1' });
    assert.equal(model(), 'claude-opus-4-1', 'applied at once');

    const provider = store.provider('claude')!;
    await agentSwitch.apply({ provider, model: provider.models[0], ref: 'claude/claude-sonnet-4-5' });
    assert.equal(model(), 'claude-opus-4-1', 'the assignment wins over the pick');

    await vscode.commands.executeCommand('switchboard.assignModelToAgent', 'claude-code', null);
    assert.deepEqual(store.document.assignments, {});
    await agentSwitch.apply({ provider, model: provider.models[0], ref: 'claude/claude-sonnet-4-5' });
    assert.equal(model(), 'claude-sonnet-4-5', 'it follows the pick again');
    await vscode.commands.executeCommand('switchboard.revertAgentConfigs');
  });

  it('writes the Claude Code extension\'s settings with a real Global update, keeping the user\'s entries, skips them on a model-only pick, and reverts them', async () => {
    assert.ok(vscode.extensions.getExtension('anthropic.claude-code'), 'the Claude Code stand-in is installed');
    const config = () => vscode.workspace.getConfiguration();
    await config().update('claudeCode.environmentVariables', [{ name: 'HTTPS_PROXY', value: 'http://proxy.corp:3128' }], vscode.ConfigurationTarget.Global);
    const { store, agentSwitch } = api.services;
    await store.apply(addProvider({ name: 'Claude', type: 'anthropic', baseUrl: 'http://127.0.0.1:9/v1', agents: ['claude-code'] }), 'add');
    await store.secrets.setKey('claude', key);
    await store.apply(addModel('claude', { id: 'claude-sonnet-4-5', contextLimit: 200_000 }), 'model');
    await store.apply(addModel('claude', { id: 'claude-opus-4-1', contextLimit: 200_000 }), 'model 2');
    const provider = store.provider('claude')!;
    await agentSwitch.apply({ provider, model: provider.models[0], ref: 'claude/claude-sonnet-4-5' });

    // The model is settings.json's alone: the CLI the extension starts takes its `env` over the process environment.
    assert.deepEqual(config().inspect('claudeCode.environmentVariables')?.globalValue, [
      { name: 'HTTPS_PROXY', value: 'http://proxy.corp:3128' },
      { name: 'ANTHROPIC_BASE_URL', value: 'http://127.0.0.1:9' },
    ]);
    assert.equal(config().inspect('claudeCode.disableLoginPrompt')?.globalValue, true);
    assert.doesNotMatch(JSON.stringify(config().get('claudeCode')), /NEVER-IN-FILES/, 'no key in VS Code settings: they sync');

    // Another model of the same provider: settings.json changes, VS Code's settings are not written at all.
    const changed: string[] = [];
    const listener = vscode.workspace.onDidChangeConfiguration((event) => {
      for (const id of ['claudeCode.environmentVariables', 'claudeCode.disableLoginPrompt']) if (event.affectsConfiguration(id)) changed.push(id);
    });
    try {
      const report = await agentSwitch.apply({ provider, model: provider.models[1], ref: 'claude/claude-opus-4-1' });
      assert.deepEqual(report.applied.map((a) => a.agent), ['claude-code']);
    } finally {
      listener.dispose();
    }
    assert.deepEqual(changed, [], 'a model-only pick leaves VS Code\'s settings alone');
    assert.equal(JSON.parse(fs.readFileSync(path.join(os.homedir(), '.claude', 'settings.json'), 'utf8')).env.ANTHROPIC_MODEL, 'claude-opus-4-1');

    await vscode.commands.executeCommand('switchboard.revertAgentConfigs');
    assert.deepEqual(config().inspect('claudeCode.environmentVariables')?.globalValue, [{ name: 'HTTPS_PROXY', value: 'http://proxy.corp:3128' }], 'the user\'s value is back');
    assert.equal(config().inspect('claudeCode.disableLoginPrompt')?.globalValue, undefined, 'unset again, as before');
    await config().update('claudeCode.environmentVariables', undefined, vscode.ConfigurationTarget.Global);
  });
});
