import * as assert from 'node:assert/strict';
import { applyEdits, planEdits } from '../../src/agents/edit/applyEdits';
import { backupPathFor, listBackups } from '../../src/agents/edit/backups';
import { revert } from '../../src/agents/edit/revert';
import { ConfigParseError } from '../../src/agents/edit/editTypes';
import { MemoryFileSystem } from '../fakes/memoryFs';

const FILE = '/home/u/.codex/config.toml';
const BACKUPS = '/storage/backups';
const ORIGINAL = '# mine\nmodel = "o3"\n';
const request = { file: FILE, format: 'toml' as const, backupDir: BACKUPS, edits: [{ path: ['model'], value: 'sb' }] };

describe('agents/edit applyEdits, backups and revert', () => {
  it('plans without writing, then applies with one backup of the original', async () => {
    const fs = new MemoryFileSystem();
    fs.seed(FILE, ORIGINAL, 0o640);
    const plan = await planEdits(fs, request);
    assert.deepEqual(plan, { changed: true, before: ORIGINAL, after: '# mine\nmodel = "sb"\n' });
    assert.deepEqual(fs.writes, []);
    const applied = await applyEdits(fs, request);
    assert.deepEqual(applied, plan);
    assert.equal(fs.text(FILE), plan.after);
    assert.equal(await fs.statMode(FILE), 0o640, 'mode kept');
    assert.equal(await fs.statMode(backupPathFor(BACKUPS, FILE)), 0o600, 'backups may hold keys');
  });

  it('never replaces the first backup, and a second identical apply writes nothing', async () => {
    const fs = new MemoryFileSystem();
    fs.seed(FILE, ORIGINAL);
    await applyEdits(fs, request);
    const writes = fs.writes.length;
    assert.equal((await applyEdits(fs, request)).changed, false);
    assert.equal(fs.writes.length, writes);
    await applyEdits(fs, { ...request, edits: [{ path: ['model'], value: 'other' }] });
    const [backup] = await listBackups(fs, BACKUPS);
    assert.equal(Buffer.from(backup!.original, 'base64').toString(), ORIGINAL);
    assert.equal((await revert(fs, BACKUPS, FILE)).outcome, 'restored');
    assert.equal(fs.text(FILE), ORIGINAL);
    assert.deepEqual(await listBackups(fs, BACKUPS), []);
    assert.equal((await revert(fs, BACKUPS, FILE)).outcome, 'no-backup');
  });

  it('creates a missing file (and its folder), and revert deletes it again', async () => {
    const fs = new MemoryFileSystem();
    const file = '/home/u/.new-agent/settings.json';
    const plan = await applyEdits(fs, { file, format: 'json', backupDir: BACKUPS, edits: [{ path: ['a'], value: 1 }], mode: 0o600 });
    assert.equal(plan.before, '');
    assert.equal(fs.text(file), '{\n  "a": 1\n}\n');
    assert.equal(await fs.statMode(file), 0o600);
    const [backup] = await listBackups(fs, BACKUPS);
    assert.equal(backup!.original, 'absent');
    assert.equal(backup!.path, file);
    assert.equal((await revert(fs, BACKUPS, file)).outcome, 'deleted');
    assert.equal(await fs.exists(file), false);
  });

  it('restores the original mode on revert and tightens the mode when asked', async () => {
    const fs = new MemoryFileSystem();
    fs.seed(FILE, ORIGINAL, 0o644);
    await applyEdits(fs, { ...request, mode: 0o600 });
    assert.equal(await fs.statMode(FILE), 0o600);
    await revert(fs, BACKUPS, FILE);
    assert.equal(await fs.statMode(FILE), 0o644);
  });

  it('keeps a byte-order mark and refuses files that are not UTF-8', async () => {
    const fs = new MemoryFileSystem();
    fs.seed(FILE, '\uFEFFmodel = "o3"\n');
    assert.equal((await applyEdits(fs, request)).after, '\uFEFFmodel = "sb"\n');
    fs.seed('/x/bad.json', new Uint8Array([0x7b, 0xff, 0x7d]));
    await assert.rejects(applyEdits(fs, { ...request, file: '/x/bad.json', format: 'json' }), /not UTF-8/);
  });

  it('leaves a broken file and the backups untouched', async () => {
    const fs = new MemoryFileSystem();
    fs.seed(FILE, 'model = \n');
    await assert.rejects(applyEdits(fs, request), ConfigParseError);
    assert.equal(fs.text(FILE), 'model = \n');
    assert.deepEqual(fs.writes, []);
    assert.deepEqual(await listBackups(fs, BACKUPS), []);
  });

  it('lists backups of several files, oldest first', async () => {
    const fs = new MemoryFileSystem();
    fs.seed(FILE, ORIGINAL);
    fs.seed('/home/u/.aider.conf.yml', 'model: x\n');
    await applyEdits(fs, request);
    await applyEdits(fs, { file: '/home/u/.aider.conf.yml', format: 'yaml', backupDir: BACKUPS, edits: [{ path: ['model'], value: 'y' }] });
    fs.seed(`${BACKUPS}/notes.txt`, 'not a backup');
    const listed = await listBackups(fs, BACKUPS);
    assert.deepEqual(listed.map((b) => b.path).sort(), ['/home/u/.aider.conf.yml', FILE].sort());
  });
});
