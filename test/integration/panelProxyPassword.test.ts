/**
 * The proxy password typed in the settings panel, in the real extension host, through the
 * panel's own router (the testing API's panelMessage): it lands in the real SecretStorage and
 * nowhere else, the state says only "set", Clear and removing the proxy take it out, and Test
 * Connection through a loopback proxy that wants credentials answers a 407 by naming the
 * field, then gets through with the typed password and with the saved one.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension/testingApi';
import { documentKey, proxyPasswordSecretKeyFor } from '../../src/extension/store/store';
import type { ResultMessage, StateMessage } from '../../src/protocol/messages';
import { startForwardProxy } from '../upstreams/forwardProxy';
import { startUpstream } from '../upstreams/server';
import { eventually, resetStore, switchboard } from './helpers';

const password = 'pw-INTEGRATION-NEVER-IN-STATE-8e2';
const key = 'sk-panel-proxy-41d0';

describe('panel proxy password (extension host)', function () {
  this.timeout(60_000);
  let api: TestingApi;
  let n = 0;
  const send = async (message: Record<string, unknown>) => (await api.panelMessage({ requestId: `pp${++n}`, ...message })) as ResultMessage;
  const state = async () => (await api.panelMessage({ type: 'ready' })) as StateMessage;
  /** The password as the real SecretStorage holds it (sealed with the proxy it is for); undefined when none is. */
  const stored = async (id: string) => {
    const raw = await api.context.secrets.get(proxyPasswordSecretKeyFor(id));
    return raw === undefined ? undefined : (JSON.parse(raw) as { password: string }).password;
  };

  before(async () => {
    api = await switchboard();
  });
  beforeEach(async () => resetStore(api));
  after(async () => {
    await resetStore(api);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('stores the typed password in SecretStorage only, says only "set", and Clear or removing the proxy takes it out', async () => {
    const form = { name: 'Corp Lab', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', agents: [], network: { proxy: 'http://ann@proxy.corp.example:3128' } };
    const saved = await send({ type: 'saveProvider', provider: form, key: { action: 'keep' }, proxyPassword: { action: 'set', value: password } });
    assert.equal(saved.ok, true, JSON.stringify(saved));
    const id = saved.createdId!;
    assert.equal(await stored(id), password, 'in the real SecretStorage');
    const view = (await state()).providers.find((p) => p.id === id);
    assert.equal(view?.proxyPasswordSet, true);
    assert.doesNotMatch(JSON.stringify(await state()), /NEVER-IN-STATE/, 'the state the webview gets never holds it');
    assert.doesNotMatch(JSON.stringify(api.context.globalState.get(documentKey)), /NEVER-IN-STATE/, 'nor the stored document');

    const etag = () => api.panelMessage({ type: 'ready' }).then((s) => (s as StateMessage).providers.find((p) => p.id === id)!.etag);
    const cleared = await send({ type: 'saveProvider', id, etag: await etag(), provider: form, key: { action: 'keep' }, proxyPassword: { action: 'clear' } });
    assert.equal(cleared.ok, true, JSON.stringify(cleared));
    assert.equal(await stored(id), undefined, 'Clear removed it');
    await eventually(async () => (await state()).providers.find((p) => p.id === id)?.proxyPasswordSet === undefined, 'the state to say no password');

    await send({ type: 'saveProvider', id, etag: await etag(), provider: form, key: { action: 'keep' }, proxyPassword: { action: 'set', value: password } });
    assert.equal(await stored(id), password);
    const noProxy = await send({ type: 'saveProvider', id, etag: await etag(), provider: { ...form, network: { proxy: '' } }, key: { action: 'keep' }, proxyPassword: { action: 'keep' } });
    assert.equal(noProxy.ok, true, JSON.stringify(noProxy));
    assert.equal(await stored(id), undefined, 'removing the proxy removed the password');
  });

  it('Test Connection through a proxy that wants credentials: a 407 names the field, then the typed and the saved password get through', async () => {
    const up = await startUpstream({ protocols: ['openai-chat'], models: ['behind-panel-proxy'], expectedKey: key });
    const proxy = await startForwardProxy({ credentials: { user: 'ann', password } });
    try {
      const form = { name: 'Behind Proxy', type: 'openai-compatible', baseUrl: `${up.url}/v1`, agents: [], network: { proxy: `http://ann@127.0.0.1:${proxy.port}` } };
      const refused = await send({ type: 'testConnection', provider: form, key: { action: 'set', value: key }, proxyPassword: { action: 'keep' } });
      assert.equal(refused.ok, false);
      assert.match(refused.message ?? '', /HTTP 407.*no password is set: type it in Proxy password under Advanced → Network/);
      assert.equal(refused.fieldErrors?.['network.proxyPassword'], 'The proxy asks for the password of ann.');

      const typed = await send({ type: 'testConnection', provider: form, key: { action: 'set', value: key }, proxyPassword: { action: 'set', value: password } });
      assert.equal(typed.ok, true, JSON.stringify(typed));
      const basic = `Basic ${Buffer.from(`ann:${password}`).toString('base64')}`;
      assert.equal(proxy.requests.at(-1)?.proxyAuthorization, basic);

      const saved = await send({ type: 'saveProvider', provider: form, key: { action: 'set', value: key }, proxyPassword: { action: 'set', value: password } });
      const id = saved.createdId!;
      const count = proxy.requests.length;
      const fromStore = await send({ type: 'testConnection', id });
      assert.equal(fromStore.ok, true, JSON.stringify(fromStore));
      assert.ok(proxy.requests.length > count && proxy.requests.at(-1)?.proxyAuthorization === basic, 'the saved password was read from SecretStorage and sent');

      const etag = (await state()).providers.find((p) => p.id === id)!.etag;
      await send({ type: 'saveProvider', id, etag, provider: form, key: { action: 'keep' }, proxyPassword: { action: 'set', value: 'wrong-password' } });
      const wrong = await send({ type: 'testConnection', id, provider: form, key: { action: 'keep' }, proxyPassword: { action: 'keep' } });
      assert.equal(wrong.ok, false);
      assert.match(wrong.message ?? '', /refused the credentials of ann.*replace the password in Proxy password/);
      assert.equal(wrong.fieldErrors?.['network.proxyPassword'], 'The proxy refused this password for ann.');
    } finally {
      await proxy.close();
      await up.close();
    }
  });
});
