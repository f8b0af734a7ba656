/**
 * ChatGPT sign-in against a real OAuth server on loopback (oidc-provider, device flow on):
 * our code asks for the device code, the test plays the user at the verification page, our
 * poller gets the tokens; then refresh, then sign-out with revocation. Every wait is bounded
 * and each server is closed after its test.
 */
import * as assert from 'node:assert/strict';
import { SignInService } from '../../src/extension/signin/signInService';
import { signInSecretKeyFor, Store } from '../../src/extension/store/store';
import { DeviceFlowError, pollForTokens, requestDeviceAuthorization, systemClock, type Clock } from '../../src/providers/oauth/deviceFlow';
import { discoverIssuer, type IssuerEndpoints } from '../../src/providers/oauth/discovery';
import { OAuthError, type OAuthContext } from '../../src/providers/oauth/oauthHttp';
import { isUsableTokenSet, needsRefresh, parseTokenResponse, parseTokenSet, refreshTokenSet, revokeTokenSet, tokenSetFrom, type TokenSet } from '../../src/providers/oauth/tokenSet';
import { addProvider } from '../../src/providers/operations';
import { MemoryLog, MemoryMemento, MemorySecrets } from '../fakes/memory';
import { startIssuer, testClientId, type IssuerOptions, type TestIssuer } from '../fixtures/oidcIssuer';

const client = { clientId: testClientId, scope: 'openid offline_access' };
const http = (signal?: AbortSignal): OAuthContext => ({ fetch: (url, init) => fetch(url, { ...init, signal: init.signal ?? AbortSignal.timeout(5000) }), signal });

/** Time that passes only when the poller sleeps; `onSleep` lets the test act between polls. */
function virtualClock(onSleep?: (ms: number) => Promise<void> | void): Clock & { t: number } {
  const clock = {
    t: 1_000_000,
    now: () => clock.t,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw signal.reason;
      clock.t += ms;
      await onSleep?.(ms);
    },
  };
  return clock;
}

