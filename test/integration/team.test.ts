/**
 * Team mode in the real extension host: a team file set through settings, the picker and the
 * panel showing only what the team enabled, the refusals, a developer's own token, live
 * updates of the file, and bad input (malformed, keys, unreachable).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { documentKey, keyCommandSecretKeyFor, secretKeyFor } from '../../src/extension/store/store';
import type { TestingApi } from '../../src/extension/testingApi';
import { addModel, addProvider, recordLastUsed } from '../../src/providers/operations';
import { eventually, resetStore, switchboard } from './helpers';

const settings = () => vscode.workspace.getConfiguration('switchboard.team');
const global = vscode.ConfigurationTarget.Global;

interface TeamModel {
  id: string;
  displayName?: string;
  contextLimit: number;
}

/** A loopback base URL needs no key; a remote one (never contacted here) does. */
function teamFile(models: TeamModel[], auth: Record<string, unknown> = { kind: 'none' }, baseUrl = 'http://127.0.0.1:9/v1') {
  return {
    format: 'switchboard.providers',
    version: 1,
    contact: { name: 'Platform team', email: 'ai-platform@example.com' },
    providers: [
      {
        id: 'proxy',
        name: 'Team proxy',
        type: 'openai-compatible',
        baseUrl,
        agents: [],
        headers: { 'X-Team-Id': 'payments', 'X-User': '${env:USER}' },
        auth,
        models: structuredClone(models),
      },
    ],
    defaultRef: `proxy/${models[0].id}`,
  };
}

const twoModels: TeamModel[] = [
  { id: 'team-large', displayName: 'Team Large', contextLimit: 200_000 },
  { id: 'team-small', displayName: 'Team Small', contextLimit: 32_000 },
];

