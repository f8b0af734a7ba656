/**
 * `switchboard.activeModel.scope: workspace` in the real extension host. One code-server run
 * opens one workspace, and opening another folder would restart the extension host under the
 * test, so the second window is a second ActiveModelScope over its own workspaceState (an
 * in-memory one), sharing this machine's real globalState, its machine file and the revision
 * file, exactly what two windows share. test/ui/scopeTwoWorkspaces.test.ts runs two real windows.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ActiveModelScope, scopeSetting, workspaceLastUsedKey } from '../../src/extension/activeModelScope';
import type { TestingApi } from '../../src/extension/testingApi';
import { activeModel } from '../../src/providers/modelOrder';
import { addModel, addProvider } from '../../src/providers/operations';
import { MemoryLog, MemoryMemento } from '../fakes/memory';
import { eventually, machineState, resetStore, switchboard } from './helpers';

const tooltip = (api: TestingApi) => (api.statusBar.item.tooltip as vscode.MarkdownString).value.replace(/\\(.)/g, '$1');

describe('active model scope: workspace', () => {
  let api: TestingApi;
  const settings = () => vscode.workspace.getConfiguration();

  before(async () => {
    api = await switchboard();
    await resetStore(api);
    await settings().update(scopeSetting, 'workspace', vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await settings().update(scopeSetting, undefined, vscode.ConfigurationTarget.Global);
    await resetStore(api);
  });

  it('remembers the pick per workspace, shows the scope, and says which window the agents follow', async () => {
    const { store, modelSwitch } = api.services;
    await store.apply(addProvider({ name: 'Local', type: 'ollama', agents: ['codex'] }), 'add');
    await store.apply(addModel('local', { id: 'alpha', displayName: 'Alpha', contextLimit: 8000 }), 'm1');
    await store.apply(addModel('local', { id: 'beta', displayName: 'Beta', contextLimit: 8000 }), 'm2');
    await eventually(() => modelSwitch.scope.scope === 'workspace', 'the setting to apply');
    const syncedLastUsed = store.document.lastUsedRef;

    // This window picks Beta with the real picker: down once from the default, accept.
    const picked = vscode.commands.executeCommand('switchboard.selectModel');
    await new Promise((r) => setTimeout(r, 300));
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await picked;
    assert.equal(api.context.workspaceState.get(workspaceLastUsedKey), 'local/beta', "kept in this workspace's state");
    assert.equal(store.document.lastUsedRef, syncedLastUsed, 'the synced document is not touched');
    await eventually(() => api.statusBar.item.text === '$(folder) Beta · Local', 'the status bar to show the workspace marker');
    assert.match(tooltip(api), /this workspace/);
    assert.match(tooltip(api), /Agents use this model \(picked here\)/);

    // A second window, on another workspace, picks Alpha: the agents follow it.
    const otherState = new MemoryMemento();
    const other = new ActiveModelScope({
      store,
      log: new MemoryLog(),
      machineState: machineState(api),
      workspaceState: otherState,
      setting: () => 'workspace',
      workspaceName: () => 'api-server',
      announce: () => fs.writeFileSync(path.join(api.context.globalStorageUri.fsPath, 'revision'), `other-window-${Date.now()}`),
    });
    const alpha = activeModel(store.document, store.isUsable)!;
    assert.equal(alpha.ref, 'local/alpha', 'the default, since that workspace picked nothing yet');
    await other.record(alpha);
    assert.equal(otherState.get(workspaceLastUsedKey), 'local/alpha');
    assert.equal(activeModel(other.windowDocument(), store.isUsable)?.ref, 'local/alpha');

    // This window keeps its own model, and says plainly what the agents use and where it was picked.
    await eventually(() => /Agents use Alpha · Local \(picked in api-server\)/.test(tooltip(api)), 'this window to name the other window\'s pick');
    assert.equal(api.statusBar.item.text, '$(folder) Beta · Local');
    assert.equal(api.services.agentSwitch.currentRef('codex'), 'local/alpha', 'agents use the last pick on this machine');
    const first = api.pickerItems(store, api.services.modelSwitch.scope.windowDocument()).find((i) => i.choice);
    assert.equal(first?.choice?.ref, 'local/beta', "this workspace's last pick comes first in its picker");
    other.dispose();
  });

  it('goes back to the shared, synced model when the scope is global again', async () => {
    const { store } = api.services;
    await settings().update(scopeSetting, 'global', vscode.ConfigurationTarget.Global);
    await eventually(() => api.services.modelSwitch.scope.scope === 'global', 'the setting to apply');
    await eventually(() => api.statusBar.item.text.startsWith('$(sparkle) '), 'the global marker');
    assert.equal(activeModel(store.document, store.isUsable)?.ref, activeModel(api.services.modelSwitch.scope.windowDocument(), store.isUsable)?.ref);
  });
});
