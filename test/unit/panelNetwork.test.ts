/** The panel's network fields and Test Connection message, on in-memory storage. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SecretSource } from '../../src/extension/connect';
import { addModel } from '../../src/providers/operations';
import type { Provider } from '../../src/providers/provider';
import { panelHarness } from '../fakes/panelHarness';

async function setup() {
  const tested: { provider: Provider; secret: SecretSource; embeddingModel?: string }[] = [];
  const harness = await panelHarness(() => ({
    testConnection: async (provider: Provider, secret: SecretSource, embeddingModel?: string) => {
      tested.push({ provider, secret, ...(embeddingModel ? { embeddingModel } : {}) });
      return { ok: true, message: 'fine' };
    },
  }));
  return { ...harness, tested };
}

const base = { name: 'Lab', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:8000/v1', agents: [] };

describe('settings panel: network settings and Test Connection', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-panel-net-'));
    fs.writeFileSync(path.join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    fs.writeFileSync(path.join(dir, 'junk.pem'), 'nope');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('saves the network fields as typed, shows them back, and clears them when emptied', async () => {
    const t = await setup();
    const network = { proxy: ' http://proxy.corp:3128 ', noProxy: 'localhost, .corp\n10.0.0.5:8080', caBundlePath: path.join(dir, 'ca.pem'), timeout: '45', allowInvalidCertificate: false };
    const saved = await t.request({ type: 'saveProvider', provider: { ...base, network }, key: { action: 'keep' } });
    assert.equal(saved.ok, true, JSON.stringify(saved));
    assert.deepEqual(t.store.provider('lab')?.network, { proxy: 'http://proxy.corp:3128', noProxy: ['localhost', '.corp', '10.0.0.5:8080'], caBundlePath: path.join(dir, 'ca.pem'), timeoutMs: 45_000 });
    const view = (await t.state()).providers[0];
    assert.equal(view.network?.timeoutMs, 45_000);
    const cleared = await t.request({ type: 'saveProvider', id: 'lab', etag: view.etag, provider: { ...base, network: { proxy: '', noProxy: '', caBundlePath: '', timeout: '', allowInvalidCertificate: false } }, key: { action: 'keep' } });
    assert.equal(cleared.ok, true);
    assert.equal(t.store.provider('lab')?.network, undefined);
  });

  it('puts each network problem beside its field', async () => {
    const t = await setup();
    const result = await t.request({ type: 'saveProvider', provider: { ...base, network: { proxy: 'socks5://p:1', noProxy: '10.0.0.0/8', timeout: '0.5' } }, key: { action: 'keep' } });
    assert.equal(result.ok, false);
    assert.match(result.fieldErrors?.['network.proxy'] ?? '', /http or https/);
    assert.match(result.fieldErrors?.['network.noProxy.0'] ?? '', /CIDR/);
    assert.match(result.fieldErrors?.['network.timeout'] ?? '', /at least 1 second/);
    const words = await t.request({ type: 'saveProvider', provider: { ...base, network: { timeout: 'soon' } }, key: { action: 'keep' } });
    assert.match(words.fieldErrors?.['network.timeout'] ?? '', /seconds/);
    const missing = await t.request({ type: 'saveProvider', provider: { ...base, network: { caBundlePath: path.join(dir, 'none.pem') } }, key: { action: 'keep' } });
    assert.match(missing.fieldErrors?.['network.caBundlePath'] ?? '', /No file/);
    const junk = await t.request({ type: 'saveProvider', provider: { ...base, network: { caBundlePath: path.join(dir, 'junk.pem') } }, key: { action: 'keep' } });
    assert.match(junk.fieldErrors?.['network.caBundlePath'] ?? '', /PEM/);
    assert.equal(t.store.document.providers.length, 0);
  });

  it('tests a saved provider with its stored key, and unsaved form values with the typed key', async () => {
    const t = await setup();
    await t.request({ type: 'saveProvider', provider: base, key: { action: 'set', value: 'sk-stored' } });
    assert.deepEqual(await t.request({ type: 'testConnection', id: 'lab' }), { type: 'result', requestId: 'r2', ok: true, message: 'fine' });
    assert.deepEqual(t.tested[0].secret, { from: 'store' });
    await t.request({ type: 'testConnection', provider: { ...base, name: 'New', baseUrl: 'http://127.0.0.1:9/v1', network: { timeout: '2' } }, key: { action: 'set', value: 'sk-typed' } });
    assert.deepEqual(t.tested[1].secret, { from: 'value', value: 'sk-typed' });
    assert.equal(t.tested[1].provider.baseUrl, 'http://127.0.0.1:9/v1');
    assert.equal(t.tested[1].provider.network?.timeoutMs, 2000);
    await t.request({ type: 'testConnection', id: 'lab', provider: { ...base, baseUrl: 'http://127.0.0.1:10/v1' }, key: { action: 'keep' } });
    assert.equal(t.tested[2].provider.id, 'lab', 'the stored key is found by the saved id');
    assert.equal(t.tested[2].provider.baseUrl, 'http://127.0.0.1:10/v1');
    assert.equal(t.store.provider('lab')?.baseUrl, 'http://127.0.0.1:8000/v1', 'testing saves nothing');
  });

  it('refuses to test a form with errors, or without the key a type needs', async () => {
    const t = await setup();
    const bad = await t.request({ type: 'testConnection', provider: { ...base, baseUrl: 'nope' }, key: { action: 'keep' } });
    assert.equal(bad.ok, false);
    assert.ok(bad.fieldErrors?.baseUrl);
    const noKey = await t.request({ type: 'testConnection', provider: { name: 'O', type: 'openai', agents: [] }, key: { action: 'keep' } });
    assert.match(noKey.fieldErrors?.key ?? '', /key/);
    assert.equal(t.tested.length, 0);
  });

  it('tests a saved embedding model with its stored key, and refuses a chat model or a missing one', async () => {
    const t = await setup();
    await t.request({ type: 'saveProvider', provider: base, key: { action: 'set', value: 'sk-stored' } });
    await t.store.apply(addModel('lab', { id: 'embed/small', contextLimit: 8192, kind: 'embedding' }), 'test');
    await t.store.apply(addModel('lab', { id: 'chat', contextLimit: 8192 }), 'test');
    assert.equal((await t.request({ type: 'testConnection', id: 'lab', model: 'embed/small' })).ok, true);
    assert.deepEqual({ id: t.tested[0].provider.id, secret: t.tested[0].secret, model: t.tested[0].embeddingModel }, { id: 'lab', secret: { from: 'store' }, model: 'embed/small' });
    const chat = await t.request({ type: 'testConnection', id: 'lab', model: 'chat' });
    assert.equal(chat.ok, false);
    assert.match(chat.message ?? '', /chat model/);
    const gone = await t.request({ type: 'testConnection', id: 'lab', model: 'embed/large' });
    assert.match(gone.message ?? '', /removed/);
    const noProvider = await t.request({ type: 'testConnection', model: 'embed/small' });
    assert.equal(noProvider.ok, false);
    assert.equal(t.tested.length, 1, 'only the embedding model was tested');
  });
});
