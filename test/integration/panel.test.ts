import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, switchboard } from './helpers';

function settingsTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('switchboard.settings'));
}

describe('settings panel (extension host)', () => {
  before(async () => void (await switchboard()));
  after(async () => void (await vscode.commands.executeCommand('workbench.action.closeAllEditors')));

  it('opens one panel from Manage Providers, however often it is run', async () => {
    await vscode.commands.executeCommand('switchboard.manageProviders');
    await eventually(() => settingsTabs().length === 1, 'the settings panel tab');
    await vscode.commands.executeCommand('switchboard.manageProviders');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(settingsTabs().length, 1, 'the panel is a singleton');
    assert.equal(settingsTabs()[0].label, 'Switchboard');
  });
});
