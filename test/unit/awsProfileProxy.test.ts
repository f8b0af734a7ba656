/**
 * An AWS profile's sign-in behind the provider's proxy and CA file: the SDK's credential chain
 * (SSO portal, SSO-OIDC refresh, STS AssumeRole) sends through Switchboard's transport. A real
 * CONNECT proxy on 127.0.0.1 tunnels every host name to a TLS double whose certificate names
 * the AWS hosts, so the real host names are used and only the CA file makes them trusted. The
 * SDK reads a temporary config folder and HOME, set for each test and restored after.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveAwsProfile } from '../../src/providers/connect/awsProfile';
import { runListModels } from '../../src/providers/connect/operations';
import { resolveNetwork } from '../../src/providers/network/dispatcherOptions';
import { providerType } from '../../src/providers/providerTypes';
import { startAwsSignIn, type AwsSignIn } from '../upstreams/awsSignIn';
import { startForwardProxy, type ForwardProxy } from '../upstreams/forwardProxy';
import { parseSigV4 } from '../upstreams/sigv4';
import { startTlsFront, type TlsFront } from '../upstreams/tlsFront';

const region = 'eu-west-1';
const hosts = { portal: `portal.sso.${region}.amazonaws.com`, oidc: `oidc.${region}.amazonaws.com`, sts: `sts.${region}.amazonaws.com`, bedrock: `bedrock.${region}.amazonaws.com` };
const ssoToken = 'sso-access-token-from-aws-sso-login';
const baseKeys = { accessKeyId: 'AKIASOURCEPROFILE001', secretAccessKey: 'source-profile-secret' };

describe('AWS profile sign-in through the provider’s proxy and CA file', function () {
  this.timeout(20_000);
  let aws: AwsSignIn;
  let front: TlsFront;
  let proxy: ForwardProxy;
  let caPem: string;
  let dir: string;
  let savedEnv: Record<string, string | undefined>;
  let session = 0;

  before(async () => {
    aws = await startAwsSignIn({ accessTokens: [ssoToken] });
    front = await startTlsFront(aws.port, Object.values(hosts));
    proxy = await startForwardProxy({ tunnelTo: front.port });
    caPem = fs.readFileSync(front.caFile, 'utf8');
  });
  after(async () => {
    await Promise.all([proxy?.close(), front?.close(), aws?.close()]);
  });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-aws-'));
    // Only this test's files count: no AWS_* variable of the machine's, and no instance metadata probe.
    savedEnv = { HOME: process.env.HOME };
    for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) savedEnv[key] = process.env[key];
    for (const key of Object.keys(savedEnv)) delete process.env[key];
    Object.assign(process.env, { HOME: dir, AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'), AWS_EC2_METADATA_DISABLED: 'true' });
    proxy.requests.length = 0;
    aws.requests.length = 0;
  });
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
    for (const [key, value] of Object.entries(savedEnv)) if (value !== undefined) process.env[key] = value;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** An SSO profile as `aws configure sso` writes it, with `aws sso login`'s cached token; each test its own session (the SDK remembers refreshes per session name). */
  function ssoProfile(token: { accessToken: string; expiresInMs: number }): void {
    const name = `corp-${++session}`;
    fs.writeFileSync(
      path.join(dir, 'config'),
      `[profile dev]\nsso_session = ${name}\nsso_account_id = 111122223333\nsso_role_name = BedrockUser\nregion = ${region}\n\n[sso-session ${name}]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = ${region}\nsso_registration_scopes = sso:account:access\n`,
    );
    const cache = path.join(dir, '.aws', 'sso', 'cache');
    fs.mkdirSync(cache, { recursive: true });
    const cached = {
      startUrl: 'https://corp.awsapps.com/start',
      region,
      accessToken: token.accessToken,
      expiresAt: new Date(Date.now() + token.expiresInMs).toISOString(),
      clientId: 'oidc-client-id',
      clientSecret: 'oidc-client-secret',
      registrationExpiresAt: new Date(Date.now() + 30 * 24 * 60 * 60_000).toISOString(),
      refreshToken: 'refresh-token-1',
    };
    fs.writeFileSync(path.join(cache, `${createHash('sha1').update(name).digest('hex')}.json`), JSON.stringify(cached));
  }

  const connects = () => proxy.requests.filter((r) => r.method === 'CONNECT').map((r) => r.target);
  const network = (extra: { caPem?: string } = { caPem }) => resolveNetwork({ proxy: proxy.url, timeoutMs: 5000 }, extra.caPem);

  it('an SSO profile gets its role credentials from the portal through the proxy, trusting the CA file', async () => {
    ssoProfile({ accessToken: ssoToken, expiresInMs: 60 * 60_000 });
    const c = await resolveAwsProfile('dev', region, network());
    assert.deepEqual([c.accessKeyId, c.secretAccessKey, c.sessionToken], [aws.roleCredentials.accessKeyId, aws.roleCredentials.secretAccessKey, aws.roleCredentials.sessionToken]);
    assert.ok(c.expiration && c.expiration.getTime() > Date.now(), 'temporary credentials say when they expire');
    assert.deepEqual(connects(), [`${hosts.portal}:443`]);
    const asked = aws.requests.find((r) => r.host === hosts.portal);
    assert.equal(asked?.headers['x-amz-sso_bearer_token'], ssoToken);
    assert.deepEqual(asked?.query, { account_id: '111122223333', role_name: 'BedrockUser' });
  });

  it('an SSO token about to expire is refreshed with SSO-OIDC through the proxy, then used', async () => {
    ssoProfile({ accessToken: 'sso-token-about-to-expire', expiresInMs: 2 * 60_000 });
    const c = await resolveAwsProfile('dev', region, network());
    assert.equal(c.accessKeyId, aws.roleCredentials.accessKeyId);
    assert.deepEqual(connects(), [`${hosts.oidc}:443`, `${hosts.portal}:443`]);
    const refresh = aws.requests.find((r) => r.host === hosts.oidc);
    assert.equal(refresh?.path, '/token');
    assert.equal((JSON.parse(refresh?.body ?? '{}') as { refreshToken?: string }).refreshToken, 'refresh-token-1');
    assert.equal(aws.requests.find((r) => r.host === hosts.portal)?.headers['x-amz-sso_bearer_token'], aws.refreshedToken);
  });

  it('a role profile assumes its role with STS through the proxy, signed with the source profile’s keys', async () => {
    fs.writeFileSync(path.join(dir, 'config'), `[profile bedrock-role]\nrole_arn = arn:aws:iam::111122223333:role/BedrockUser\nsource_profile = base\nregion = ${region}\n`);
    fs.writeFileSync(path.join(dir, 'credentials'), `[base]\naws_access_key_id = ${baseKeys.accessKeyId}\naws_secret_access_key = ${baseKeys.secretAccessKey}\n`);
    const c = await resolveAwsProfile('bedrock-role', region, network());
    assert.deepEqual([c.accessKeyId, c.secretAccessKey, c.sessionToken], [aws.assumedCredentials.accessKeyId, aws.assumedCredentials.secretAccessKey, aws.assumedCredentials.sessionToken]);
    assert.deepEqual(connects(), [`${hosts.sts}:443`]);
    const asked = aws.requests.find((r) => r.host === hosts.sts);
    assert.equal(new URLSearchParams(asked?.body).get('RoleArn'), 'arn:aws:iam::111122223333:role/BedrockUser');
    assert.equal(parseSigV4(String(asked?.headers.authorization))?.accessKeyId, baseKeys.accessKeyId);
  });

  it('a host on the no-proxy list is reached directly', async () => {
    ssoProfile({ accessToken: ssoToken, expiresInMs: 60 * 60_000 });
    // The SDK's own endpoint override puts the portal on loopback, where "direct" can be checked.
    process.env.AWS_ENDPOINT_URL_SSO = front.url;
    const c = await resolveAwsProfile('dev', region, resolveNetwork({ proxy: proxy.url, noProxy: ['127.0.0.1'], timeoutMs: 5000 }, caPem));
    assert.equal(c.accessKeyId, aws.roleCredentials.accessKeyId);
    assert.deepEqual(connects(), [], 'not through the proxy');
    assert.equal(aws.requests.find((r) => r.path === '/federation/credentials')?.headers['x-amz-sso_bearer_token'], ssoToken);
  });

  it('without the CA file the portal’s certificate is refused, and the error says so', async () => {
    ssoProfile({ accessToken: ssoToken, expiresInMs: 60 * 60_000 });
    await assert.rejects(resolveAwsProfile('dev', region, network({})), (error: Error) => {
      assert.match(error.message, /AWS sign-in: portal\.sso\.eu-west-1\.amazonaws\.com presented a certificate that is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
      assert.match(error.message, /Set a CA file/);
      return true;
    });
    assert.ok(connects().includes(`${hosts.portal}:443`), 'the proxy was asked: the refusal is TLS, not the route');
    assert.equal(aws.requests.length, 0);
  });

  it('Refresh Models with an SSO profile signs in and lists through the proxy', async () => {
    ssoProfile({ accessToken: ssoToken, expiresInMs: 60 * 60_000 });
    const out = await runListModels({
      target: { type: 'bedrock', typeLabel: providerType('bedrock').label, region, aws: { method: 'profile', profile: 'dev' }, headers: {} },
      network: { proxy: proxy.url, caBundlePath: front.caFile, timeoutMs: 5000 },
    });
    if (!out.ok) assert.fail(`${out.failure.kind}: ${out.failure.message}`);
    assert.deepEqual(new Set(connects()), new Set([`${hosts.portal}:443`, `${hosts.bedrock}:443`]));
    const listed = aws.requests.filter((r) => r.host === hosts.bedrock);
    assert.ok(listed.length >= 2, 'models and inference profiles');
    for (const r of listed) assert.equal(parseSigV4(String(r.headers.authorization))?.accessKeyId, aws.roleCredentials.accessKeyId, 'signed with the SSO role credentials');
  });
});
