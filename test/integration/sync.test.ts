/**
 * Settings Sync on a second machine, in the real extension host. One integration run has one
 * code-server, so the second machine is simulated the way Settings Sync itself reaches an
 * extension: the synced document lands in the real globalState with no event, SecretStorage
 * holds none of its keys (it never syncs), and the store notices on its own check (the one
 * window focus and the one-minute timer run).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { dismissedKeyPromptsKey } from '../../src/extension/keyPrompt';
import { documentKey, secretKeyFor } from '../../src/extension/store/store';
import type { TestingApi } from '../../src/extension/testingApi';
import { emptyDocument, type StoredDocument } from '../../src/providers/document';
import { keyPromptSignature } from '../../src/providers/keyNeeded';
import type { MergeNote } from '../../src/providers/merge';
import { addModel, addProvider, type Operation } from '../../src/providers/operations';
import { stampChanges } from '../../src/providers/stamps';
import { eventually, resetStore, switchboard } from './helpers';

const key = 'sk-second-machine-NEVER-IN-STATE-7';

/** The document as the first machine wrote it: operations stamped at its clock. */
function firstMachine(...operations: Operation<unknown>[]): StoredDocument {
  let doc = emptyDocument();
  let at = Date.now() + 60_000;
  for (const operation of operations) doc = stampChanges(doc, operation(doc).doc, at++);
  return doc;
}

const choices = (api: TestingApi) => api.pickerItems(api.services.store, api.services.modelSwitch.scope.windowDocument()).filter((i) => i.choice);
const tooltip = (api: TestingApi) => (api.statusBar.item.tooltip as vscode.MarkdownString).value.replace(/\\(.)/g, '$1');

