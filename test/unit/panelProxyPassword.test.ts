/**
 * The proxy password in the settings panel, on in-memory storage: the protocol refuses bad
 * shapes, the form's save stores it in SecretStorage only (or clears it), a bad one saves
 * nothing, the state says only "set", a test uses the typed one, and a 407 names the field.
 * Also the palette's failure buttons.
 */
import * as assert from 'node:assert/strict';
import { failureActions, setProxyPasswordAction } from '../../src/extension/commands/failureActions';
import type { SecretSource } from '../../src/extension/connect';
import { proxyPasswordSource } from '../../src/extension/panel/handlers/proxyPassword';
import { storedPasswordApplies } from '../../src/webview/providerValues';
import { proxyAuthReply } from '../../src/extension/panel/proxyAuthReply';
import { routeMessage } from '../../src/extension/panel/router';
import { Store } from '../../src/extension/store/store';
import { classify } from '../../src/providers/network/classify';
import { HttpStatusError } from '../../src/providers/network/errors';
import { proxyPasswordAction, proxyPasswordProblem, proxyUserOf } from '../../src/providers/network/proxyPassword';
import { openProxyPassword, sealProxyPassword } from '../../src/providers/network/proxyPasswordSeal';
import type { Provider } from '../../src/providers/provider';
import { providerViewSchema, toHostSchema } from '../../src/protocol/messages';
import { MemoryLog, MemoryMemento, MemorySecrets } from '../fakes/memory';
import { panelHarness } from '../fakes/panelHarness';

const password = 'pä55 NEVER-ECHOED:proxy';
const slot = 'switchboard.proxyPassword.lab';

async function setup() {
  const tested: { provider: Provider; proxyPassword?: SecretSource }[] = [];
  const harness = await panelHarness(() => ({
    testConnection: async (provider: Provider, _secret: SecretSource, _model?: string, proxyPassword?: SecretSource) => {
      tested.push({ provider, ...(proxyPassword ? { proxyPassword } : {}) });
      return { ok: true, message: 'fine' };
    },
  }));
  return { ...harness, tested };
}

