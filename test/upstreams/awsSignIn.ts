/**
 * A plain-HTTP double of the AWS services a profile signs in with, told apart by method and
 * path (their paths differ), for a TLS front and a tunnelling proxy to put behind the real host
 * names; each request's Host is recorded:
 *
 * - the SSO portal (portal.sso.<region>): GetRoleCredentials, `GET /federation/credentials`
 *   with `x-amz-sso_bearer_token`, answering `{"roleCredentials":{…}}`;
 * - SSO-OIDC (oidc.<region>): CreateToken, `POST /token`, refreshing an access token;
 * - STS (sts.<region>): AssumeRole in the query protocol, answering XML;
 * - Bedrock (bedrock.<region>): empty model and inference profile lists.
 *
 *   const aws = await startAwsSignIn({ accessTokens: ['sso-token'] });
 *   aws.requests   // [{ host: 'portal.sso.eu-west-1.amazonaws.com', method: 'GET', path: '/federation/credentials', … }]
 */
import * as http from 'node:http';
import { closeWithin, listenOnLoopback, trackSockets } from './loopback';

export interface AwsSignInRecord {
  readonly host: string;
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface AwsSignInOptions {
  /** SSO access tokens the portal accepts; CreateToken adds the one it issues. */
  readonly accessTokens: string[];
}

export interface AwsSignIn {
  readonly port: number;
  readonly requests: AwsSignInRecord[];
  /** What the portal hands out for a role. */
  readonly roleCredentials: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken: string };
  /** What STS hands out for AssumeRole. */
  readonly assumedCredentials: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken: string };
  /** The access token CreateToken issues. */
  readonly refreshedToken: string;
  close(): Promise<void>;
}

const roleCredentials = { accessKeyId: 'ASIASSOPORTALEXAMPLE', secretAccessKey: 'sso-secret-from-the-double', sessionToken: 'sso-session-token-from-the-double' };
const assumedCredentials = { accessKeyId: 'ASIASTSASSUMEDEXAMPL', secretAccessKey: 'sts-secret-from-the-double', sessionToken: 'sts-session-token-from-the-double' };
const refreshedToken = 'sso-access-token-refreshed-by-oidc';
const hourFromNow = () => Date.now() + 60 * 60_000;

function json(res: http.ServerResponse, status: number, body: unknown, errorType?: string): void {
  res.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) }).end(JSON.stringify(body));
}

function assumeRoleXml(roleArn: string, session: string): string {
  const role = roleArn.split('/').pop() ?? 'role';
  return `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser><Arn>arn:aws:sts::111122223333:assumed-role/${role}/${session}</Arn><AssumedRoleId>AROAEXAMPLE:${session}</AssumedRoleId></AssumedRoleUser>
    <Credentials><AccessKeyId>${assumedCredentials.accessKeyId}</AccessKeyId><SecretAccessKey>${assumedCredentials.secretAccessKey}</SecretAccessKey><SessionToken>${assumedCredentials.sessionToken}</SessionToken><Expiration>${new Date(hourFromNow()).toISOString()}</Expiration></Credentials>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
</AssumeRoleResponse>`;
}

function answer(record: AwsSignInRecord, res: http.ServerResponse, accessTokens: string[]): void {
  const route = `${record.method} ${record.path}`;
  if (route === 'GET /federation/credentials') {
    if (!accessTokens.includes(String(record.headers['x-amz-sso_bearer_token']))) return json(res, 401, { message: 'Session token not found or invalid' }, 'UnauthorizedException');
    return json(res, 200, { roleCredentials: { ...roleCredentials, expiration: hourFromNow() } });
  }
  if (route === 'POST /token') {
    const body = JSON.parse(record.body) as { grantType?: string; refreshToken?: string };
    if (body.grantType !== 'refresh_token' || !body.refreshToken) return json(res, 400, { error: 'invalid_grant' }, 'InvalidGrantException');
    accessTokens.push(refreshedToken);
    return json(res, 200, { accessToken: refreshedToken, expiresIn: 3600, refreshToken: 'refresh-token-2', tokenType: 'Bearer' });
  }
  if (route === 'POST /') {
    const form = new URLSearchParams(record.body);
    if (form.get('Action') !== 'AssumeRole') return json(res, 400, { message: `unexpected ${form.get('Action')}` });
    res.writeHead(200, { 'content-type': 'text/xml' }).end(assumeRoleXml(form.get('RoleArn') ?? '', form.get('RoleSessionName') ?? 'session'));
    return;
  }
  if (route === 'GET /foundation-models') return json(res, 200, { modelSummaries: [] });
  if (route === 'GET /inference-profiles') return json(res, 200, { inferenceProfileSummaries: [] });
  json(res, 404, { message: `no ${route} at ${record.host}` });
}

export async function startAwsSignIn(options: AwsSignInOptions): Promise<AwsSignIn> {
  const requests: AwsSignInRecord[] = [];
  const accessTokens = [...options.accessTokens];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://double');
      const record: AwsSignInRecord = {
        host: (req.headers.host ?? '').replace(/:\d+$/, ''),
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(record);
      answer(record, res, accessTokens);
    });
  });
  const sockets = trackSockets(server);
  return {
    port: await listenOnLoopback(server),
    requests,
    roleCredentials,
    assumedCredentials,
    refreshedToken,
    close: () => closeWithin(server, sockets),
  };
}
