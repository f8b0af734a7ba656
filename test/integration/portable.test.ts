/** Export, Import and share links in the real extension host: globalState, SecretStorage and the file system. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension/testingApi';
import type { ImportUi } from '../../src/extension/portable/importUi';
import { documentKey, secretKeyFor } from '../../src/extension/store/store';
import { addModel, addProvider, assignAgent, setDefaultModel } from '../../src/providers/operations';
import { shareLinkFor } from '../../src/providers/portable/shareLink';
import type { StoredDocument } from '../../src/providers/document';
import { resetStore, switchboard } from './helpers';

const workKey = 'sk-work-PORTABLE-NEVER-IN-FILE-1';
const claudeKey = 'sk-ant-PORTABLE-NEVER-IN-FILE-2';

/** Answers every question as scripted, and records what was asked. */
function scriptedUi(keys: (string | 'skip' | undefined)[], decisions: ('keep' | 'replace' | 'rename')[] = []) {
  const asked = { confirms: [] as string[][], conflicts: [] as string[], keys: [] as string[] };
  const ui: ImportUi = {
    async confirm(_title, lines) {
      asked.confirms.push([...lines]);
      return true;
    },
    async resolve(conflict) {
      asked.conflicts.push(conflict.incoming.id);
      return decisions.shift();
    },
    async askKey(provider) {
      asked.keys.push(provider.id);
      return keys.shift();
    },
  };
  return { ui, asked };
}

const untouchable: ImportUi = {
  confirm: () => assert.fail('a refused import asks nothing'),
  resolve: () => assert.fail('a refused import asks nothing'),
  askKey: () => assert.fail('a refused import asks nothing'),
};