describe('ChatGPT sign-in against a real OAuth server (oidc-provider on loopback)', function () {
  this.timeout(20_000);
  let issuer: TestIssuer | undefined;
  const start = async (options?: IssuerOptions) => (issuer = await startIssuer(options));
  afterEach(async () => {
    await issuer?.close();
    issuer = undefined;
  });

  it('discovers the device, token and revocation endpoints, and refuses metadata naming another issuer', async () => {
    const { issuer: url } = await start();
    const endpoints = await discoverIssuer(http(), url);
    assert.equal(endpoints.tokenEndpoint, `${url}/token`);
    assert.equal(endpoints.deviceAuthorizationEndpoint, `${url}/device/auth`);
    assert.equal(endpoints.revocationEndpoint, `${url}/token/revocation`);
    await assert.rejects(discoverIssuer(http(), url.replace('127.0.0.1', 'localhost')), /names another issuer/);
    await assert.rejects(discoverIssuer(http(), 'http://example.com'), /must be an https URL/);
  });

  it('runs the device flow end to end: code, user approval at the verification page, tokens', async () => {
    const server = await start({ interval: 1 });
    const endpoints = await discoverIssuer(http(), server.issuer);
    const device = await requestDeviceAuthorization(http(), endpoints, client, Date.now());
    assert.match(device.userCode, /^[A-Z]{4}-[A-Z]{4}$/);
    assert.equal(device.verificationUri, `${server.issuer}/device`);
    assert.equal(device.interval, 1);
    const polling = pollForTokens(http(), endpoints, client, device, { clock: systemClock });
    await server.approve(device.userCode);
    const tokens = await polling;
    assert.ok(tokens.accessToken && tokens.refreshToken, 'an access token and a refresh token');
    assert.equal(tokens.issuer, server.issuer);
    assert.equal(tokens.tokenEndpoint, endpoints.tokenEndpoint);
    assert.ok(tokens.expiresAt! > Date.now());
    assert.equal(await server.isActive(tokens.accessToken), true);
    assert.deepEqual(server.requests.slice(0, 2), ['GET /.well-known/openid-configuration', 'POST /device/auth']);
    assert.equal(server.tokenAnswers.at(-1), 'tokens');
  });

  it('backs off by 5 seconds on slow_down and keeps polling through authorization_pending', async () => {
    let userCode = '';
    let approved = false;
    const events: string[] = [];
    const clock = virtualClock(async () => {
      if (events.some((e) => e.startsWith('slow_down')) && !approved) {
        approved = true;
        await server.approve(userCode);
      }
    });
    // The server advertises 1 s but answers slow_down to polls less than 3 s apart (on the same virtual clock).
    const server = await start({ interval: 1, minPollSeconds: 3, now: () => clock.t });
    const endpoints = await discoverIssuer(http(), server.issuer);
    const device = await requestDeviceAuthorization(http(), endpoints, client, clock.now());
    userCode = device.userCode;
    const tokens = await pollForTokens(http(), endpoints, client, device, { clock, onPoll: (e) => events.push(`${e.result}:${e.nextIntervalSeconds}`) && undefined });
    assert.ok(tokens.accessToken);
    assert.deepEqual(server.tokenAnswers, ['authorization_pending', 'slow_down', 'tokens']);
    assert.deepEqual(events, ['pending:1', 'slow_down:6']);
  });

  it('stops with "declined" when the user aborts at the verification page (access_denied)', async () => {
    const server = await start({ interval: 1 });
    const endpoints = await discoverIssuer(http(), server.issuer);
    let userCode = '';
    const clock = virtualClock(async () => {
      if (userCode) await server.approve(userCode, { deny: true });
      userCode = '';
    });
    const device = await requestDeviceAuthorization(http(), endpoints, client, clock.now());
    userCode = device.userCode;
    await assert.rejects(pollForTokens(http(), endpoints, client, device, { clock }), (e: unknown) => e instanceof DeviceFlowError && e.reason === 'denied' && /declined/.test(e.message));
    assert.deepEqual(server.tokenAnswers, ['access_denied']);
  });

  it('stops with "expired" when the server says expired_token, and on its own at expires_in', async () => {
    const server = await start({ interval: 1, deviceCodeTtl: 2 });
    const endpoints = await discoverIssuer(http(), server.issuer);
    // Polling on a clock a minute behind, the client never reaches the deadline itself: the server decides.
    const behind: Clock = { now: () => Date.now() - 60_000, sleep: systemClock.sleep };
    const device = await requestDeviceAuthorization(http(), endpoints, client, Date.now());
    await assert.rejects(pollForTokens(http(), endpoints, client, device, { clock: behind }), (e: unknown) => e instanceof DeviceFlowError && e.reason === 'expired');
    assert.equal(server.tokenAnswers.at(-1), 'expired_token');

    // With the client's clock right, it stops at expires_in without asking again.
    const clock = virtualClock();
    const second = await requestDeviceAuthorization(http(), endpoints, client, clock.now());
    const before = server.tokenAnswers.length;
    await assert.rejects(pollForTokens(http(), endpoints, client, second, { clock }), (e: unknown) => e instanceof DeviceFlowError && e.reason === 'expired');
    assert.ok(server.tokenAnswers.length - before <= 2, 'at most expires_in / interval polls');
  });

  it('is cancelled through its AbortSignal while waiting', async () => {
    const server = await start({ interval: 1 });
    const endpoints = await discoverIssuer(http(), server.issuer);
    const device = await requestDeviceAuthorization(http(), endpoints, client, Date.now());
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await assert.rejects(pollForTokens(http(controller.signal), endpoints, client, device, { clock: systemClock }), (e: unknown) => e instanceof DeviceFlowError && e.reason === 'cancelled');
    assert.ok(Date.now() - started < 900, 'no poll after cancelling');
  });

  it('refreshes with the refresh_token grant (rotating the refresh token) and revokes on sign-out', async () => {
    const server = await start({ interval: 1, accessTokenTtl: 30 });
    const { tokens } = await signInDirect(server);
    assert.equal(needsRefresh(tokens, Date.now()), true, 'a 30 s token is inside the two-minute margin');
    const renewed = await refreshTokenSet(http(), tokens, Date.now);
    assert.notEqual(renewed.accessToken, tokens.accessToken);
    assert.ok(renewed.refreshToken && renewed.refreshToken !== tokens.refreshToken, 'public clients get rotated refresh tokens');
    assert.equal(await server.isActive(renewed.accessToken), true);
    // The rotated-away refresh token is dead: invalid_grant.
    await assert.rejects(refreshTokenSet(http(), tokens, Date.now), (e: unknown) => e instanceof OAuthError && e.code === 'invalid_grant');

    assert.equal(await revokeTokenSet(http(), renewed), true);
    assert.equal(await server.isActive(renewed.accessToken), false);
    assert.equal(await server.isActive(renewed.refreshToken!), false);
  });

  it('validates token answers with zod and reads back only well-formed stored sets', () => {
    assert.throws(() => parseTokenResponse({ token_type: 'Bearer' }, 'https://auth.example/token'), /access_token/);
    assert.throws(() => parseTokenResponse({ access_token: 'a', token_type: 'mac' }, 'https://auth.example/token'), /Bearer/);
    const parsed = parseTokenResponse({ access_token: 'a', token_type: 'bearer', expires_in: '60', extra: 1 }, 'https://auth.example/token');
    const origin = { issuer: 'https://auth.example', clientId: 'c', tokenEndpoint: 'https://auth.example/token' };
    const set = tokenSetFrom(origin, parsed, 1000, { ...origin, version: 1, accessToken: 'old', refreshToken: 'kept' });
    assert.deepEqual(set, { version: 1, ...origin, accessToken: 'a', refreshToken: 'kept', expiresAt: 61_000 });
    assert.deepEqual(parseTokenSet(JSON.stringify(set)), set);
    assert.equal(parseTokenSet('{"version":1}'), undefined);
    assert.equal(parseTokenSet('not json'), undefined);
    assert.equal(isUsableTokenSet({ ...set, refreshToken: undefined }, 70_000), false, 'expired and not renewable');
    assert.equal(isUsableTokenSet(set, 70_000), true, 'expired but renewable');
  });
});

