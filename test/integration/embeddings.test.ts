/**
 * The embedding model in the real extension host: Set Embedding Model with arguments, the
 * ref in the panel's state message, the status-bar picker leaving embedding models out, and
 * Test Connection on the embedding model making one embeddings call to the loopback double.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { buildState } from '../../src/extension/panel/state';
import type { TestingApi } from '../../src/extension/testingApi';
import type { TestOutcome } from '../../src/providers/connect/operations';
import { addModel, addProvider, removeProvider } from '../../src/providers/operations';
import { embeddingDimensions } from '../upstreams/embeddings';
import { startUpstream, type Upstream } from '../upstreams/server';
import { resetStore, switchboard } from './helpers';

const key = 'sk-embeddings-7c1e';

describe('embedding model (extension host)', function () {
  this.timeout(60_000);
  let api: TestingApi;
  let up: Upstream | undefined;

  before(async () => {
    api = await switchboard();
  });
  beforeEach(async () => resetStore(api));
  afterEach(async () => {
    await up?.close();
    up = undefined;
  });
  after(async () => resetStore(api));

  async function provider(baseUrl: string): Promise<string> {
    const { store } = api.services;
    const p = await store.apply(addProvider({ name: `Embed ${Date.now()}`, type: 'openai-compatible', baseUrl, agents: [] }), 'test: add provider');
    await store.secrets.setKey(p.id, key);
    await store.apply(addModel(p.id, { id: 'chat-model', contextLimit: 32_000 }), 'test: chat model');
    await store.apply(addModel(p.id, { id: 'embed-model', contextLimit: 8_192, kind: 'embedding' }), 'test: embedding model');
    return p.id;
  }

  it('is set and cleared by the command, shows in the state, and stays out of the status-bar picker', async () => {
    up = await startUpstream({ protocols: ['openai-chat'], expectedKey: key });
    const id = await provider(`${up.url}/v1`);
    const ref = `${id}/embed-model`;
    await vscode.commands.executeCommand('switchboard.setEmbeddingModel', ref);
    assert.equal(api.services.store.document.embeddingRef, ref);
    const state = buildState(api.services.store);
    assert.equal(state.embeddingRef, ref);
    assert.equal(state.defaultRef, `${id}/chat-model`, 'the chat default is separate');
    assert.ok(!state.usableRefs.includes(ref), 'embedding models are not picked in the status bar');
    const picked = api.pickerItems(api.services.store).flatMap((i) => ('choice' in i && i.choice ? [i.choice.ref] : []));
    assert.deepEqual(picked, [`${id}/chat-model`], 'the status-bar picker offers chat models only');

    // A chat model is refused (the error is shown, nothing changes).
    await vscode.commands.executeCommand('switchboard.setEmbeddingModel', `${id}/chat-model`);
    assert.equal(api.services.store.document.embeddingRef, ref);

    await vscode.commands.executeCommand('switchboard.setEmbeddingModel', null);
    assert.equal(api.services.store.document.embeddingRef, undefined);
    assert.equal(buildState(api.services.store).embeddingRef, undefined);
  });

  it('Test Connection on the embedding model makes one embeddings call with the model and the key', async () => {
    const u = (up = await startUpstream({ protocols: ['openai-chat'], expectedKey: key }));
    const id = await provider(`${u.url}/v1`);
    const ref = `${id}/embed-model`;
    await vscode.commands.executeCommand('switchboard.setEmbeddingModel', ref);
    const outcome = await vscode.commands.executeCommand<TestOutcome>('switchboard.testConnection', ref);
    assert.ok(outcome?.ok, JSON.stringify(outcome));
    assert.equal(outcome.via, 'embedding');
    assert.equal(outcome.dimensions, embeddingDimensions);
    const call = await u.waitFor((r) => r.embedding === true, 5000);
    assert.equal(call.method, 'POST');
    assert.equal(call.path, '/v1/embeddings');
    assert.equal(call.model, 'embed-model');
    assert.equal(call.apiKey, key);
    assert.equal(u.requests.filter((r) => r.path === '/v1/models').length, 0, 'no model list was needed');
  });

  it('removing the provider clears the embedding model', async () => {
    up = await startUpstream({ protocols: ['openai-chat'] });
    const id = await provider(`${up.url}/v1`);
    await vscode.commands.executeCommand('switchboard.setEmbeddingModel', `${id}/embed-model`);
    await api.services.store.apply(removeProvider(id), 'test: remove');
    assert.equal(api.services.store.document.embeddingRef, undefined);
  });
});
