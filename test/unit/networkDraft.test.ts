/** The palette's network steps check each field as the panel's form does, with the same messages. */
import * as assert from 'node:assert/strict';
import { routeMessage } from '../../src/extension/panel/router';
import { Store } from '../../src/extension/store/store';
import { networkFieldProblem, networkFormOf, networkFromForm, networkSummary, type NetworkTextField } from '../../src/extension/ui/networkDraft';
import type { ResultMessage } from '../../src/protocol/messages';
import { MemoryLog, MemoryMemento, MemorySecrets } from '../fakes/memory';

const base = { name: 'Lab', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:8000/v1', agents: [] };

/** The message the panel's form shows beside the field for this text. */
async function formMessage(field: NetworkTextField, text: string): Promise<string | undefined> {
  const store = new Store(new MemoryMemento(), new MemorySecrets(), new MemoryLog());
  await store.load();
  const result = (await routeMessage({ type: 'saveProvider', requestId: 'r1', provider: { ...base, network: { [field]: text } }, key: { action: 'keep' } }, { store, log: new MemoryLog() })) as ResultMessage;
  const errors = Object.entries(result.fieldErrors ?? {}).filter(([k]) => k.startsWith(`network.${field}`));
  return errors[0]?.[1];
}

describe('palette network steps: validation and conversion', () => {
  const bad: [NetworkTextField, string][] = [
    ['proxy', 'socks5://proxy:1080'],
    ['proxy', 'proxy.corp:3128'],
    ['proxy', 'http://user:pw@proxy.corp:3128'],
    ['proxy', 'http://proxy.corp:3128/path'],
    ['noProxy', 'localhost, 10.0.0.0/8'],
    ['noProxy', 'host:99999'],
    ['caBundlePath', 'certs/ca.pem'],
    ['timeout', '0.5'],
    ['timeout', 'soon'],
    ['timeout', '601'],
  ];
  for (const [field, text] of bad) {
    it(`refuses ${field} “${text}” with the form's message`, async () => {
      const problem = networkFieldProblem(field, text);
      assert.ok(problem, 'a problem is reported');
      assert.equal(problem, await formMessage(field, text));
    });
  }

  it('accepts good values and empty ones (empty clears)', () => {
    const good: [NetworkTextField, string][] = [
      ['proxy', 'http://proxy.corp:3128'],
      ['proxy', ' https://proxy.corp '],
      ['noProxy', 'localhost, .corp.example; host:8080 10.0.0.1'],
      ['caBundlePath', '~/certs/ca.pem'],
      ['timeout', '45'],
      ['timeout', '2.5 s'],
    ];
    for (const [field, text] of good) assert.equal(networkFieldProblem(field, text), undefined, `${field} “${text}”`);
    for (const field of ['proxy', 'noProxy', 'caBundlePath', 'timeout'] as const) assert.equal(networkFieldProblem(field, '  '), undefined);
  });

  it('round-trips stored settings through the values the steps show', () => {
    const stored = { proxy: 'http://proxy.corp:3128', noProxy: ['localhost', '.corp'], caBundlePath: '/etc/ssl/corp.pem', timeoutMs: 45_000, allowInvalidCertificate: true };
    const form = networkFormOf(stored);
    assert.deepEqual(form, { proxy: 'http://proxy.corp:3128', noProxy: 'localhost, .corp', caBundlePath: '/etc/ssl/corp.pem', timeout: '45', allowInvalidCertificate: true });
    assert.deepEqual(networkFromForm(form), stored);
    assert.equal(networkSummary(form), 'proxy http://proxy.corp:3128 · 2 no-proxy hosts · CA file · 45 s timeout · invalid certificates allowed');
  });

  it('stores nothing when every field is emptied, and only true for the certificate opt-in', () => {
    assert.equal(networkFromForm(networkFormOf(undefined)), undefined);
    assert.equal(networkSummary(networkFormOf(undefined)), 'direct, 30 s timeout, certificates verified');
    assert.deepEqual(networkFromForm({ proxy: '', noProxy: '', caBundlePath: '', timeout: '10', allowInvalidCertificate: false }), { timeoutMs: 10_000 });
    assert.throws(() => networkFromForm({ timeout: 'soon' }), /seconds/);
  });
});
