/**
 * A key from a command (a password manager's), in the real extension host: "Use a Key
 * Command…" runs the typed command once before keeping it, keeps it in SecretStorage instead
 * of a key, and the key helper an agent runs gets the key the command prints, which is kept in
 * memory rather than run again for every request. A failing command keeps the box open with
 * its error and stores nothing; a typed key replaces the command. A key the upstream refuses
 * is fetched again at once by Test Connection, which tests once more with a rotated key.
 */
import * as assert from 'node:assert/strict';
import * as child from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { keyCommandButtonTooltip } from '../../src/extension/commands/setApiKey';
import { testProvider } from '../../src/extension/connect';
import { enterKeyAction } from '../../src/extension/keyPrompt';
import type { TestOutcome } from '../../src/providers/connect/operations';
import { buildState } from '../../src/extension/panel/state';
import { keyCommandSecretKeyFor, secretKeyFor } from '../../src/extension/store/store';
import type { TestingApi } from '../../src/extension/testingApi';
import { addModel, addProvider } from '../../src/providers/operations';
import { startUpstream, type Upstream, type UpstreamOptions } from '../upstreams/server';
import { eventually, resetStore, switchboard, watchInputBoxes } from './helpers';

const key = 'sk-ant-FROM-A-COMMAND-0042';
const prompt = /A command that prints the key/;

type Window = { showWarningMessage: typeof vscode.window.showWarningMessage; showInformationMessage: typeof vscode.window.showInformationMessage };

/**
 * Answers the extension's next messages of one kind with `answer(message)` (undefined passes it
 * on to the real one), recording each; the tests and the extension share one `vscode` object.
 */
function answerMessages(kind: keyof Window, answer: (message: string) => string | undefined) {
  const window = vscode.window as Window;
  const real = window[kind] as (...args: unknown[]) => Thenable<unknown>;
  const shown: { message: string; detail?: string }[] = [];
  (window[kind] as unknown) = (message: string, ...rest: unknown[]) => {
    const options = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as { detail?: string }) : {};
    shown.push({ message, ...(options.detail ? { detail: options.detail } : {}) });
    const reply = answer(message);
    return reply === undefined ? real.call(vscode.window, message, ...rest) : Promise.resolve(reply);
  };
  return { shown, dispose: () => ((window[kind] as unknown) = real) };
}

