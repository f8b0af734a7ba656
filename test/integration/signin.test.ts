/**
 * Sign in with ChatGPT inside the real VS Code: the command runs the device flow against a
 * real OAuth server on loopback (oidc-provider), the test plays the user at its verification
 * page, and the tokens land in SecretStorage only. Then Sign Out revokes and deletes them.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension/testingApi';
import { signInSecretKeyFor } from '../../src/extension/store/store';
import { parseTokenSet } from '../../src/providers/oauth/tokenSet';
import { addProvider } from '../../src/providers/operations';
import { startIssuer, testClientId, type TestIssuer } from '../fixtures/oidcIssuer';
import { resetStore, switchboard } from './helpers';

describe('Sign in with ChatGPT (device flow against oidc-provider on loopback)', function () {
  this.timeout(30_000);
  let api: TestingApi;
  let issuer: TestIssuer;
  let approvals: vscode.Disposable | undefined;
  const config = () => vscode.workspace.getConfiguration('switchboard.chatgpt');

  before(async () => {
    api = await switchboard();
    issuer = await startIssuer({ interval: 1 });
    await config().update('issuer', issuer.issuer, vscode.ConfigurationTarget.Global);
    await config().update('clientId', testClientId, vscode.ConfigurationTarget.Global);
  });
  beforeEach(async () => {
    await resetStore(api);
    // The test is the user: whenever the command shows a code, approve it at the verification page.
    approvals = api.services.signIn.onDidShowCode((shown) => {
      assert.ok(shown.verificationUri.startsWith(issuer.issuer));
      void issuer.approve(shown.userCode).catch((error) => console.error('approval failed', error));
    });
  });
  afterEach(() => approvals?.dispose());
  after(async () => {
    await config().update('issuer', undefined, vscode.ConfigurationTarget.Global);
    await config().update('clientId', undefined, vscode.ConfigurationTarget.Global);
    await resetStore(api);
    await issuer.close();
  });

  it('creates a Codex provider when there is none, keeps the tokens in SecretStorage only, and signs out', async () => {
    const { store, signIn } = api.services;
    const id = await vscode.commands.executeCommand<string | undefined>('switchboard.signInWithChatGpt');
    assert.ok(id, 'the command resolves to the provider signed in');
    const provider = store.provider(id);
    assert.equal(provider?.type, 'codex');
    assert.equal(provider?.name, 'ChatGPT');
    assert.equal(store.isUsable(provider!), true, 'signed in means usable');

    const secret = await api.context.secrets.get(signInSecretKeyFor(id));
    const tokens = parseTokenSet(secret);
    assert.ok(tokens?.accessToken && tokens.refreshToken, 'a token set in SecretStorage');
    assert.equal(tokens.issuer, issuer.issuer);
    assert.equal(await issuer.isActive(tokens.accessToken), true);
    // Nowhere else: not globalState, not settings.
    const state = JSON.stringify(api.context.globalState.keys().map((k) => api.context.globalState.get(k)));
    const settings = JSON.stringify(vscode.workspace.getConfiguration('switchboard'));
    for (const token of [tokens.accessToken, tokens.refreshToken]) {
      assert.ok(!state.includes(token), 'no token in globalState');
      assert.ok(!settings.includes(token), 'no token in settings');
    }
    assert.equal(await signIn.getAccessToken(id), tokens.accessToken);

    const signedOut = await vscode.commands.executeCommand<string | undefined>('switchboard.signOutOfChatGpt');
    assert.equal(signedOut, id);
    assert.equal(await api.context.secrets.get(signInSecretKeyFor(id)), undefined);
    assert.equal(store.isUsable(store.provider(id)!), false);
    assert.equal(await issuer.isActive(tokens.accessToken), false, 'revoked at the server');
    assert.equal(await issuer.isActive(tokens.refreshToken), false);
  });

  it('signs in the Codex provider it is given, leaving the others alone', async () => {
    const { store } = api.services;
    await store.apply(addProvider({ name: 'OpenAI', type: 'openai' }), 'add');
    const codex = await store.apply(addProvider({ name: 'Work Codex', type: 'codex' }), 'add');
    const id = await vscode.commands.executeCommand<string | undefined>('switchboard.signInWithChatGpt', codex.id);
    assert.equal(id, codex.id);
    assert.equal(store.document.providers.length, 2, 'no provider created');
    assert.equal(store.secrets.hasKey(codex.id), true);
    assert.equal(store.secrets.hasKey('openai'), false);
    assert.equal(await api.context.secrets.get(signInSecretKeyFor('openai')), undefined);
  });
});
