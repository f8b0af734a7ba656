/**
 * A key command in the panel's state, on in-memory storage with real commands in a POSIX
 * shell: while it fails the view carries why (bounded, never the command or what it printed),
 * the store announces the failure and the recovery so the panel re-posts, and a run that
 * works as the last one did announces nothing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { keyCommandProblemMax, providerViewSchema } from '../../src/protocol/messages';
import type { StoreChange } from '../../src/extension/store/store';
import { addProvider } from '../../src/providers/operations';
import { keyClearText, keyStatusOf } from '../../src/webview/lookups';
import { panelHarness } from '../fakes/panelHarness';

const key = 'sk-ant-PRINTED-BY-VAULT-0099';
const posix = process.platform !== 'win32';

describe('a key command in the panel: the protocol and the lookups', () => {
  const view = { id: 'lab', name: 'Lab', type: 'openai', agents: [], headers: {}, typeFields: {}, keyState: 'set', keyFromCommand: true, models: [], etag: 'e1' };

  it('carries a problem of bounded length', () => {
    assert.ok(providerViewSchema.safeParse({ ...view, keyCommandProblem: 'x'.repeat(keyCommandProblemMax) }).success);
    assert.ok(!providerViewSchema.safeParse({ ...view, keyCommandProblem: 'x'.repeat(keyCommandProblemMax + 1) }).success);
  });

  it('says "failing" with the problem as the title, else "from a command"; Clear names the command', () => {
    const failing = keyStatusOf({ keyState: 'set', keyFromCommand: true, keyCommandProblem: 'The key command exited with code 1: vault is locked' });
    assert.equal(failing.label, 'Key command failing ⚠');
    assert.equal(failing.failing, true);
    assert.match(failing.title ?? '', /^The key command exited with code 1: vault is locked /);
    assert.deepEqual(keyStatusOf({ keyState: 'set', keyFromCommand: true }).label, 'Key from a command ✓');
    assert.deepEqual(keyStatusOf({ keyState: 'set' }), { label: 'Key set ✓', failing: false });
    assert.equal(keyStatusOf({ keyState: 'set', keyCommandProblem: 'stale' }).failing, false, 'only a key that comes from a command');
    assert.match(keyClearText({ keyFromCommand: true }) ?? '', /key command will be removed/);
    assert.equal(keyClearText({}), undefined);
  });
});

(posix ? describe : describe.skip)('a key command in the panel: the state', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-panel-keycmd-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function setup() {
    const h = await panelHarness();
    await h.store.apply(addProvider({ name: 'Lab', type: 'anthropic', agents: [] }), 'add');
    const changes: StoreChange[] = [];
    h.store.onDidChange((c) => changes.push(c));
    const view = async () => (await h.state()).providers.find((p) => p.id === 'lab')!;
    return { ...h, changes, view };
  }

  it('shows why the command fails until it works again, and announces each change once', async () => {
    const { store, changes, view } = await setup();
    const flag = path.join(dir, 'unlocked');
    const command = `[ -f '${flag}' ] || { printf 'sk-ant-ON-STDOUT\\n'; echo 'vault is locked' >&2; exit 3; }; printf '%s\\n' ${key}`;
    await store.secrets.setKeyCommand('lab', command);
    assert.deepEqual([(await view()).keyFromCommand, (await view()).keyCommandProblem], [true, undefined]);
    changes.length = 0;

    assert.equal(await store.secrets.readKey('lab'), undefined);
    assert.deepEqual(changes, [{ kind: 'key-problem', providerId: 'lab' }], 'the panel re-posts');
    assert.equal((await view()).keyCommandProblem, 'The key command exited with code 3: vault is locked');
    assert.equal(await store.secrets.readKey('lab', { retry: true }), undefined);
    assert.equal(changes.length, 1, 'the same failure again changes nothing');

    fs.writeFileSync(flag, '');
    assert.equal(await store.secrets.readKey('lab', { retry: true }), key);
    assert.deepEqual(changes.at(-1), { kind: 'key-problem', providerId: 'lab' });
    assert.equal((await view()).keyCommandProblem, undefined);
    const settled = changes.length;
    assert.equal(await store.secrets.readKey('lab'), key);
    assert.equal(store.secrets.keyRejected('lab', { retry: true }), true);
    assert.equal(await store.secrets.readKey('lab'), key);
    assert.equal(changes.length, settled, 'reads that work post nothing');

    const state = JSON.stringify(await view());
    assert.doesNotMatch(state, /PRINTED-BY-VAULT|ON-STDOUT|unlocked|printf/, 'neither a key nor the command reaches the panel');
  });

  it('drops the problem with the command: a typed key or a cleared key leaves nothing failing', async () => {
    const { store, changes, view } = await setup();
    await store.secrets.setKeyCommand('lab', `echo 'vault is locked' >&2; exit 3`);
    await store.secrets.readKey('lab');
    assert.ok((await view()).keyCommandProblem);
    changes.length = 0;
    await store.secrets.setKey('lab', 'sk-ant-TYPED-1');
    assert.ok(changes.some((c) => c.kind === 'key-problem'), 'the failing row is re-posted');
    assert.deepEqual([(await view()).keyFromCommand, (await view()).keyCommandProblem], [undefined, undefined]);
  });

  it('shortens a long problem to the protocol’s bound', async () => {
    const { store, view } = await setup();
    await store.secrets.setKeyCommand('lab', `printf '%s\\n' ${key}`);
    store.secrets.keyCommandProblem = () => `The key command could not run: ${'e'.repeat(1000)}`;
    const problem = (await view()).keyCommandProblem ?? '';
    assert.equal(problem.length, keyCommandProblemMax);
    assert.ok(problem.endsWith('…'));
    assert.ok(providerViewSchema.safeParse(await view()).success);
  });
});
