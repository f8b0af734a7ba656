import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyEdits } from '../../src/agents/edit/applyEdits';
import { revert } from '../../src/agents/edit/revert';
import { nodeFileSystem } from '../../src/agents/edit/nodeFileSystem';

const posix = process.platform !== 'win32';

describe('agents/edit nodeFileSystem', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'sb-edit-'));
  });
  afterEach(async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  });

  it('reads a missing file as undefined and writes without leaving temp files', async () => {
    const file = path.join(dir, 'a.json');
    assert.equal(await nodeFileSystem.readFile(file), undefined);
    await nodeFileSystem.writeFileAtomic(file, new TextEncoder().encode('one'));
    await nodeFileSystem.writeFileAtomic(file, new TextEncoder().encode('two'));
    assert.equal(await fsp.readFile(file, 'utf8'), 'two');
    assert.deepEqual(await fsp.readdir(dir), ['a.json']);
  });

  it('removes temp files a killed writer left beside the file once they are old, and leaves young ones and others alone', async () => {
    const file = path.join(dir, 'settings.json');
    const old = path.join(dir, '.settings.json.0123456789ab.tmp');
    const young = path.join(dir, '.settings.json.ba9876543210.tmp');
    const otherFiles = path.join(dir, '.other.json.0123456789ab.tmp');
    const notOurs = path.join(dir, '.settings.json.backup.tmp');
    for (const f of [old, young, otherFiles, notOurs]) await fsp.writeFile(f, 'half a file');
    const hourAgo = new Date(Date.now() - 3600_000);
    for (const f of [old, otherFiles, notOurs]) await fsp.utimes(f, hourAgo, hourAgo);
    await nodeFileSystem.writeFileAtomic(file, new TextEncoder().encode('{}'));
    assert.deepEqual((await fsp.readdir(dir)).sort(), [path.basename(otherFiles), path.basename(young), path.basename(notOurs), 'settings.json'].sort());
  });

  (posix ? it : it.skip)('applies 0600 when asked and keeps an existing mode otherwise', async () => {
    const file = path.join(dir, 'auth.json');
    await nodeFileSystem.writeFileAtomic(file, new TextEncoder().encode('{}'), { mode: 0o600 });
    assert.equal((await fsp.stat(file)).mode & 0o777, 0o600);
    await nodeFileSystem.writeFileAtomic(file, new TextEncoder().encode('{"a":1}'));
    assert.equal((await fsp.stat(file)).mode & 0o777, 0o600, 'a rewrite keeps the mode');
    await fsp.chmod(file, 0o640);
    await nodeFileSystem.writeFileAtomic(file, new TextEncoder().encode('{}'));
    assert.equal((await fsp.stat(file)).mode & 0o777, 0o640);
  });

  (posix ? it : it.skip)('writes through a symlink instead of replacing it, and revert restores the target\'s bytes', async () => {
    const real = path.join(dir, 'real.toml');
    const link = path.join(dir, 'link.toml');
    const backups = path.join(dir, 'backups');
    await fsp.writeFile(real, 'model = "a"\n');
    await fsp.symlink(real, link);
    await applyEdits(nodeFileSystem, { file: link, format: 'toml', backupDir: backups, edits: [{ path: ['model'], value: 'b' }] });
    assert.ok((await fsp.lstat(link)).isSymbolicLink());
    assert.equal(await fsp.readFile(real, 'utf8'), 'model = "b"\n');
    assert.equal((await revert(nodeFileSystem, backups, link)).outcome, 'restored');
    assert.ok((await fsp.lstat(link)).isSymbolicLink(), 'still a link after revert');
    assert.equal(await fsp.readFile(real, 'utf8'), 'model = "a"\n');
  });

  (posix ? it : it.skip)('creates the target of a dangling symlink (and its folder), keeps the link, and revert deletes only the target', async () => {
    // A dotfiles repo not checked out yet: the link is the user's, the target is missing.
    const real = path.join(dir, 'dotfiles', 'codex', 'config.toml');
    const link = path.join(dir, 'home', '.codex', 'config.toml');
    const backups = path.join(dir, 'backups');
    await fsp.mkdir(path.dirname(link), { recursive: true });
    await fsp.symlink(path.relative(path.dirname(link), real), link);
    await applyEdits(nodeFileSystem, { file: link, format: 'toml', backupDir: backups, edits: [{ path: ['model'], value: 'b' }] });
    assert.ok((await fsp.lstat(link)).isSymbolicLink(), 'the link is not replaced by a regular file');
    assert.equal(await fsp.readFile(real, 'utf8'), 'model = "b"\n');
    assert.equal((await revert(nodeFileSystem, backups, link)).outcome, 'deleted');
    assert.ok((await fsp.lstat(link)).isSymbolicLink(), 'the link stays, dangling as before');
    await assert.rejects(fsp.stat(real), { code: 'ENOENT' });
    assert.deepEqual(await fsp.readdir(path.dirname(link)), ['config.toml']);
  });

  it('applies to a real file with a 0600 credential mode and reverts the exact bytes', async () => {
    const file = path.join(dir, 'nested', 'settings.json');
    const backups = path.join(dir, 'backups');
    await fsp.mkdir(path.dirname(file));
    const original = '{\r\n\t"keep": true // mine\r\n}';
    await fsp.writeFile(file, original, { mode: 0o644 });
    await applyEdits(nodeFileSystem, { file, format: 'json', backupDir: backups, mode: 0o600, edits: [{ path: ['env', 'KEY_HELPER'], value: 'sb key' }] });
    if (posix) assert.equal((await fsp.stat(file)).mode & 0o777, 0o600);
    assert.match(await fsp.readFile(file, 'utf8'), /"KEY_HELPER": "sb key"/);
    assert.equal((await revert(nodeFileSystem, backups, file)).outcome, 'restored');
    assert.equal(await fsp.readFile(file, 'utf8'), original);
    if (posix) assert.equal((await fsp.stat(file)).mode & 0o777, 0o644);
  });
});
