/**
 * Edit Provider's network branch in the real extension host, driven with the workbench's own
 * QuickInput commands (accept, next row, Back, close): the prefilled network values survive a
 * pass through the steps, the certificate opt-in is stored, Back returns a step, Escape saves
 * nothing, and Save without the branch leaves the network settings as they were. A proxy
 * password saved in SecretStorage stays while the saved proxy is the same host and user, and
 * goes when the proxy moves, loses the user or is removed: the rule the panel's save applies too.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { proxyPasswordSecretKeyFor } from '../../src/extension/store/store';
import type { TestingApi } from '../../src/extension/testingApi';
import { addProvider, updateProvider } from '../../src/providers/operations';
import type { NetworkSettings } from '../../src/providers/network/settings';
import { resetStore, switchboard, watchInputBoxes } from './helpers';

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
    await api.services.store.secrets.setKey(p.id, 'sk-edit-network-1b2c');
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

  describe('the proxy password', () => {
    const password = 'pw-palette-edit-5f1a';
    const withUser = 'http://ann@proxy.corp.example:3128';
    /** The password as the real SecretStorage holds it (sealed with the proxy it is for); undefined when none is. */
    const stored = async () => {
      const raw = await api.context.secrets.get(proxyPasswordSecretKeyFor(id));
      return raw === undefined ? undefined : (JSON.parse(raw) as { password: string }).password;
    };
    let boxes: ReturnType<typeof watchInputBoxes>;

    beforeEach(async () => {
      await api.services.store.apply(updateProvider(id, { network: { ...network, proxy: withUser } }), 'test: the proxy names a user');
      await api.services.store.secrets.setProxyPassword(id, password);
      assert.equal(await stored(), password);
      boxes = watchInputBoxes();
    });
    afterEach(() => boxes.dispose());

    /** Edit Provider through the network branch; `edit` acts on the proxy step, the rest is accepted as stored. */
    async function editProxy(edit: (box: vscode.InputBox) => Promise<void>): Promise<void> {
      const done = vscode.commands.executeCommand('switchboard.editProvider', id);
      await acceptCommonSteps();
      await down();
      await accept(); // Edit network settings…
      await edit(await boxes.shown(/^Proxy URL/));
      for (let i = 0; i < 4; i++) await accept(); // proxy, no-proxy hosts, CA file, timeout
      await accept(); // Verify certificates, as stored
      await done;
    }

    it('stays when the proxy is saved as it was', async () => {
      await editProxy(async () => undefined);
      assert.equal(api.services.store.provider(id)?.network?.proxy, withUser);
      assert.equal(await stored(), password, 'the same proxy keeps it');
      assert.equal(api.services.store.secrets.hasProxyPassword(id), true);
    });

    it('goes when the same user is on another proxy: it is never sent to a host it was not saved for', async () => {
      await editProxy(async (box) => void (box.value = 'http://ann@proxy2.corp.example:8080'));
      assert.equal(api.services.store.provider(id)?.network?.proxy, 'http://ann@proxy2.corp.example:8080');
      assert.equal(await stored(), undefined, 'gone from SecretStorage');
      assert.equal(api.services.store.secrets.hasProxyPassword(id), false);
    });

    it('goes when the new proxy URL names no user', async () => {
      await editProxy(async (box) => void (box.value = 'http://proxy2.corp.example:8080'));
      assert.deepEqual(api.services.store.provider(id)?.network, { ...network, proxy: 'http://proxy2.corp.example:8080' });
      assert.equal(await stored(), undefined, 'gone from SecretStorage');
      assert.equal(api.services.store.secrets.hasProxyPassword(id), false);
    });

    it('goes when the proxy is removed (select all, cut), and the other network settings stay', async () => {
      await editProxy(async () => {
        await run('editor.action.selectAll');
        await run('editor.action.clipboardCutAction');
      });
      assert.deepEqual(api.services.store.provider(id)?.network, { noProxy: network.noProxy, timeoutMs: network.timeoutMs });
      assert.equal(await stored(), undefined, 'gone from SecretStorage');
      assert.equal(api.services.store.secrets.hasProxyPassword(id), false);
    });
  });
});