describe('sign-in service with the store (real OAuth server, in-memory SecretStorage)', function () {
  this.timeout(20_000);
  let issuer: TestIssuer | undefined;
  afterEach(async () => {
    await issuer?.close();
    issuer = undefined;
  });

  async function setup(options: IssuerOptions, offsetMs = { value: 0 }) {
    issuer = await startIssuer(options);
    const memento = new MemoryMemento();
    const secrets = new MemorySecrets();
    const log = new MemoryLog();
    const store = new Store(memento, secrets, log);
    await store.load();
    const provider = await store.apply(addProvider({ name: 'ChatGPT', type: 'codex' }), 'add');
    const clock: Clock = { now: () => Date.now() + offsetMs.value, sleep: systemClock.sleep };
    const service = new SignInService({ store, log, clock, settings: () => ({ issuer: issuer!.issuer, clientId: testClientId, scope: 'openid offline_access' }) });
    service.onDidShowCode((shown) => void issuer!.approve(shown.userCode));
    return { server: issuer, store, memento, secrets, log, provider, service };
  }

  it('signs in, keeps the tokens in SecretStorage only, and makes the provider usable', async () => {
    const { store, memento, secrets, log, provider, service } = await setup({ interval: 1 });
    assert.equal(store.isUsable(provider), false);
    const pending = await service.begin(AbortSignal.timeout(10_000));
    await service.save(provider.id, await pending.complete());
    assert.equal(store.isUsable(provider), true);
    const stored = parseTokenSet(secrets.values.get(signInSecretKeyFor(provider.id)));
    assert.ok(stored?.accessToken);
    const everywhereElse = JSON.stringify([...memento.values]) + log.lines.join('\n');
    assert.ok(!everywhereElse.includes(stored.accessToken) && !everywhereElse.includes(stored.refreshToken!), 'no token in globalState or the log');
    assert.equal(await store.secrets.readKey(provider.id), undefined, 'the key slot stays empty');
  });

  it('getAccessToken renews near expiry, once for concurrent callers, and stores the renewed set', async () => {
    const offset = { value: 0 };
    const { server, store, provider, service } = await setup({ interval: 1, accessTokenTtl: 3600 }, offset);
    await service.save(provider.id, await (await service.begin(AbortSignal.timeout(10_000))).complete());
    const first = await store.secrets.readSignIn(provider.id);
    assert.equal(await service.getAccessToken(provider.id), first!.accessToken, 'fresh: no refresh');
    offset.value = 3600_000 - 60_000; // a minute before expiry
    const [a, b] = await Promise.all([service.getAccessToken(provider.id), service.getAccessToken(provider.id)]);
    assert.equal(a, b);
    assert.notEqual(a, first!.accessToken);
    assert.equal(server.requests.filter((r) => r === 'POST /token refresh_token').length, 1);
    assert.equal((await store.secrets.readSignIn(provider.id))?.accessToken, a);
    assert.equal(await server.isActive(a), true);
  });

  it('forgets a sign-in whose refresh token was revoked, and asks to sign in again', async () => {
    const offset = { value: 0 };
    const { store, provider, service } = await setup({ interval: 1, accessTokenTtl: 3600 }, offset);
    await service.save(provider.id, await (await service.begin(AbortSignal.timeout(10_000))).complete());
    const tokens = (await store.secrets.readSignIn(provider.id)) as TokenSet;
    await revokeTokenSet(http(), tokens);
    offset.value = 3600_000;
    await assert.rejects(service.getAccessToken(provider.id), /has ended .*invalid_grant.*Sign in again/);
    assert.equal(await store.secrets.readSignIn(provider.id), undefined);
    assert.equal(store.secrets.hasKey(provider.id), false);
    await assert.rejects(service.getAccessToken(provider.id), /not signed in/);
  });

  it('signs out: revokes at the server, then deletes the secret', async () => {
    const { server, store, secrets, provider, service } = await setup({ interval: 1 });
    await service.save(provider.id, await (await service.begin(AbortSignal.timeout(10_000))).complete());
    const tokens = (await store.secrets.readSignIn(provider.id)) as TokenSet;
    assert.deepEqual(await service.signOut(provider.id), { revoked: true });
    assert.equal(await server.isActive(tokens.accessToken), false);
    assert.equal(await server.isActive(tokens.refreshToken!), false);
    assert.equal(secrets.values.size, 0);
    assert.equal(store.isUsable(provider), false);
  });

  it('signs out where the issuer cannot revoke: the tokens are only deleted', async () => {
    const { server, store, provider, service } = await setup({ interval: 1, revocation: false });
    await service.save(provider.id, await (await service.begin(AbortSignal.timeout(10_000))).complete());
    const tokens = (await store.secrets.readSignIn(provider.id)) as TokenSet;
    assert.equal(tokens.revocationEndpoint, undefined);
    assert.deepEqual(await service.signOut(provider.id), { revoked: false });
    assert.equal(await server.isActive(tokens.accessToken), true, 'still valid at the server: it cannot revoke');
    assert.equal(store.secrets.hasKey(provider.id), false);
  });
});

