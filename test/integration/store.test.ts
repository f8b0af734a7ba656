/** The store and the status bar on the real globalState and SecretStorage of VS Code. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension/testingApi';
import { documentKey, recoveredKey, secretKeyFor } from '../../src/extension/store/store';
import { addModel, addProvider } from '../../src/providers/operations';
import { eventually, resetStore, switchboard } from './helpers';

const key = 'sk-integration-NEVER-IN-STATE-42';

describe('store on real VS Code storage', () => {
  let api: TestingApi;
  before(async () => (api = await switchboard()));
  beforeEach(async () => resetStore(api));

  it('shows "Add a provider" when there is none, with the walkthrough a hover away', () => {
    assert.match(api.statusBar.item.text, /Add a provider/);
    assert.equal(api.statusBar.item.command, 'switchboard.addProvider');
    assert.match((api.statusBar.item.tooltip as vscode.MarkdownString).value, /command:workbench\.action\.openWalkthrough\?.*switchboard\.getStarted/);
  });

  it('stores providers in globalState and the key only in SecretStorage', async () => {
    const { store } = api.services;
    await store.apply(addProvider({ name: 'Work', type: 'openai', agents: ['codex'] }), 'add');
    await store.secrets.setKey('work', key);
    const stored = api.context.globalState.get<{ providers: { id: string }[] }>(documentKey);
    assert.deepEqual(stored?.providers.map((p) => p.id), ['work']);
    assert.equal(await api.context.secrets.get(secretKeyFor('work')), key);
    assert.doesNotMatch(JSON.stringify(stored), /NEVER-IN-STATE/);
    assert.equal(store.secrets.hasKey('work'), true);
  });

  it('shows the active model in the status bar, with its ref and agents in the tooltip', async () => {
    const { store } = api.services;
    assert.match(api.statusBar.item.text, /Add a provider/);
    await store.apply(addProvider({ name: 'Work', type: 'openai', agents: ['codex', 'cline'] }), 'add');
    await store.apply(addModel('work', { id: 'gpt-5', displayName: 'GPT-5', contextLimit: 400_000 }), 'model');
    assert.match(api.statusBar.item.text, /Key needed/, 'no key yet, so nothing is usable');
    await store.secrets.setKey('work', key);
    await eventually(() => api.statusBar.item.text.includes('GPT-5 · Work'), 'the status bar to show GPT-5');
    const tooltip = (api.statusBar.item.tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /work\/gpt-5/);
    assert.match(tooltip, /400k/);
    assert.match(tooltip, /Codex CLI, Cline/);
  });

  it('Set Default Model moves the star and the status bar follows', async () => {
    const { store } = api.services;
    await store.apply(addProvider({ name: 'Local', type: 'ollama' }), 'add');
    await store.apply(addModel('local', { id: 'qwen2.5-coder:7b', contextLimit: 32_000 }), 'm1');
    await store.apply(addModel('local', { id: 'llama3.1:8b', displayName: 'Llama', contextLimit: 128_000 }), 'm2');
    assert.equal(store.document.defaultRef, 'local/qwen2.5-coder:7b');
    await vscode.commands.executeCommand('switchboard.setDefaultModel', 'local/llama3.1:8b');
    assert.equal(store.document.defaultRef, 'local/llama3.1:8b');
    assert.equal(api.context.globalState.get<{ defaultRef: string }>(documentKey)?.defaultRef, 'local/llama3.1:8b');
    assert.match(api.statusBar.item.text, /Llama · Local/);
  });

  it('Select Model records the pick and announces it to subscribers', async () => {
    const { store, modelSwitch } = api.services;
    await store.apply(addProvider({ name: 'Local', type: 'lmstudio' }), 'add');
    await store.apply(addModel('local', { id: 'first', contextLimit: 8000 }), 'm1');
    await store.apply(addModel('local', { id: 'org/second:q4', displayName: 'Second', contextLimit: 8000 }), 'm2');
    const announced = new Promise<string>((resolve) => modelSwitch.onDidSelectModel((c) => resolve(c.ref)));
    const picked = vscode.commands.executeCommand('switchboard.selectModel');
    // Drive the real QuickPick with the workbench's own list commands: down once, accept.
    await new Promise((r) => setTimeout(r, 300));
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await picked;
    assert.equal(await announced, 'local/org/second:q4');
    assert.equal(store.document.lastUsedRef, 'local/org/second:q4');
    assert.match(api.statusBar.item.text, /Second · Local/);
  });

  it('keeps a copy of a corrupt stored document and loads what validates', async () => {
    const raw = { schemaVersion: 1, providers: [{ id: 'ok', name: 'OK', type: 'ollama' }, { id: 'bad', name: 'Bad', type: 'teleport' }], assignments: {} };
    await api.context.globalState.update(documentKey, raw);
    await api.services.store.load();
    assert.deepEqual(api.services.store.document.providers.map((p) => p.id), ['ok']);
    const copies = api.context.globalState.get<{ raw: unknown }[]>(recoveredKey);
    assert.deepEqual(copies?.[0].raw, raw);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('picks up a change written by another window', async () => {
    const { store } = api.services;
    await store.apply(addProvider({ name: 'Mine', type: 'ollama' }), 'add');
    // Another window writes globalState and bumps the revision file in global storage.
    const other = { ...store.document, providers: [...store.document.providers, { id: 'theirs', name: 'Theirs', type: 'ollama', agents: [], models: [] }] };
    await api.context.globalState.update(documentKey, other);
    fs.writeFileSync(path.join(api.context.globalStorageUri.fsPath, 'revision'), `other-window-${Date.now()}`);
    await eventually(() => store.document.providers.some((p) => p.id === 'theirs'), 'the other window\'s provider');
  });
});