describe('import, export and share links (extension host)', () => {
  let api: TestingApi;
  let folder: string;
  before(async () => (api = await switchboard()));
  beforeEach(async () => {
    await resetStore(api);
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-portable-'));
  });
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  async function seed(): Promise<StoredDocument> {
    const { store } = api.services;
    await store.apply(addProvider({ name: 'Work', type: 'openai', agents: ['codex'], headers: { 'X-Title': 'work' } }), 'seed');
    await store.apply(addModel('work', { id: 'gpt-5', contextLimit: 400_000, options: { reasoningEffort: 'high' } }), 'seed');
    await store.apply(addProvider({ name: 'Claude', type: 'anthropic', agents: ['claude-code'] }), 'seed');
    await store.apply(addModel('claude', { id: 'claude-sonnet-4-5', contextLimit: 200_000 }), 'seed');
    await store.apply(setDefaultModel('work/gpt-5'), 'seed');
    await store.apply(assignAgent('claude-code', 'claude/claude-sonnet-4-5'), 'seed');
    await store.secrets.setKey('work', workKey);
    await store.secrets.setKey('claude', claudeKey);
    return store.document;
  }

  it('exports without keys, then imports into a cleared store, asking for each missing key (one skipped)', async () => {
    const original = await seed();
    const target = vscode.Uri.file(path.join(folder, 'providers.json'));
    const written = await vscode.commands.executeCommand<vscode.Uri>('switchboard.exportProviders', target);
    assert.equal(written?.fsPath, target.fsPath);
    const text = fs.readFileSync(target.fsPath, 'utf8');
    assert.doesNotMatch(text, /NEVER-IN-FILE|apiKey/);
    const file = JSON.parse(text);
    assert.equal(file.format, 'switchboard.providers');
    assert.equal(file.version, 1);
    assert.deepEqual(file.assignments, { 'claude-code': 'claude/claude-sonnet-4-5' });

    await resetStore(api);
    assert.equal(api.services.store.document.providers.length, 0);
    assert.equal(await api.context.secrets.get(secretKeyFor('work')), undefined);

    const { ui, asked } = scriptedUi(['sk-work-typed-again', 'skip']);
    const result = await api.importProviders(target, ui);
    assert.equal(result?.status, 'imported', result?.message);
    assert.match(asked.confirms[0].join('\n'), /Adds 2 providers:[\s\S]*Work \(OpenAI, https:\/\/api\.openai\.com\/v1\): 1 model \(gpt-5\); for Codex CLI/);
    assert.deepEqual(asked.keys, ['work', 'claude'], 'one provider at a time, in file order');
    assert.deepEqual([result?.keysSet, result?.keysSkipped], [['work'], ['claude']]);

    const { store } = api.services;
    // Change times (for Settings Sync merges) are this machine's and never exported.
    const { lastUsedRef: _local, stamps: _then, ...expected } = original;
    const { stamps: _now, ...imported } = store.document;
    assert.deepEqual(imported, expected, 'the import gives back what was exported');
    assert.deepEqual(api.context.globalState.get(documentKey), store.document, 'and it is what globalState holds');
    assert.equal(await api.context.secrets.get(secretKeyFor('work')), 'sk-work-typed-again');
    assert.equal(await api.context.secrets.get(secretKeyFor('claude')), undefined, 'the skipped key stays missing');
    assert.equal(store.secrets.hasKey('work'), true);
    assert.equal(store.secrets.hasKey('claude'), false);
  });

  it('a bad file changes nothing and names the first problem with its path', async () => {
    await seed();
    const before = api.context.globalState.get(documentKey);
    const file = {
      format: 'switchboard.providers',
      version: 1,
      providers: [
        { id: 'ok', name: 'OK', type: 'ollama', models: [{ id: 'a', contextLimit: 1000 }] },
        { id: 'bad', name: 'Bad', type: 'openai', models: [{ id: 'b', contextLimit: 0 }] },
      ],
    };
    const target = path.join(folder, 'bad.json');
    fs.writeFileSync(target, JSON.stringify(file));
    const result = await api.importProviders(vscode.Uri.file(target), untouchable);
    assert.equal(result?.status, 'refused');
    assert.equal(result?.message, 'Nothing was imported from bad.json: providers[1].models[0].contextLimit: The context limit is at least 1 token.');
    assert.deepEqual(api.context.globalState.get(documentKey), before);
    assert.equal(api.services.store.provider('ok'), undefined);

    fs.writeFileSync(target, '{ "format": ');
    const broken = await api.importProviders(vscode.Uri.file(target), untouchable);
    assert.match(broken?.message ?? '', /^Nothing was imported from bad\.json: Not valid JSON/);
    assert.deepEqual(api.context.globalState.get(documentKey), before);
  });

  it('a conflict asks keep, replace or rename; rename imports a copy under a fresh id', async () => {
    await seed();
    const target = vscode.Uri.file(path.join(folder, 'providers.json'));
    await vscode.commands.executeCommand('switchboard.exportProviders', target);
    const file = JSON.parse(fs.readFileSync(target.fsPath, 'utf8'));
    file.providers[0].baseUrl = 'https://gateway.example/v1';
    fs.writeFileSync(target.fsPath, JSON.stringify(file));
    const { ui, asked } = scriptedUi(['skip'], ['rename']);
    const result = await api.importProviders(target, ui);
    assert.equal(result?.status, 'imported', result?.message);
    assert.match(asked.confirms[0].join('\n'), /Conflicts with 1 provider you have[\s\S]*Work \(work\): differs in base URL/);
    assert.deepEqual(asked.conflicts, ['work']);
    const { store } = api.services;
    assert.deepEqual(store.document.providers.map((p) => p.id), ['work', 'claude', 'work-2']);
    assert.equal(store.provider('work')!.baseUrl, undefined, 'yours stays');
    assert.equal(store.provider('work-2')!.baseUrl, 'https://gateway.example/v1');
    assert.deepEqual(asked.keys, ['work-2'], 'only the copy lacks a key');
    assert.equal(await api.context.secrets.get(secretKeyFor('work')), workKey);
  });

  it('a share link adds its provider after the confirmation, and a link with a key changes nothing', async () => {
    const link = shareLinkFor({ id: 'lab', name: 'Lab', type: 'openai-compatible', baseUrl: 'https://lab.example/v1', agents: ['opencode'], models: [{ id: 'qwen3-coder', contextLimit: 262_144, kind: 'chat' }] });
    assert.ok(link.ok);
    const { ui, asked } = scriptedUi(['sk-lab-typed']);
    const result = await api.handleLink(vscode.Uri.parse(link.value), ui);
    assert.equal(result.status, 'imported', result.message);
    assert.match(asked.confirms[0].join('\n'), /Adds 1 provider:\n {2}• Lab \(OpenAI-compatible, https:\/\/lab\.example\/v1\): 1 model \(qwen3-coder\); for OpenCode/);
    assert.equal(api.services.store.provider('lab')?.models[0].id, 'qwen3-coder');
    assert.equal(await api.context.secrets.get(secretKeyFor('lab')), 'sk-lab-typed');

    const before = api.context.globalState.get(documentKey);
    const withKey = await api.handleLink(vscode.Uri.parse(`${link.value}&apiKey=sk-pasted`), untouchable);
    assert.equal(withKey.status, 'refused');
    assert.match(withKey.message, /Links never carry keys; .* Remove the “apiKey” parameter\./);
    assert.doesNotMatch(withKey.message, /sk-pasted/);
    const foreign = await api.handleLink(vscode.Uri.parse(`${link.value}&colour=red`), untouchable);
    assert.match(foreign.message, /Unknown parameter “colour”/);
    assert.deepEqual(api.context.globalState.get(documentKey), before);
  });

  it('registers the Export and Import commands', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(registered.has('switchboard.exportProviders'));
    assert.ok(registered.has('switchboard.importProviders'));
  });
});