async function signInDirect(server: TestIssuer): Promise<{ endpoints: IssuerEndpoints; tokens: TokenSet }> {
  const endpoints = await discoverIssuer(http(), server.issuer);
  const device = await requestDeviceAuthorization(http(), endpoints, client, Date.now());
  const polling = pollForTokens(http(), endpoints, client, device, { clock: systemClock });
  await server.approve(device.userCode);
  return { endpoints, tokens: await polling };
}

describe('store: the sign-in slot', () => {
  const origin = { version: 1 as const, issuer: 'https://auth.example', clientId: 'c', tokenEndpoint: 'https://auth.example/token' };

  it('counts a usable sign-in as the provider secret, sees it from another window, and deletes it with the key', async () => {
    const memento = new MemoryMemento();
    const secrets = new MemorySecrets();
    const one = new Store(memento, secrets, new MemoryLog());
    await one.load();
    const provider = await one.apply(addProvider({ name: 'ChatGPT', type: 'codex' }), 'add');
    const two = new Store(memento, secrets, new MemoryLog());
    await two.load();
    const seen = new Promise((resolve) => two.onDidChange(resolve));
    await one.secrets.setSignIn(provider.id, { ...origin, accessToken: 'at-NEVER-IN-STATE', refreshToken: 'rt' });
    assert.deepEqual(await seen, { kind: 'key', providerId: provider.id });
    assert.equal(two.isUsable(provider), true);
    assert.doesNotMatch(JSON.stringify([...memento.values]), /NEVER-IN-STATE/);
    await one.secrets.deleteKey(provider.id);
    assert.equal(secrets.values.size, 0, 'removing a provider forgets its sign-in too');
  });

  it('does not count an expired sign-in that cannot be renewed, nor a malformed one', async () => {
    const secrets = new MemorySecrets();
    const store = new Store(new MemoryMemento(), secrets, new MemoryLog());
    await store.load();
    const provider = await store.apply(addProvider({ name: 'ChatGPT', type: 'codex' }), 'add');
    await store.secrets.setSignIn(provider.id, { ...origin, accessToken: 'at', expiresAt: Date.now() - 1000 });
    assert.equal(store.secrets.hasKey(provider.id), false);
    await secrets.store(signInSecretKeyFor(provider.id), '{"version":1,"accessToken":"at"}');
    assert.equal(await store.secrets.readSignIn(provider.id), undefined);
    assert.equal(store.secrets.hasKey(provider.id), false);
    await assert.rejects(store.secrets.setSignIn('nobody', { ...origin, accessToken: 'at' }), /No provider/);
  });
});