const withProxy = (proxy: string) => ({ name: 'Lab', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:8000/v1', agents: [], network: { proxy } });
const ann = withProxy('http://ann@proxy.corp:3128');

/** The first issue of a refused message, as "path: message". */
function refusal(message: unknown): string {
  const parsed = toHostSchema.safeParse(message);
  assert.ok(!parsed.success, `expected ${JSON.stringify(message)} to be refused`);
  const issue = parsed.error.issues[0];
  return `${issue.path.join('.')}: ${issue.message}`;
}

describe('proxy password: the protocol', () => {
  const save = (proxyPassword: unknown) => ({ type: 'saveProvider', requestId: 'r1', provider: ann, key: { action: 'keep' }, proxyPassword });

  it('takes keep, a typed password, or clear, on saveProvider and testConnection; older webviews may leave it out', () => {
    for (const change of [{ action: 'keep' }, { action: 'set', value: password }, { action: 'clear' }]) {
      assert.ok(toHostSchema.safeParse(save(change)).success, JSON.stringify(change));
      assert.ok(toHostSchema.safeParse({ type: 'testConnection', requestId: 'r1', provider: ann, proxyPassword: change }).success);
    }
    assert.ok(toHostSchema.safeParse({ type: 'saveProvider', requestId: 'r1', provider: ann, key: { action: 'keep' } }).success);
  });

  it('refuses bad shapes, each with an issue that names the field', () => {
    assert.match(refusal(save({ action: 'set' })), /^proxyPassword\.value: .*(string|received undefined)/i);
    assert.match(refusal(save({ action: 'set', value: 42 })), /^proxyPassword\.value: .*string/i);
    assert.equal(refusal(save({ action: 'set', value: '' })), 'proxyPassword.value: Type the password, or keep the current one.');
    assert.match(refusal(save({ action: 'set', value: 'x'.repeat(10_001) })), /^proxyPassword\.value: .*10000/);
    assert.match(refusal(save({ action: 'reveal' })), /^proxyPassword\.action: /);
    assert.match(refusal(save('hunter2')), /^proxyPassword: /);
  });

  it('lets a provider view say only whether one is set', () => {
    const view = { id: 'lab', name: 'Lab', type: 'openai-compatible', agents: [], headers: {}, typeFields: {}, keyState: 'optional', models: [], etag: 'e' };
    assert.ok(providerViewSchema.safeParse({ ...view, proxyPasswordSet: true }).success);
    assert.ok(!providerViewSchema.safeParse({ ...view, proxyPasswordSet: password }).success);
  });
});

describe('proxy password: the rules', () => {
  it('is one line of at most 1024 characters, as the store and the palette say', () => {
    assert.equal(proxyPasswordProblem(password), undefined);
    assert.equal(proxyPasswordProblem('x'.repeat(1024)), undefined);
    assert.match(proxyPasswordProblem('x'.repeat(1025)) ?? '', /one line of at most 1024 characters/);
    assert.match(proxyPasswordProblem('two\nlines') ?? '', /one line/);
  });

  it('reads the user name from the proxy URL, decoded', () => {
    assert.equal(proxyUserOf('http://ann%40corp@proxy:3128'), 'ann@corp');
    assert.equal(proxyUserOf('http://proxy:3128'), undefined);
    assert.equal(proxyUserOf('not a url'), undefined);
    assert.equal(proxyUserOf(undefined), undefined);
  });

  it('keeps what the form says while the proxy names a user, and clears it otherwise', () => {
    const set = { action: 'set', value: 'pw' } as const;
    assert.deepEqual(proxyPasswordAction('http://ann@p:1', set), set);
    assert.deepEqual(proxyPasswordAction('http://ann@p:1', undefined, 'http://ann@p:1'), { action: 'keep' });
    assert.deepEqual(proxyPasswordAction('http://p:1', set), { action: 'clear' });
    assert.deepEqual(proxyPasswordAction(undefined, { action: 'keep' }), { action: 'clear' });
  });

  it('keeps a stored password only for the host and user it was saved for', () => {
    const keep = (proxy: string, saved: string | undefined) => proxyPasswordAction(proxy, { action: 'keep' }, saved).action;
    assert.equal(keep('http://ann@proxy.corp:3128', 'http://ann@proxy.corp:3128/'), 'keep');
    assert.equal(keep('http://ann@PROXY.corp:3128', 'http://ann:old@proxy.corp:3128'), 'keep', 'host case and a password in the old URL do not matter');
    assert.equal(keep('http://ann@proxy.corp:80', 'http://ann@proxy.corp'), 'keep', 'the default port spelled out');
    for (const [proxy, why] of [
      ['http://ann@other.corp:3128', 'another host'],
      ['http://ann@proxy.corp:8080', 'another port'],
      ['https://ann@proxy.corp:3128', 'another scheme'],
      ['http://bob@proxy.corp:3128', 'another user'],
    ]) assert.equal(keep(proxy, 'http://ann@proxy.corp:3128'), 'clear', why);
    assert.equal(keep('http://ann@proxy.corp:3128', undefined), 'clear', 'nothing was saved for it');
    // A typed password is for the new URL, whatever the old one was.
    assert.deepEqual(proxyPasswordAction('http://ann@other.corp:1', { action: 'set', value: 'pw' }, 'http://ann@proxy.corp:3128'), { action: 'set', value: 'pw' });
  });

  it('seals a password with its proxy account, and opens it only for that account', () => {
    const sealed = sealProxyPassword('pw', 'http://ann@proxy.corp:3128');
    assert.equal(openProxyPassword(sealed, 'http://ann@proxy.corp:3128'), 'pw');
    for (const proxy of ['http://ann@other:3128', 'http://proxy.corp:3128', undefined, 'not a url']) assert.equal(openProxyPassword(sealed, proxy), undefined, String(proxy));
    assert.equal(openProxyPassword(undefined, 'http://ann@proxy.corp:3128'), undefined);
    // Stored before sealing: a bare string, even one that reads as JSON, is the password itself.
    for (const legacy of ['plain', '{"a":1}', '"quoted"', '42']) assert.equal(openProxyPassword(legacy, 'http://ann@proxy.corp:3128'), legacy);
  });

  it('the form shows the stored password as set only while the proxy as typed is the one it was set for', () => {
    const view = { proxyPasswordSet: true, network: { proxy: 'http://ann@proxy.corp:3128' } };
    assert.equal(storedPasswordApplies(view, ' http://ann@PROXY.corp:3128/ '), true);
    for (const typed of ['http://ann@other.corp:3128', 'http://bob@proxy.corp:3128', 'http://proxy.corp:3128', '', 'http://ann@proxy.corp:8080']) assert.equal(storedPasswordApplies(view, typed), false, typed);
    assert.equal(storedPasswordApplies({ ...view, proxyPasswordSet: false }, 'http://ann@proxy.corp:3128'), false);
    assert.equal(storedPasswordApplies(undefined, 'http://ann@proxy.corp:3128'), false, 'a new provider has none');
  });

  it('tests with the typed password, none, or the saved provider’s', () => {
    const net = { network: { proxy: 'http://ann@p:1' } };
    assert.deepEqual(proxyPasswordSource(net, { action: 'set', value: 'pw' }, net), { from: 'value', value: 'pw' });
    assert.deepEqual(proxyPasswordSource(net, { action: 'clear' }, net), { from: 'value', value: undefined });
    assert.deepEqual(proxyPasswordSource(net, { action: 'keep' }, net), { from: 'store' });
    assert.deepEqual(proxyPasswordSource(net, undefined, undefined), { from: 'value', value: undefined }, 'a new provider has none stored');
    assert.deepEqual(proxyPasswordSource({ network: { proxy: 'http://p:1' } }, { action: 'set', value: 'pw' }, net), { from: 'value', value: undefined }, 'no user, no password');
    assert.deepEqual(proxyPasswordSource({ network: { proxy: 'http://ann@elsewhere:1' } }, { action: 'keep' }, net), { from: 'value', value: undefined }, 'the saved password never goes to another proxy');
  });
});

describe('proxy password: saving the panel form', () => {
  it('stores a typed password in SecretStorage only; the state says "set" and never holds it', async () => {
    const t = await setup();
    const saved = await t.request({ type: 'saveProvider', provider: ann, key: { action: 'keep' }, proxyPassword: { action: 'set', value: password } });
    assert.equal(saved.ok, true, JSON.stringify(saved));
    assert.equal(await t.store.secrets.readProxyPassword('lab'), password);
    assert.equal(await t.store.secrets.readProxyPassword('lab'), password);
    const state = await t.state();
    assert.equal(state.providers[0].proxyPasswordSet, true);
    assert.equal(state.providers[0].network?.proxy, 'http://ann@proxy.corp:3128', 'the URL holds the user only');
    assert.doesNotMatch(JSON.stringify(state) + JSON.stringify([...t.memento.values]) + t.log.lines.join('\n'), /NEVER-ECHOED/);
  });

  it('puts a password the store would refuse beside its field, and saves nothing', async () => {
    const t = await setup();
    for (const bad of ['x'.repeat(1025), 'two\nlines']) {
      const result = await t.request({ type: 'saveProvider', provider: ann, key: { action: 'keep' }, proxyPassword: { action: 'set', value: bad } });
      assert.equal(result.ok, false);
      assert.deepEqual(Object.keys(result.fieldErrors ?? {}), ['network.proxyPassword']);
      assert.match(result.fieldErrors!['network.proxyPassword'], /one line of at most 1024 characters/);
    }
    assert.equal(t.store.document.providers.length, 0);
    assert.equal(t.secrets.values.size, 0);
  });

  it('keeps it when untouched, clears it on Clear, and drops it when the proxy loses its user, moves or goes', async () => {
    const t = await setup();
    await t.request({ type: 'saveProvider', provider: ann, key: { action: 'keep' }, proxyPassword: { action: 'set', value: password } });
    const edit = async (provider: object, proxyPassword?: object) => {
      const result = await t.request({ type: 'saveProvider', id: 'lab', provider, key: { action: 'keep' }, ...(proxyPassword ? { proxyPassword } : {}) });
      assert.equal(result.ok, true, JSON.stringify(result));
      return (await t.state()).providers[0].proxyPasswordSet === true;
    };
    assert.equal(await edit({ ...ann, name: 'Lab 2' }, { action: 'keep' }), true);
    assert.equal(await edit({ ...ann, name: 'Lab 3' }), true, 'a message without the field keeps it');
    assert.equal(await t.store.secrets.readProxyPassword('lab'), password);
    assert.equal(await edit(ann, { action: 'clear' }), false);
    assert.equal(t.secrets.values.has(slot), false);

    await edit(ann, { action: 'set', value: password });
    assert.equal(await edit(withProxy('http://proxy.corp:3128'), { action: 'keep' }), false, 'a proxy URL without a user');
    assert.equal(t.secrets.values.has(slot), false);
    await edit(ann, { action: 'set', value: password });
    assert.equal(await edit({ ...ann, network: { proxy: '' } }, { action: 'keep' }), false, 'the proxy removed');
    assert.equal(t.secrets.values.has(slot), false);
    await edit(ann, { action: 'set', value: password });
    assert.equal(await edit(withProxy('http://ann@other-proxy.corp:3128'), { action: 'keep' }), false, 'the same user on another proxy: the password is not sent there');
    assert.equal(t.secrets.values.has(slot), false);
  });

  it('shows a password set by the palette or another window, and its removal', async () => {
    const t = await setup();
    await t.request({ type: 'saveProvider', provider: ann, key: { action: 'keep' } });
    await t.secrets.store(slot, 'from another window');
    await new Promise((r) => setTimeout(r, 0));
    assert.equal((await t.state()).providers[0].proxyPasswordSet, true);
    await t.secrets.delete(slot);
    await new Promise((r) => setTimeout(r, 0));
    assert.equal((await t.state()).providers[0].proxyPasswordSet, undefined);
  });

  it('knows a stored password at load', async () => {
    const memento = new MemoryMemento();
    const secrets = new MemorySecrets();
    const first = new Store(memento, secrets, new MemoryLog());
    await first.load();
    await routeMessage({ type: 'saveProvider', requestId: 'r1', provider: ann, key: { action: 'keep' }, proxyPassword: { action: 'set', value: password } }, { store: first, log: new MemoryLog() });
    const second = new Store(memento, secrets, new MemoryLog());
    await second.load();
    assert.equal(second.secrets.hasProxyPassword('lab'), true);
  });

  it('tests the form with the typed password, the stored one, or none, and checks a typed one first', async () => {
    const t = await setup();
    await t.request({ type: 'testConnection', provider: ann, key: { action: 'keep' }, proxyPassword: { action: 'set', value: password } });
    assert.deepEqual(t.tested.at(-1)?.proxyPassword, { from: 'value', value: password });
    await t.request({ type: 'saveProvider', provider: ann, key: { action: 'keep' }, proxyPassword: { action: 'set', value: password } });
    await t.request({ type: 'testConnection', id: 'lab', provider: ann, key: { action: 'keep' }, proxyPassword: { action: 'keep' } });
    assert.deepEqual(t.tested.at(-1)?.proxyPassword, { from: 'store' });
    await t.request({ type: 'testConnection', id: 'lab', provider: ann, key: { action: 'keep' }, proxyPassword: { action: 'clear' } });
    assert.deepEqual(t.tested.at(-1)?.proxyPassword, { from: 'value', value: undefined });
    const count = t.tested.length;
    const bad = await t.request({ type: 'testConnection', id: 'lab', provider: ann, key: { action: 'keep' }, proxyPassword: { action: 'set', value: 'a\rb' } });
    assert.match(bad.fieldErrors?.['network.proxyPassword'] ?? '', /one line/);
    assert.equal(t.tested.length, count, 'nothing was tested');
  });
});

describe('proxy password: a 407', () => {
  const ctx = { type: 'openai-compatible' as const, typeLabel: 'OpenAI-compatible', url: 'https://api.example.com/v1/models' };
  const fail407 = (proxy?: string, sent = false) => classify(new HttpStatusError(407, 'Proxy Authentication Required', ctx.url), { ...ctx, ...(proxy ? { proxy, proxyPasswordSet: sent } : {}) });

  it('in the panel, names the Proxy password field, inline when the field shows', () => {
    const missing = proxyAuthReply(fail407('http://ann@proxy.corp:3128'), 'http://ann@proxy.corp:3128', false);
    assert.match(missing?.message ?? '', /asks for credentials \(HTTP 407.*names the user ann but no password is set: type it in Proxy password under Advanced → Network\./);
    assert.deepEqual(missing?.fieldErrors, { 'network.proxyPassword': 'The proxy asks for the password of ann.' });
    const refused = proxyAuthReply(fail407('http://ann@proxy.corp:3128', true), 'http://ann@proxy.corp:3128', true);
    assert.match(refused?.message ?? '', /refused the credentials of ann.*replace the password in Proxy password/);
    assert.deepEqual(refused?.fieldErrors, { 'network.proxyPassword': 'The proxy refused this password for ann.' });
    const noUser = proxyAuthReply(fail407('http://proxy.corp:3128'), 'http://proxy.corp:3128', false);
    assert.match(noUser?.message ?? '', /Put your user name in the proxy URL/);
    assert.equal(noUser?.fieldErrors, undefined, 'the field is hidden, so the message says it all');
    assert.match(proxyAuthReply(fail407(), undefined, false)?.message ?? '', /Set that proxy under Advanced → Network/);
    for (const reply of [missing, refused, noUser]) assert.doesNotMatch(reply?.message ?? '', /Switchboard: Set Proxy Password/, 'the panel points at its own field');
  });

  it('leaves every other failure to the usual message', () => {
    assert.equal(proxyAuthReply(classify(new HttpStatusError(401, 'no', ctx.url), ctx), undefined, false), undefined);
    assert.equal(proxyAuthReply({ kind: 'proxy', message: 'The proxy refused the tunnel.', hint: '' }, 'http://ann@p:1', false), undefined);
  });

  it('in the palette, gets a Set Proxy Password… button first', () => {
    assert.deepEqual(failureActions(fail407('http://ann@proxy.corp:3128')), [setProxyPasswordAction, 'Network Settings', 'Show Log']);
    assert.deepEqual(failureActions({ kind: 'proxy' }), ['Network Settings', 'Show Log'], 'not for a proxy that failed otherwise');
    assert.deepEqual(failureActions({ kind: 'auth', status: 401 }), ['Set API Key', 'Show Log']);
  });
});
