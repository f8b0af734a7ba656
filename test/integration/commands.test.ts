import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { commandIds } from '../../src/extension/commandIds';
import { switchboard } from './helpers';

describe('contributed commands', () => {
  it('registers every command package.json contributes, all in the Switchboard category', async () => {
    await switchboard();
    const extension = vscode.extensions.getExtension('switchboard.switchboard')!;
    const manifest = JSON.parse(fs.readFileSync(path.join(extension.extensionPath, 'package.json'), 'utf8'));
    const contributed: { command: string; category: string }[] = manifest.contributes.commands;
    assert.deepEqual(contributed.map((c) => c.command).sort(), [...commandIds].sort());
    assert.ok(contributed.every((c) => c.category === 'Switchboard'));
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of commandIds) assert.ok(registered.has(id), `${id} is registered`);
  });

  it('declares the engine and extension kind it needs', () => {
    const manifest = vscode.extensions.getExtension('switchboard.switchboard')!.packageJSON;
    assert.equal(manifest.engines.vscode, '^1.104.0');
    assert.deepEqual(manifest.extensionKind, ['workspace']);
    assert.deepEqual(manifest.activationEvents, ['onStartupFinished', 'onWebviewPanel:switchboard.settings', 'onUri']);
  });
});