describe('team mode (extension host)', () => {
  let api: TestingApi;
  let dir: string;
  let file: string;

  const write = (content: unknown) => fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  const notices = () => api.services.team.notices.map((n) => n.text);
  /** Models the picker offers to switch to now (rows for providers that need a key first are left out). */
  const pickedRefs = () => api.pickerItems(api.services.store).flatMap((i) => (i.choice && api.services.store.isUsable(i.choice.provider) ? [i.choice.ref] : []));
  const managedIds = () => api.services.store.document.providers.filter((p) => api.services.store.teamAuth(p.id)).map((p) => p.id);

  async function useTeamFile(content: unknown): Promise<void> {
    write(content);
    await settings().update('source', file, global);
    await eventually(() => managedIds().includes('proxy'), 'the managed provider to arrive', 10_000);
  }

  before(async () => {
    api = await switchboard();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-team-'));
    file = path.join(dir, 'team.json');
  });

  beforeEach(async () => {
    await resetStore(api);
    api.services.team.notices.length = 0;
  });

  afterEach(async () => {
    await api.context.secrets.delete(secretKeyFor('proxy'));
    await settings().update('source', undefined, global);
    await settings().update('allowPersonalProviders', undefined, global);
    await eventually(() => api.services.store.teamLayer === undefined, 'team mode to end');
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a team file set through settings: the picker shows exactly its enabled models, marked as managed, and personal providers are hidden', async () => {
    const { store } = api.services;
    await store.apply(addProvider({ name: 'Mine', type: 'ollama' }), 'add');
    await store.apply(addModel('mine', { id: 'llama', contextLimit: 8000 }), 'model');
    await useTeamFile(teamFile(twoModels));

    assert.deepEqual(pickedRefs().sort(), ['proxy/team-large', 'proxy/team-small']);
    const rows = api.pickerItems(store).filter((i) => i.choice);
    assert.ok(rows.every((i) => i.description?.includes('$(organization) managed by your team')), rows.map((i) => i.description).join('\n'));
    await eventually(() => /Team Large · Team proxy/.test(api.statusBar.item.text), 'the status bar to show the administrator’s default');
    // ${env:USER} is this machine's user; without one, the header is left out.
    const user = process.env.USER;
    assert.deepEqual(store.document.providers[0].headers, user ? { 'X-Team-Id': 'payments', 'X-User': user } : { 'X-Team-Id': 'payments' });
    // The managed provider is never stored; the personal one still is, hidden.
    const stored = api.context.globalState.get<{ providers: { id: string }[] }>(documentKey);
    assert.deepEqual(stored?.providers.map((p) => p.id), ['mine']);
    await vscode.commands.executeCommand('switchboard.addProvider');
    assert.match(notices().at(-1) ?? '', /personal providers are turned off/);

    await settings().update('allowPersonalProviders', true, global);
    await eventually(() => pickedRefs().includes('mine/llama'), 'the personal model to show once personal providers are allowed');
  });

  it('refuses Edit, Remove, Add Model and Remove Model on a managed provider, naming the team source and whom to ask', async () => {
    await useTeamFile(teamFile(twoModels));
    const refusal = new RegExp(`“Team proxy” is managed by your team \\(${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\): it cannot .* here\\. Ask Platform team \\(ai-platform@example\\.com\\) to change it\\.`);
    for (const [command, arg] of [
      ['switchboard.editProvider', 'proxy'],
      ['switchboard.removeProvider', 'proxy'],
      ['switchboard.addModel', 'proxy'],
      ['switchboard.removeModel', 'proxy/team-small'],
    ] as const) {
      api.services.team.notices.length = 0;
      await vscode.commands.executeCommand(command, arg);
      assert.match(notices().at(-1) ?? '(nothing)', refusal, command);
    }
    const panel = await api.panelMessage({ type: 'deleteProvider', requestId: 'r1', id: 'proxy' });
    assert.ok(panel?.type === 'result' && !panel.ok && refusal.test(panel.message ?? ''), JSON.stringify(panel));
    const state = await api.panelMessage({ type: 'ready' });
    assert.ok(state?.type === 'state');
    assert.match(state.providers[0].managed?.reason ?? '', refusal);
    assert.equal(state.team?.contact, 'Platform team (ai-platform@example.com)');
    assert.deepEqual(pickedRefs().sort(), ['proxy/team-large', 'proxy/team-small'], 'nothing changed');
  });

  it('the developer enters a personal proxy token: before it, the picker says so; after it, the models are usable', async () => {
    const { store } = api.services;
    await useTeamFile(teamFile(twoModels, { kind: 'personalToken' }, 'https://llm.example.invalid/v1'));
    assert.deepEqual(pickedRefs(), []);
    const labels = api.pickerItems(store).map((i) => i.label);
    assert.ok(labels.some((l) => l.includes('Contact Platform team (ai-platform@example.com)')), labels.join('\n'));
    assert.ok(labels.includes('$(key) Enter your token for “Team proxy”…'), labels.join('\n'));
    const before = await api.panelMessage({ type: 'ready' });
    assert.ok(before?.type === 'state');
    assert.match(before.team?.noUsableModels ?? '', /Contact Platform team/);

    const token = `team-token-${Date.now()}-NEVER-IN-STATE`;
    const reply = await api.panelMessage({ type: 'setTeamToken', requestId: 'r2', id: 'proxy', token });
    assert.ok(reply?.type === 'result' && reply.ok, JSON.stringify(reply));
    assert.equal(await api.context.secrets.get(secretKeyFor('proxy')), token);
    await eventually(() => pickedRefs().length === 2, 'the managed models to become usable');
    assert.equal(await store.secrets.readKey('proxy'), token);
    const after = await api.panelMessage({ type: 'ready' });
    assert.ok(after?.type === 'state');
    assert.equal(after.providers[0].keyState, 'set');
    assert.doesNotMatch(JSON.stringify(after), /NEVER-IN-STATE/);
    assert.doesNotMatch(JSON.stringify(api.context.globalState.get(documentKey)), /NEVER-IN-STATE/);

    // A token from a command (Use a Key Command…) goes with its command, and the answer says so.
    await store.secrets.setKeyCommand('proxy', `printf '%s\\n' ${token}`);
    const cleared = await api.panelMessage({ type: 'setTeamToken', requestId: 'r3', id: 'proxy', token: null });
    assert.ok(cleared?.type === 'result' && cleared.ok, JSON.stringify(cleared));
    assert.equal(cleared.message, 'The key command of your token for “Team proxy” was removed.');
    assert.equal(await api.context.secrets.get(keyCommandSecretKeyFor('proxy')), undefined);
  });

  it('changing the team file updates the picker live, and a removed model is announced with what is used now', async () => {
    const { store } = api.services;
    await useTeamFile(teamFile(twoModels));
    await store.apply(recordLastUsed('proxy/team-small'), 'pick');
    assert.match(api.statusBar.item.text, /Team Small/);

    write(teamFile([twoModels[0], { id: 'team-new', contextLimit: 64_000 }]));
    await eventually(() => pickedRefs().includes('proxy/team-new'), 'the picker to show the new model', 10_000);
    assert.deepEqual(pickedRefs().sort(), ['proxy/team-large', 'proxy/team-new']);
    assert.match(api.statusBar.item.text, /Team Large/, `the removed last-used model falls through to the team default: ${api.statusBar.item.text}; notices: ${notices().join(' | ')}`);
    assert.ok(notices().includes('Your team no longer offers “Team Small” (proxy/team-small). Switchboard now uses “Team Large” from Team proxy.'), notices().join('\n'));

    // Leaving team mode clears the choices of team models at once (not as "could not read" at the next start).
    await store.apply(recordLastUsed('proxy/team-large'), 'pick');
    await settings().update('source', undefined, global);
    await eventually(() => api.context.globalState.get<{ lastUsedRef?: string }>(documentKey)?.lastUsedRef === undefined, 'the last pick of a team model to be cleared');
    assert.equal(api.services.store.recoveredCopies().length, 0);
  });

  it('a malformed file, or one that carries a key, shows an error naming the field and changes nothing', async () => {
    await useTeamFile(teamFile(twoModels));
    const broken = teamFile(twoModels) as { providers: { models: TeamModel[] }[] };
    broken.providers[0].models[1].contextLimit = -1;
    write(broken);
    await eventually(() => notices().some((n) => n.includes('providers[0].models[1].contextLimit')), 'the error naming the field', 10_000);
    assert.match(notices().at(-1)!, /is not valid: providers\[0\]\.models\[1\]\.contextLimit: The context limit is at least 1 token\. Nothing changed/);
    assert.deepEqual(pickedRefs().sort(), ['proxy/team-large', 'proxy/team-small']);

    write(teamFile(twoModels, { kind: 'personalToken', token: 'sk-NEVER-SHOWN' }));
    await eventually(() => notices().some((n) => n.includes('providers[0].auth.token: a team file must not hold a key')), 'the key refusal', 10_000);
    assert.doesNotMatch(notices().join('\n'), /NEVER-SHOWN/);
    assert.deepEqual(pickedRefs().sort(), ['proxy/team-large', 'proxy/team-small']);
    // The panel hears of the problem too, in the same reload.
    await eventually(async () => {
      const state = await api.panelMessage({ type: 'ready' });
      return state?.type === 'state' && /providers\[0\]\.auth\.token/.test(state.team?.problem ?? '');
    }, 'the panel to show the problem');
  });

  it('a URL source is downloaded and cached; when it cannot be reached, the cached copy stays in use with a warning', async () => {
    const body = JSON.stringify(teamFile(twoModels));
    let served = 0;
    const server = http.createServer((_req, res) => {
      served++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/team.json?v=1`;
    try {
      await settings().update('source', url, global);
      await eventually(() => managedIds().includes('proxy'), 'the managed provider from the URL', 10_000).catch((e: Error) => assert.fail(`${e.message}; notices: ${notices().join(' | ')}`));
      assert.equal(served, 1);
      assert.equal(api.services.store.teamLayer?.source, url.replace('?v=1', ''), 'shown without its query');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    await api.services.team.reload(true);
    assert.match(notices().at(-1) ?? '', /could not reach the team source .*team\.json \(.*\)\. Using the copy from less than a minute ago\./);
    assert.deepEqual(pickedRefs().sort(), ['proxy/team-large', 'proxy/team-small']);
  });
});
