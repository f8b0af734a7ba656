/**
 * Revert of a file someone changed after Switchboard wrote it: only Switchboard's keys go
 * back, the other changes stay; an unchanged file gets its exact original back.
 */
import * as assert from 'node:assert/strict';
import { applyEdits, type EditRequest } from '../../src/agents/edit/applyEdits';
import { backupPathFor, listBackups } from '../../src/agents/edit/backups';
import { revert } from '../../src/agents/edit/revert';
import { MemoryFileSystem } from '../fakes/memoryFs';

const BACKUPS = '/storage/backups';

function request(file: string, format: EditRequest['format'], edits: EditRequest['edits'], mode?: number): EditRequest {
  return { file, format, edits, backupDir: BACKUPS, ...(mode !== undefined ? { mode } : {}) };
}

describe('agents/edit revert of a file changed since Switchboard wrote it', () => {
  it('restores the exact bytes and mode of an unchanged file, after several applies', async () => {
    const fs = new MemoryFileSystem();
    const file = '/home/u/.codex/config.toml';
    const original = '# mine\r\nmodel   = "o3"   # tuned\r\n';
    fs.seed(file, original, 0o644);
    await applyEdits(fs, request(file, 'toml', [{ path: ['model'], value: 'a' }], 0o600));
    await applyEdits(fs, request(file, 'toml', [{ path: ['model'], value: 'b' }, { path: ['model_provider'], value: 'sb' }], 0o600));
    const [backup] = await listBackups(fs, BACKUPS);
    assert.deepEqual(backup!.paths, [['model'], ['model_provider']], 'the union of the keys of every apply');
    assert.deepEqual(await revert(fs, BACKUPS, file), { outcome: 'restored' });
    assert.equal(fs.text(file), original);
    assert.equal(await fs.statMode(file), 0o644);
    assert.deepEqual(await listBackups(fs, BACKUPS), []);
  });

  it('JSONC: undoes only Switchboard\'s keys, keeping a theme change, a new key, comments and the original value of a key it deleted', async () => {
    const fs = new MemoryFileSystem();
    const file = '/home/u/.claude/settings.json';
    fs.seed(file, '{\n  // my settings\n  "theme": "light",\n  "apiKeyHelper": "~/bin/key", // mine\n  "env": {\n    "HTTPS_PROXY": "http://proxy:3128"\n  }\n}\n');
    await applyEdits(fs, request(file, 'json', [
      { path: ['env', 'ANTHROPIC_BASE_URL'], value: 'http://127.0.0.1:9' },
      { path: ['env', 'ANTHROPIC_MODEL'], value: 'claude-sonnet-4-5' },
      { path: ['apiKeyHelper'], value: undefined },
    ]));
    // Then the user (or Claude Code) edits the file.
    fs.seed(file, fs.text(file)!.replace('"light"', '"dark" /* changed */').replace('"env": {', '"env": {\n    "MINE": "1",'));
    assert.deepEqual(await revert(fs, BACKUPS, file), { outcome: 'keys-undone' });
    assert.equal(
      fs.text(file),
      '{\n  // my settings\n  "theme": "dark" /* changed */,\n  "env": {\n    "MINE": "1",\n    "HTTPS_PROXY": "http://proxy:3128"\n  },\n  "apiKeyHelper": "~/bin/key"\n}\n',
    );
    assert.deepEqual(await listBackups(fs, BACKUPS), []);
  });

  it('TOML: keeps a table the agent added (codex mcp add) and the comments, removing Switchboard\'s table and keys', async () => {
    const fs = new MemoryFileSystem();
    const file = '/home/u/.codex/config.toml';
    fs.seed(file, '# Codex\nmodel = "o3" # mine\n\n[tui]\nnotifications = true\n');
    await applyEdits(fs, request(file, 'toml', [
      { path: ['model'], value: 'gpt-5' },
      { path: ['model_provider'], value: 'switchboard-lab' },
      { path: ['model_providers', 'switchboard-lab', 'base_url'], value: 'http://127.0.0.1:9/v1' },
      { path: ['model_providers', 'switchboard-lab', 'wire_api'], value: 'responses' },
    ]));
    fs.seed(file, `${fs.text(file)}\n# added by codex mcp add\n[mcp_servers.docs]\ncommand = "docs-mcp"\n`);
    assert.deepEqual(await revert(fs, BACKUPS, file), { outcome: 'keys-undone' });
    assert.equal(fs.text(file), '# Codex\nmodel = "o3" # mine\n\n[tui]\nnotifications = true\n\n# added by codex mcp add\n[mcp_servers.docs]\ncommand = "docs-mcp"\n');
  });

  it('YAML: removes Switchboard\'s list item, keeps the user\'s new item and a default the user changed since', async () => {
    const fs = new MemoryFileSystem();
    const file = '/home/u/.continue/config.yaml';
    fs.seed(file, 'name: Mine # my config\nmodels:\n  - name: Local\n    provider: ollama\n');
    const item = { key: 'name', prefix: 'Switchboard' };
    await applyEdits(fs, request(file, 'yaml', [
      { path: ['name'], value: 'Local Config', ifMissing: true },
      { path: ['version'], value: '1.0.0', ifMissing: true },
      { path: ['models', item], value: { name: 'Switchboard: coder', provider: 'openai' } },
    ]));
    const [backup] = await listBackups(fs, BACKUPS);
    assert.deepEqual(backup!.paths, [['version'], ['models', item]], 'a default that changed nothing is not Switchboard\'s key');
    // Continue writes its own state; the user adds a model and renames the config.
    fs.seed(file, fs.text(file)!.replace('name: Mine', 'name: Renamed').replace('version:', '  - name: Cloud # new\n    provider: anthropic\nversion:'));
    assert.deepEqual(await revert(fs, BACKUPS, file), { outcome: 'keys-undone' });
    assert.equal(fs.text(file), 'name: Renamed # my config\nmodels:\n  - name: Local\n    provider: ollama\n  - name: Cloud # new\n    provider: anthropic\n');
  });

  it('a file that did not exist keeps what the agent added since (gemini mcp add), without Switchboard\'s keys or the parents it made', async () => {
    const fs = new MemoryFileSystem();
    const file = '/home/u/.gemini/settings.json';
    await applyEdits(fs, request(file, 'json', [
      { path: ['model', 'name'], value: 'gemini-2.5-pro' },
      { path: ['security', 'auth', 'selectedType'], value: 'gemini-api-key' },
    ]));
    fs.seed(file, fs.text(file)!.replace(/\n}\n$/, ',\n  "mcpServers": {\n    "docs": { "command": "docs-mcp" }\n  }\n}\n'));
    assert.deepEqual(await revert(fs, BACKUPS, file), { outcome: 'keys-undone' });
    assert.equal(fs.text(file), '{\n  "mcpServers": {\n    "docs": { "command": "docs-mcp" }\n  }\n}\n');
  });

  it('a file that did not exist, changed since but holding nothing else, is deleted', async () => {
    const fs = new MemoryFileSystem();
    const file = '/home/u/.gemini/settings.json';
    await applyEdits(fs, request(file, 'json', [{ path: ['model', 'name'], value: 'gemini-2.5-pro' }]));
    // Re-saved by a tool with its own layout: other bytes, nothing of the user's.
    fs.seed(file, '{"model":{"name":"gemini-2.5-pro"}}');
    assert.deepEqual(await revert(fs, BACKUPS, file), { outcome: 'deleted' });
    assert.equal(await fs.exists(file), false);
    // TOML and YAML alike.
    for (const [name, format, text] of [['/home/u/a.toml', 'toml', '[model_providers.sb]\nname = "x"\n\n'], ['/home/u/a.yaml', 'yaml', 'models:\n- name: Switchboard x\n']] as const) {
      await applyEdits(fs, request(name, format, format === 'toml' ? [{ path: ['model_providers', 'sb', 'name'], value: 'x' }] : [{ path: ['models', { key: 'name', prefix: 'Switchboard' }], value: { name: 'Switchboard x' } }]));
      fs.seed(name, text);
      assert.deepEqual(await revert(fs, BACKUPS, name), { outcome: 'deleted' }, format);
      assert.equal(await fs.exists(name), false, format);
    }
  });

  it('leaves a file that changed since and no longer parses untouched, says so, and keeps the backup for another try', async () => {
    const fs = new MemoryFileSystem();
    const file = '/home/u/.qwen/settings.json';
    fs.seed(file, '{ "theme": "light" }\n');
    await applyEdits(fs, request(file, 'json', [{ path: ['model', 'name'], value: 'qwen3-coder' }]));
    const broken = fs.text(file)!.replace('"theme"', 'theme');
    fs.seed(file, broken);
    const writes = fs.writes.length;
    const result = await revert(fs, BACKUPS, file);
    assert.equal(result.outcome, 'left-unparseable');
    assert.match(result.detail!, /settings\.json:\d+:\d+: cannot parse/);
    assert.equal(fs.text(file), broken);
    assert.equal(fs.writes.length, writes, 'nothing written');
    assert.equal((await listBackups(fs, BACKUPS)).length, 1, 'the backup stays');
    fs.seed(file, broken.replace('theme', '"theme"').replace('"light"', '"dark"'));
    assert.deepEqual(await revert(fs, BACKUPS, file), { outcome: 'keys-undone' });
    assert.equal(fs.text(file), '{ "theme": "dark" }\n');
  });

  it('leaves a file alone when a key cannot be set back (its parent is now a scalar)', async () => {
    const fs = new MemoryFileSystem();
    const file = '/home/u/.claude/settings.json';
    fs.seed(file, '{ "env": { "ANTHROPIC_MODEL": "mine" } }\n');
    await applyEdits(fs, request(file, 'json', [{ path: ['env', 'ANTHROPIC_MODEL'], value: 'sb' }]));
    fs.seed(file, '{ "env": "replaced" }\n');
    const result = await revert(fs, BACKUPS, file);
    assert.equal(result.outcome, 'left-conflicting');
    assert.equal(fs.text(file), '{ "env": "replaced" }\n');
    assert.equal((await listBackups(fs, BACKUPS)).length, 1);
  });

  it('an earlier version\'s backup (no hash, no keys): the original comes back, and a file changed since is kept beside the backup', async () => {
    const fs = new MemoryFileSystem();
    const file = '/home/u/.codex/config.toml';
    const location = backupPathFor(BACKUPS, file);
    const old = (original: string) => JSON.stringify({ path: file, original, mode: 0o644, time: '2025-01-01T00:00:00.000Z' });
    fs.seed(location, old(Buffer.from('model = "o3"\n').toString('base64')), 0o600);
    fs.seed(file, 'model = "sb"\n[mcp_servers.docs]\ncommand = "docs-mcp"\n', 0o600);
    const result = await revert(fs, BACKUPS, file, new Date('2025-06-01T10:00:00Z'));
    assert.equal(result.outcome, 'replaced-kept-copy');
    assert.equal(result.detail, location.replace(/\.json$/, '.replaced-2025-06-01T10-00-00-000Z-config.toml'));
    assert.equal(fs.text(file), 'model = "o3"\n');
    assert.equal(await fs.statMode(file), 0o644);
    assert.equal(fs.text(result.detail!), 'model = "sb"\n[mcp_servers.docs]\ncommand = "docs-mcp"\n');
    assert.equal(await fs.statMode(result.detail!), 0o600, 'the copy may hold a key');
    assert.deepEqual(await listBackups(fs, BACKUPS), []);

    // A file that did not exist: deleted, with the copy kept.
    fs.seed(location, old('absent'), 0o600);
    fs.seed(file, 'model = "sb"\n');
    assert.equal((await revert(fs, BACKUPS, file)).outcome, 'replaced-kept-copy');
    assert.equal(await fs.exists(file), false);
  });

  it('an earlier version\'s backup taken over by a new apply: exact restore while unchanged, the kept copy once changed', async () => {
    const fs = new MemoryFileSystem();
    const file = '/home/u/.codex/config.toml';
    const location = backupPathFor(BACKUPS, file);
    const record = JSON.stringify({ path: file, original: Buffer.from('model = "o3"\n').toString('base64'), time: '2025-01-01T00:00:00.000Z' });
    fs.seed(location, record, 0o600);
    fs.seed(file, 'model = "old-sb"\n');
    await applyEdits(fs, request(file, 'toml', [{ path: ['model'], value: 'sb' }]));
    const [backup] = await listBackups(fs, BACKUPS);
    assert.equal(backup!.paths, undefined, 'the earlier version\'s keys are unknown, so none are claimed');
    assert.equal(Buffer.from(backup!.original, 'base64').toString(), 'model = "o3"\n', 'the first original stays');
    assert.deepEqual(await revert(fs, BACKUPS, file), { outcome: 'restored' });
    assert.equal(fs.text(file), 'model = "o3"\n');

    fs.seed(location, record, 0o600);
    fs.seed(file, 'model = "old-sb"\n');
    await applyEdits(fs, request(file, 'toml', [{ path: ['model'], value: 'sb' }]));
    fs.seed(file, 'model = "sb"\ntheme = "dark"\n');
    assert.equal((await revert(fs, BACKUPS, file)).outcome, 'replaced-kept-copy');
  });

  it('a file deleted since Switchboard wrote it: the original comes back (nothing of anyone\'s is lost)', async () => {
    const fs = new MemoryFileSystem();
    const file = '/home/u/.codex/config.toml';
    fs.seed(file, 'model = "o3"\n');
    await applyEdits(fs, request(file, 'toml', [{ path: ['model'], value: 'sb' }]));
    await fs.remove(file);
    assert.deepEqual(await revert(fs, BACKUPS, file), { outcome: 'restored' });
    assert.equal(fs.text(file), 'model = "o3"\n');
  });
});
