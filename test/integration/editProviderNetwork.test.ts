/**
 * Edit Provider's network branch in the real extension host, driven with the workbench's own
 * QuickInput commands (accept, next row, Back, close): the prefilled network values survive a
 * pass through the steps, the certificate opt-in is stored, Back returns a step, Escape saves
 * nothing, and Save without the branch leaves the network settings as they were.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension/testingApi';
import { addProvider } from '../../src/providers/operations';
import type { NetworkSettings } from '../../src/providers/network/settings';
import { resetStore, switchboard } from './helpers';

/** Lets the next step's widget show before acting on it (bounded, as the other palette tests do). */
const settle = () => new Promise((r) => setTimeout(r, 300));
const run = async (command: string) => {
  await settle();
  await vscode.commands.executeCommand(command);
};
const accept = () => run('workbench.action.acceptSelectedQuickOpenItem');
const down = () => run('workbench.action.quickOpenSelectNext');

const network: NetworkSettings = { proxy: 'http://proxy.corp.example:3128', noProxy: ['localhost', '.corp.example'], timeoutMs: 45_000 };

describe('Edit Provider: network settings from the palette (extension host)', function () {
  this.timeout(60_000);
  let api: TestingApi;
  let id: string;

  before(async () => {
    api = await switchboard();
  });
  beforeEach(async () => {
    await resetStore(api);
    const p = await api.services.store.apply(addProvider({ name: 'Corp Lab', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', agents: [], network }), 'test: add provider');
    await api.services.store.setKey(p.id, 'sk-edit-network-1b2c');
    id = p.id;
  });
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeQuickOpen'));
  after(async () => resetStore(api));

  /** Name, URL, key and agents, accepted as prefilled: the four steps before Save or the network branch. */
  async function acceptCommonSteps(): Promise<void> {
    for (let i = 0; i < 4; i++) await accept();
  }

  it('Save at the end keeps the network settings as they were', async () => {
    const done = vscode.commands.executeCommand('switchboard.editProvider', id);
    await acceptCommonSteps();
    await accept(); // Save is the first row
    await done;
    assert.deepEqual(api.services.store.provider(id)?.network, network);
  });

  it('goes through the network steps, with Back, and stores the certificate opt-in', async () => {
    const done = vscode.commands.executeCommand('switchboard.editProvider', id);
    await acceptCommonSteps();
    await down();
    await accept(); // Edit network settings…
    await accept(); // proxy, as stored
    await accept(); // no-proxy hosts, as stored
    await accept(); // CA file, empty
    await run('workbench.action.quickInputBack'); // back from the timeout to the CA file
    await accept(); // CA file again
    await accept(); // timeout, 45 as stored
    await down();
    await accept(); // Allow an invalid certificate
    await done;
    assert.deepEqual(api.services.store.provider(id)?.network, { ...network, allowInvalidCertificate: true });
    assert.equal(api.services.store.provider(id)?.name, 'Corp Lab', 'the rest is unchanged');
  });

  it('Escape in the network steps saves nothing', async () => {
    const done = vscode.commands.executeCommand('switchboard.editProvider', id);
    await acceptCommonSteps();
    await down();
    await accept();
    await accept();
    await run('workbench.action.closeQuickOpen');
    await done;
    assert.deepEqual(api.services.store.provider(id)?.network, network);
  });
});
