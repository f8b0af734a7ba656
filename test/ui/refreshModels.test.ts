/**
 * Refresh Models from the settings panel, as a user would: the provider row's button lists
 * what a loopback OpenAI-compatible double serves (with the key, over GET /v1/models), the
 * user picks in VS Code's own list, and the models appear in the panel. Then an embedding
 * model's Test Connection from its row (one embeddings call to the double), and a catalog
 * model's form offering only the effort values the catalog gives it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { panel } from '../harness/panelFrame';
import { repoRoot } from '../harness/paths';
import { quickInput } from '../harness/quickInput';
import { useWorkbench } from '../harness/uiFixture';
import { notification, runCommand } from '../harness/workbench';
import { embeddingDimensions } from '../upstreams/embeddings';
import { startUpstream, type Upstream } from '../upstreams/server';

const key = 'sk-ui-refresh-LEAKCHECK-41c9';

/** "Switchboard: Add Provider" as a user runs it: a provider named Lab, every agent step left as offered. */
async function addLabFromPalette(page: Page, type: string, baseUrl: string, apiKey: string): Promise<void> {
  await runCommand(page, 'Switchboard: Add Provider');
  for (const [step, text] of [['1/5', type], ['2/5', 'Lab'], ['3/5', baseUrl], ['4/5', apiKey]]) {
    await quickInput.waitOpen(page, { title: `(${step})` });
    await quickInput.type(page, text);
    await quickInput.enter(page);
  }
  await quickInput.waitOpen(page, { title: '(5/5)' });
  await quickInput.enter(page);
  await notification(page, 'Added provider “Lab”');
}

describe('Refresh Models from the panel (UI)', function () {
  this.timeout(150_000);
  let up: Upstream;
  before(async () => (up = await startUpstream({ protocols: ['openai-chat'], models: ['lab-coder-32b', 'lab-mini'] })));
  after(async () => up?.close());
  const wb = useWorkbench({ label: 'ui-refresh', waitFor: async (page) => void (await page.locator('.statusbar-item', { hasText: 'Add a provider' }).waitFor({ timeout: 60_000 })) });

  it('lists the served models with the key, and adds the ones picked', async () => {
    const { page } = wb();
    await addLabFromPalette(page, 'OpenAI-compatible', `${up.url}/v1`, key);

    await wb().runCommand('Switchboard: Manage Providers');
    const frame = panel(page);
    await frame.getByTestId('refresh-models-lab').click();
    await quickInput.waitOpen(page, { title: 'Add models to “Lab”' });
    assert.deepEqual((await quickInput.rows(page)).sort(), ['lab-coder-32b', 'lab-mini']);
    await quickInput.toggleRows(page, ['lab-coder-32b']);
    await quickInput.ok(page);
    await frame.getByTestId('provider-row-lab').filter({ hasText: '1 model' }).waitFor();

    const listed = up.requests.filter((r) => r.method === 'GET' && r.path === '/v1/models');
    assert.ok(listed.length >= 1, 'the double was asked for its list');
    assert.ok(listed.every((r) => r.apiKey === key), 'with the key');
  });
});

/** The catalog fixture served as models.dev serves api.json, on loopback. */
async function serveCatalog(): Promise<{ url: string; close: () => Promise<void> }> {
  const body = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'catalog', 'small.json'), 'utf8');
  const server = http.createServer((req, res) => (req.url === '/api.json' ? res.writeHead(200, { 'content-type': 'application/json' }).end(body) : res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api.json`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe('embedding Test Connection and catalog reasoning choices in the panel (UI)', function () {
  this.timeout(150_000);
  const embedKey = 'sk-ui-embed-LEAKCHECK-8d2f';
  let up: Upstream;
  let catalog: Awaited<ReturnType<typeof serveCatalog>>;
  // Filled in before the workbench starts (hooks run in order). The catalog URL is machine-overridable, which a
  // remote window reads from the machine or the workspace, not the user settings: the workspace's, then.
  const files: Record<string, string> = {};
  before(async () => {
    up = await startUpstream({ protocols: ['openai-chat'], models: ['text-embedding-3-small'], expectedKey: embedKey });
    catalog = await serveCatalog();
    files['.vscode/settings.json'] = JSON.stringify({ 'switchboard.catalog.url': catalog.url });
  });
  after(async () => {
    await up?.close();
    await catalog?.close();
  });
  const wb = useWorkbench({ label: 'ui-embed', files, waitFor: async (page) => void (await page.locator('.statusbar-item', { hasText: 'Add a provider' }).waitFor({ timeout: 60_000 })) });

  it('tests an embedding model from its row: one embeddings call, and the answer in the panel', async () => {
    const { page } = wb();
    await addLabFromPalette(page, 'OpenAI', `${up.url}/v1`, embedKey);

    await wb().runCommand('Switchboard: Manage Providers');
    const frame = panel(page);
    await frame.getByTestId('refresh-models-lab').click();
    await quickInput.waitOpen(page, { title: 'Add models to “Lab”' });
    await quickInput.toggleRows(page, ['text-embedding-3-small']);
    await quickInput.ok(page);
    await frame.getByTestId('provider-row-lab').filter({ hasText: '1 model' }).waitFor();

    await frame.getByTestId('tab-models').click();
    await frame.getByTestId('test-model-lab/text-embedding-3-small').click();
    await frame.getByTestId('message').filter({ hasText: `embedded a word (${embeddingDimensions} dimensions)` }).waitFor({ timeout: 30_000 });
    await wb().screenshot('panel-embedding-test');
    const call = await up.waitFor((r) => r.embedding === true, 5000);
    assert.deepEqual([call.method, call.path, call.model, call.apiKey], ['POST', '/v1/embeddings', 'text-embedding-3-small', embedKey]);
  });

  it('offers only the catalog model\'s effort values in its form', async () => {
    const { page } = wb();
    await wb().runCommand('Switchboard: Add Model from Catalog');
    await quickInput.waitOpen(page, { title: 'Add Model from Catalog to “Lab”' });
    await quickInput.type(page, 'gpt-5');
    await quickInput.selectRow(page, 'GPT-5');
    const frame = panel(page);
    await frame.getByTestId('model-row-lab/gpt-5').waitFor();
    await frame.getByTestId('edit-model-lab/gpt-5').click();
    await frame.getByTestId('model-form').waitFor();
    const effort = frame.getByTestId('field-options.reasoningEffort');
    await effort.waitFor();
    // The catalog's reasoning_options for gpt-5: effort minimal, low, medium, high (the family has seven values).
    assert.deepEqual((await effort.locator('vscode-option').allTextContents()).map((t) => t.trim()), ['Default', 'minimal', 'low', 'medium', 'high']);
    await wb().screenshot('panel-model-form-narrowed-effort');
    await frame.getByTestId('cancel').click();
  });
});