describe('Settings Sync: a second machine', () => {
  let api: TestingApi;
  before(async () => (api = await switchboard()));
  beforeEach(async () => resetStore(api));
  after(async () => resetStore(api));

  it('shows "Key needed on this machine", offers to enter it, and recovers once the key is here', async () => {
    const { store } = api.services;
    const synced = firstMachine(
      addProvider({ name: 'Local', type: 'ollama' }),
      addModel('local', { id: 'llama3.1:8b', displayName: 'Llama', contextLimit: 128_000 }),
      addProvider({ name: 'Synced Work', type: 'openai', agents: [] }),
      addModel('synced-work', { id: 'gpt-5', displayName: 'GPT-5', contextLimit: 400_000 }),
    );
    // What Settings Sync does: the document arrives; the key stays on the first machine.
    await api.context.globalState.update(documentKey, synced);
    assert.equal(await api.context.secrets.get(secretKeyFor('synced-work')), undefined);
    assert.equal(await store.loadIfChanged(), true, 'the store notices the synced document');

    assert.deepEqual(store.document.providers.map((p) => p.id), ['local', 'synced-work']);
    const rows = choices(api);
    const work = rows.find((r) => r.choice!.ref === 'synced-work/gpt-5');
    assert.match(work?.description ?? '', /Key needed on this machine/);
    assert.ok(api.pickerItems(store).some((i) => i.label === 'Synced Work · Key needed on this machine'), 'its own group');
    assert.match(api.statusBar.item.text, /Llama · Local/, 'a usable model stays active');
    assert.match(tooltip(api), /“Synced Work” needs a key on this machine/);
    await eventually(() => api.keyPrompt.offered === '“Synced Work” needs a key on this machine.', 'the offer to enter the key');

    // Closing the offer is remembered for this set of providers, on this machine only.
    await vscode.commands.executeCommand('notifications.clearAll');
    await eventually(() => (api.context.globalState.get<string[]>(dismissedKeyPromptsKey) ?? []).includes(keyPromptSignature([store.provider('synced-work')!])), 'the dismissal to be kept');

    // Picking the model opens Set API Key; once the key is in, the pick completes.
    const picked = vscode.commands.executeCommand<{ ref: string } | undefined>('switchboard.selectModel');
    await new Promise((r) => setTimeout(r, 300));
    const steps = rows.indexOf(work!);
    for (let i = 0; i < steps; i++) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await new Promise((r) => setTimeout(r, 300));
    // The input box is the user's; here the key arrives as a paste from another window would, then the box closes.
    await store.secrets.setKey('synced-work', key);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal((await picked)?.ref, 'synced-work/gpt-5');
    assert.equal(store.document.lastUsedRef, 'synced-work/gpt-5');
    await eventually(() => /GPT-5 · Synced Work/.test(api.statusBar.item.text), 'the status bar to show the picked model');
    assert.ok(!choices(api).some((r) => /Key needed/.test(r.description ?? '')), 'no key needed any more');
    assert.doesNotMatch(tooltip(api), /needs a key/);
    assert.doesNotMatch(JSON.stringify(api.context.globalState.get(documentKey)), /NEVER-IN-STATE/, 'the key is not in the synced document');
  });

  it("the offer's Enter Key…, clicked after the keys came in another way, says every provider has its key", async () => {
    const { store } = api.services;
    // Acting on the newest notification needs ours to be the newest.
    await vscode.commands.executeCommand('notifications.clearAll');
    await api.context.globalState.update(documentKey, firstMachine(addProvider({ name: 'Synced Alpha', type: 'openai', agents: [] }), addProvider({ name: 'Synced Beta', type: 'anthropic', agents: [] })));
    assert.equal(await store.loadIfChanged(), true);
    await eventually(() => api.keyPrompt.offered === '2 providers need a key on this machine: “Synced Alpha” and “Synced Beta”.', 'the offer to enter the keys');

    // While it shows, both keys arrive another way (the palette, the panel, another window).
    await store.secrets.setKey('synced-alpha', 'sk-alpha-from-elsewhere-3e1');
    await store.secrets.setKey('synced-beta', 'sk-beta-from-elsewhere-9c4');
    api.keyPrompt.answered = undefined;
    await vscode.commands.executeCommand('notification.acceptPrimaryAction'); // Enter Key…
    await eventually(() => api.keyPrompt.answered === 'Every provider has its key on this machine now.', 'the answer that every provider has its key');
    const signature = keyPromptSignature([store.provider('synced-alpha')!, store.provider('synced-beta')!]);
    assert.ok(!(api.context.globalState.get<string[]>(dismissedKeyPromptsKey) ?? []).includes(signature), 'a click is not a dismissal');
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('merges a synced copy that lacks a provider added here, and writes the merge back for the next sync', async () => {
    const { store } = api.services;
    await store.apply(addProvider({ name: 'Only Here', type: 'lmstudio' }), 'add here');
    const synced = firstMachine(addProvider({ name: 'From There', type: 'ollama' }));
    await api.context.globalState.update(documentKey, synced);
    assert.equal(await store.loadIfChanged(), true);
    assert.deepEqual(store.document.providers.map((p) => p.id), ['from-there', 'only-here']);
    const stored = api.context.globalState.get<StoredDocument>(documentKey)!;
    assert.deepEqual(stored.providers.map((p) => p.id), ['from-there', 'only-here'], 'what syncs next has both');
  });

  it('names, in a warning, what a merge could not keep', async () => {
    const { store } = api.services;
    await store.apply(addProvider({ name: 'Lab', type: 'openai' }), 'add here');
    await store.apply(addModel('lab', { id: 'text-embedding-3-small', kind: 'embedding', contextLimit: 8191 }), 'embedding here');
    const lost: MergeNote[] = [];
    const listening = store.onDidLose((notes) => lost.push(...notes));
    await api.context.globalState.update(documentKey, firstMachine(addProvider({ name: 'Lab', type: 'anthropic' })));
    await store.loadIfChanged();
    listening.dispose();
    assert.equal(store.provider('lab')?.type, 'anthropic', 'the newer provider wins whole');
    assert.deepEqual(lost.map((n) => n.what), ['model “text-embedding-3-small” of “Lab”']);
    await vscode.commands.executeCommand('notifications.clearAll');
  });
});
