/**
 * The models.dev catalog in the real extension host: served from a loopback server through
 * the switchboard.catalog.url setting, used by Add Model from Catalog (the command, with and
 * without the QuickPick), then the server is stopped and the TTL set to 0: the stale cache
 * must still serve, with a visible warning that names the cause.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension/testingApi';
import { addProvider } from '../../src/providers/operations';
import { resetStore, switchboard } from './helpers';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const small = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'catalog', 'small.json'), 'utf8');

async function serve(body: string): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    if (req.url === '/api.json') res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api.json`;
  return { url, requests: () => requests, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

async function setCatalog(url: string | undefined, ttlMinutes: number | undefined): Promise<void> {
  const config = vscode.workspace.getConfiguration('switchboard.catalog');
  await config.update('url', url, vscode.ConfigurationTarget.Global);
  await config.update('ttlMinutes', ttlMinutes, vscode.ConfigurationTarget.Global);
}

describe('models.dev catalog (extension host)', () => {
  let api: TestingApi;
  let server: Awaited<ReturnType<typeof serve>> | undefined;
  before(async () => {
    api = await switchboard();
    await resetStore(api);
  });
  after(async () => {
    await server?.close();
    await setCatalog(undefined, undefined);
    await resetStore(api);
  });

  it('is not touched by activation', () => {
    assert.equal(api.services.catalog.started, false, 'no catalog service before first use');
    const storage = path.join(api.context.globalStorageUri.fsPath, 'catalog');
    assert.equal(fs.existsSync(path.join(storage, 'meta.json')), false);
  });

  it('contributes its settings with their defaults', () => {
    const config = vscode.workspace.getConfiguration('switchboard.catalog');
    assert.equal(config.inspect('url')?.defaultValue, 'https://models.dev/api.json');
    assert.equal(config.inspect('ttlMinutes')?.defaultValue, 120);
  });

  it('adds a model from the catalog with its metadata, through the command', async () => {
    server = await serve(small);
    await setCatalog(server.url, 120);
    const { store } = api.services;
    await store.apply(addProvider({ name: 'Claude', type: 'anthropic' }), 'add');
    const ref = await vscode.commands.executeCommand('switchboard.addModelFromCatalog', 'claude', { section: 'anthropic', model: 'claude-sonnet-4-5-20250929' });
    assert.equal(ref, 'claude/claude-sonnet-4-5-20250929');
    const model = store.provider('claude')!.models[0];
    assert.deepEqual(
      { ...model },
      {
        id: 'claude-sonnet-4-5-20250929',
        displayName: 'Claude Sonnet 4.5',
        contextLimit: 200_000,
        maxOutputTokens: 64_000,
        compressionThreshold: 70,
        kind: 'chat',
        reasoning: true,
        modalities: { input: ['text', 'image', 'pdf'], output: ['text'] },
        reasoningControls: { budget: { min: 1024 } },
      },
    );
    assert.equal(server.requests(), 1);
    const storage = path.join(api.context.globalStorageUri.fsPath, 'catalog');
    assert.equal(fs.readFileSync(path.join(storage, 'catalog.json'), 'utf8'), small, 'the body is cached in global storage');
    assert.equal(JSON.parse(fs.readFileSync(path.join(storage, 'meta.json'), 'utf8')).url, server.url);
    assert.ok(fs.existsSync(path.join(storage, 'catalog.compact.json')), 'and the validated compact copy beside it');
  });

  it('a later window reads the validated compact copy; a damaged one falls back to the body, with a warning', async () => {
    const storage = path.join(api.context.globalStorageUri.fsPath, 'catalog');
    const settings = () => ({ url: server!.url, ttlMinutes: 120 });
    const later = api.services.catalog.newService({ storageDir: storage, settings });
    const damaged = api.services.catalog.newService({ storageDir: storage, settings });
    try {
      const snapshot = await later.get();
      assert.equal(later.cacheRead, 'compact');
      assert.equal(snapshot.index.match('claude-sonnet-4-5', { section: 'anthropic' })?.model.maxOutputTokens, 64_000);
      const compact = path.join(storage, 'catalog.compact.json');
      fs.writeFileSync(compact, fs.readFileSync(compact, 'utf8').slice(0, 1000));
      assert.equal((await damaged.get()).index.catalog.modelCount, 15);
      assert.equal(damaged.cacheRead, 'body');
      await damaged.cacheWritten;
      assert.ok(fs.readFileSync(compact, 'utf8').length > 1000, 'the compact copy is written anew');
      assert.equal(server!.requests(), 1, 'nothing downloaded');
    } finally {
      later.dispose();
      damaged.dispose();
    }
  });

  it('offers the provider’s section in a QuickPick and adds the pick (30% compression at 1M context)', async () => {
    const { store } = api.services;
    await store.apply(addProvider({ name: 'DeepSeek', type: 'deepseek' }), 'add');
    const added = vscode.commands.executeCommand('switchboard.addModelFromCatalog', 'deepseek');
    await new Promise((r) => setTimeout(r, 500));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.equal(await added, 'deepseek/deepseek-chat');
    const model = store.provider('deepseek')!.models[0];
    assert.deepEqual([model.contextLimit, model.compressionThreshold, model.maxOutputTokens], [1_000_000, 30, 384_000]);
    assert.equal(server!.requests(), 1, 'served from memory while fresh');
  });

  it('serves the stale cache when the server is gone, with a warning naming the cause', async () => {
    await server!.close();
    await setCatalog(server!.url, 0);
    const service = api.services.catalog.service();
    const before = service.warnings.length;
    const { store } = api.services;
    const ref = await vscode.commands.executeCommand('switchboard.addModelFromCatalog', 'claude', { section: 'anthropic', model: 'claude-opus-4-1-20250805' });
    assert.equal(ref, 'claude/claude-opus-4-1-20250805', 'the stale copy still serves');
    assert.equal(store.provider('claude')!.models[1].maxOutputTokens, 32_000);
    await service.backgroundRefresh;
    const warning = service.warnings.slice(before).join('\n');
    assert.match(warning, /could not refresh the model catalog from 127\.0\.0\.1:\d+: connection refused \(.*ECONNREFUSED.*\)\. Using the cached copy from/);
  });

  it('with no cache at all, says so clearly instead of an empty list', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-catalog-empty-'));
    const service = api.services.catalog.newService({ storageDir: dir, settings: () => ({ url: server!.url, ttlMinutes: 120 }) });
    try {
      await assert.rejects(service.get(), /no model catalog yet: downloading http:\/\/127\.0\.0\.1:\d+\/api\.json failed \(connection refused.*\), and there is no cached copy/);
    } finally {
      service.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a malformed catalog download keeps the last good copy and says why', async () => {
    const broken = await serve(small.slice(0, 3000));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-catalog-bad-'));
    let url = broken.url;
    const good = await serve(small);
    const warnings: string[] = [];
    const service = api.services.catalog.newService({ storageDir: dir, settings: () => ({ url, ttlMinutes: 0 }), warn: (m) => warnings.push(m) });
    try {
      url = good.url;
      assert.equal((await service.get()).index.catalog.modelCount, 15);
      url = broken.url;
      const snapshot = await service.get();
      assert.equal(snapshot.state, 'stale');
      assert.equal(snapshot.index.catalog.modelCount, 15);
      assert.match(warnings.join('\n'), /unusable: The catalog is not valid JSON/);
    } finally {
      service.dispose();
      await broken.close();
      await good.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