describe('a key from a command (extension host)', function () {
  this.timeout(60_000);
  let api: TestingApi;
  let boxes: ReturnType<typeof watchInputBoxes>;
  let dir: string;

  before(async () => (api = await switchboard()));
  beforeEach(async () => {
    await resetStore(api);
    await api.services.store.apply(addProvider({ name: 'Vaulted', type: 'anthropic', baseUrl: 'http://127.0.0.1:9/v1', agents: ['claude-code'] }), 'add');
    await api.services.store.apply(addModel('vaulted', { id: 'claude-sonnet-4-5', contextLimit: 200_000 }), 'model');
    boxes = watchInputBoxes();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-keycmd-'));
  });
  afterEach(() => boxes.dispose());

  it('runs the command once, keeps it instead of a key, and the key helper gets its key without running it each time', async () => {
    const { store, agentSwitch } = api.services;
    const runs = path.join(dir, 'runs');
    const done = vscode.commands.executeCommand<boolean>('switchboard.setKeyCommand', 'vaulted');
    const box = await boxes.shown(prompt);
    // Counts its runs in a file, as a password manager's would each ask the user.
    box.value = `printf x >> '${runs}'; printf '%s\\n' ${key}`;
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.equal(await done, true);
    assert.equal(fs.readFileSync(runs, 'utf8'), 'x', 'run once before it was kept');
    assert.ok(store.secrets.hasKey('vaulted') && store.secrets.hasKeyCommand('vaulted'));
    assert.equal(await api.context.secrets.get(secretKeyFor('vaulted')), undefined, 'no key stored');
    assert.match((await api.context.secrets.get(keyCommandSecretKeyFor('vaulted'))) ?? '', /printf/);
    const view = buildState(store).providers.find((p) => p.id === 'vaulted');
    assert.deepEqual([view?.keyState, view?.keyFromCommand], ['set', true]);
    assert.doesNotMatch(JSON.stringify(buildState(store)), /printf|FROM-A-COMMAND/, 'neither the command nor its key goes to the panel');

    const provider = store.provider('vaulted')!;
    const report = await agentSwitch.apply({ provider, model: provider.models[0], ref: 'vaulted/claude-sonnet-4-5' });
    assert.deepEqual(report.problems, []);
    const settingsFile = path.join(os.homedir(), '.claude', 'settings.json');
    const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
    assert.doesNotMatch(fs.readFileSync(settingsFile, 'utf8'), /FROM-A-COMMAND|printf/);
    for (let i = 0; i < 2; i++) {
      const helped = await promisify(child.execFile)('/bin/sh', ['-c', settings.apiKeyHelper], { encoding: 'utf8', timeout: 10_000 });
      assert.equal(helped.stdout, `${key}\n`, helped.stderr);
    }
    assert.equal(fs.readFileSync(runs, 'utf8'), 'x', 'the key it printed when it was set serves the agent, kept in memory');
    await vscode.commands.executeCommand('switchboard.revertAgentConfigs');
  });

  it('keeps the box open with the command\'s own error, and stores nothing, when the command fails', async () => {
    const { store } = api.services;
    const done = vscode.commands.executeCommand<boolean>('switchboard.setKeyCommand', 'vaulted');
    const box = await boxes.shown(prompt);
    box.value = `printf 'sk-ant-ON-STDOUT\\n'; echo 'vault is locked' >&2; exit 3`;
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await eventually(() => box.validationMessage !== undefined, 'the error under the box');
    assert.match(String(box.validationMessage), /exited with code 3: vault is locked/);
    assert.doesNotMatch(String(box.validationMessage), /ON-STDOUT/, 'what it printed is never shown');
    assert.equal(store.secrets.hasKey('vaulted'), false);
    assert.equal(await api.context.secrets.get(keyCommandSecretKeyFor('vaulted')), undefined);
    box.hide();
    assert.equal(await done, false);
  });

  it('Escape while the command runs stops it and keeps nothing', async () => {
    const { store } = api.services;
    const marker = path.join(dir, 'finished');
    const done = vscode.commands.executeCommand<boolean>('switchboard.setKeyCommand', 'vaulted');
    const box = await boxes.shown(prompt);
    box.value = `sleep 1; touch '${marker}'; printf '%s\\n' ${key}`;
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await eventually(() => box.busy, 'the box to show the command running');
    box.hide();
    assert.equal(await done, false);
    await new Promise((r) => setTimeout(r, 1_500));
    assert.equal(fs.existsSync(marker), false, 'the command was stopped');
    assert.equal(store.secrets.hasKeyCommand('vaulted'), false);
    assert.equal(await api.context.secrets.get(keyCommandSecretKeyFor('vaulted')), undefined);
  });

  it('a typed key replaces the command, and clearing the key removes both', async () => {
    const { store } = api.services;
    await store.secrets.setKeyCommand('vaulted', `printf '%s\\n' ${key}`);
    assert.equal(await store.secrets.readKey('vaulted'), key);
    await store.secrets.setKey('vaulted', 'sk-ant-TYPED-1');
    assert.equal(store.secrets.hasKeyCommand('vaulted'), false);
    assert.equal(await api.context.secrets.get(keyCommandSecretKeyFor('vaulted')), undefined);
    assert.equal(await store.secrets.readKey('vaulted'), 'sk-ant-TYPED-1');
    await store.secrets.setKeyCommand('vaulted', `printf '%s\\n' ${key}`);
    assert.equal(await api.context.secrets.get(secretKeyFor('vaulted')), undefined, 'the command replaces the key');
    await store.secrets.deleteKey('vaulted');
    assert.equal(store.secrets.hasKey('vaulted'), false);
    assert.equal(await store.secrets.readKey('vaulted'), undefined);
  });

  it('Test Connection says why a key command gave no key, and runs it again when asked once it works', async () => {
    const { store } = api.services;
    const flag = path.join(dir, 'unlocked');
    await store.secrets.setKeyCommand('vaulted', `[ -f '${flag}' ] || { echo 'vault is locked' >&2; exit 3; }; printf '%s\\n' ${key}`);
    await assert.rejects(testProvider(store, store.provider('vaulted')!), /No key for “Vaulted”: The key command exited with code 3: vault is locked/);
    assert.match(store.secrets.keyCommandProblem('vaulted') ?? '', /vault is locked/);
    fs.writeFileSync(flag, '');
    // An agent's request within 30 s gets the remembered failure (a locked vault is not asked by
    // every request); the user's own Test Connection runs it again, and then it works.
    assert.equal(await store.secrets.readKey('vaulted'), undefined);
    assert.equal(await store.secrets.readKey('vaulted', { retry: true }), key);
    assert.equal(store.secrets.keyCommandProblem('vaulted'), undefined);
    assert.equal(await store.secrets.readKey('vaulted'), key);
  });

  it('Test Connection runs the command again when the upstream refuses its key, and tests once more with a rotated one', async () => {
    const { store } = api.services;
    const options: UpstreamOptions = { protocols: ['openai-chat'], expectedKey: 'sk-ROTATED-2' };
    const up: Upstream = await startUpstream(options);
    try {
      const { id } = await store.apply(addProvider({ name: 'Rotating', type: 'openai-compatible', baseUrl: `${up.url}/v1`, agents: [] }), 'add');
      const vault = path.join(dir, 'vault');
      const runs = path.join(dir, 'runs');
      fs.writeFileSync(vault, 'sk-OLD-1\n');
      await store.secrets.setKeyCommand(id, `printf x >> '${runs}'; cat '${vault}'`);
      assert.equal(await store.secrets.readKey(id), 'sk-OLD-1');
      fs.writeFileSync(vault, 'sk-ROTATED-2\n');
      const test = () => vscode.commands.executeCommand<TestOutcome>('switchboard.testConnection', id);

      const rotated = await test();
      assert.equal(rotated?.ok, true, JSON.stringify(rotated));
      assert.deepEqual(up.requests.map((r) => r.apiKey), ['sk-OLD-1', 'sk-ROTATED-2'], 'refused, then the new key at once');
      assert.equal(fs.readFileSync(runs, 'utf8'), 'xx');
      assert.equal(await store.secrets.readKey(id), 'sk-ROTATED-2', 'kept for agents too');

      // The vault still has the refused key: one call, and the refusal is the answer.
      options.expectedKey = 'sk-ELSEWHERE-3';
      const refused = await test();
      assert.equal(refused?.ok === false && refused.failure.kind, 'auth');
      assert.equal(up.requests.length, 3, 'the same key is not sent twice');
      assert.equal(fs.readFileSync(runs, 'utf8'), 'xxx');
    } finally {
      await up.close();
    }
  });

  it('Set API Key offers Use a Key Command…, and clearing or removing says the key command goes too', async () => {
    const { store } = api.services;
    await store.secrets.setKeyCommand('vaulted', `printf '%s\\n' ${key}`);
    const warnings = answerMessages('showWarningMessage', (m) => (/^Clear the key/.test(m) ? 'Clear Key' : /^Remove provider/.test(m) ? 'Remove' : undefined));
    try {
      const done = vscode.commands.executeCommand('switchboard.setApiKey', 'vaulted');
      const box = await boxes.shown(/The key comes from a command/);
      assert.deepEqual(box.buttons.map((b) => b.tooltip), [keyCommandButtonTooltip]);
      box.value = '';
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await done;
      assert.equal(warnings.shown[0]?.message, 'Clear the key of “Vaulted”?');
      assert.match(warnings.shown[0]?.detail ?? '', /the key command is removed too/);
      assert.equal(store.secrets.hasKey('vaulted'), false);
      assert.equal(await api.context.secrets.get(keyCommandSecretKeyFor('vaulted')), undefined);

      const { id } = await store.apply(addProvider({ name: 'Spare', type: 'openai', agents: [] }), 'add');
      await store.secrets.setKeyCommand(id, `printf '%s\\n' ${key}`);
      assert.equal(await vscode.commands.executeCommand('switchboard.removeProvider', id), true);
      assert.match(warnings.shown[1]?.detail ?? '', /^Its 0 models and its key command are deleted too\./);
      assert.equal(await api.context.secrets.get(keyCommandSecretKeyFor(id)), undefined);
    } finally {
      warnings.dispose();
    }
  });

  it('the key-needed prompt asks for the key in a box that offers Use a Key Command…', async () => {
    const { store } = api.services;
    await store.secrets.setKey('vaulted', 'sk-ant-TYPED-1');
    await store.apply(addProvider({ name: 'Prompted', type: 'openai', agents: [] }), 'add');
    const infos = answerMessages('showInformationMessage', (m) => (/needs a key on this machine/.test(m) ? enterKeyAction : undefined));
    try {
      const checked = api.keyPrompt.check();
      const box = await boxes.shown(/Use a Key Command…/);
      assert.equal(box.title, 'API key for “Prompted”');
      assert.deepEqual(box.buttons.map((b) => b.tooltip), [keyCommandButtonTooltip], 'the button that runs Use a Key Command… for it');
      box.hide();
      await checked;
      assert.equal(infos.shown[0]?.message, '“Prompted” needs a key on this machine.');
    } finally {
      infos.dispose();
    }
  });
});
