/**
 * AWS Signature Version 4 for the gateway's Bedrock calls, in plain node:crypto (the AWS SDK
 * stays off the request path). "Create a signed AWS API request": canonical request → string
 * to sign → HMAC-SHA256 chain over date, region, service and aws4_request. Services other
 * than S3 escape the path twice: each segment as sent (already escaped once) is escaped again.
 */
import * as crypto from 'node:crypto';

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Temporary credentials (a profile's role or SSO session) come with one. */
  readonly sessionToken?: string;
}

export interface SignInput {
  readonly method: string;
  /** Host as sent (host[:port]). */
  readonly host: string;
  /** Path as sent, escaped once; no query. */
  readonly path: string;
  /** Lower-cased names; `host` is added. All of them are signed. */
  readonly headers: Readonly<Record<string, string>>;
  readonly payloadHash: string;
  readonly region: string;
  readonly service: string;
  readonly credentials: Pick<AwsCredentials, 'accessKeyId' | 'secretAccessKey'>;
  /** YYYYMMDDTHHMMSSZ, as in x-amz-date. */
  readonly amzDate: string;
}

const escape = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
export const sha256Hex = (data: string | Buffer) => crypto.createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => crypto.createHmac('sha256', key).update(data).digest();

/** The Authorization header's value for a request with exactly these headers signed. */
export function authorization(input: SignInput): string {
  const all: Record<string, string> = { ...input.headers, host: input.host };
  const names = Object.keys(all).sort();
  const canonicalHeaders = names.map((n) => `${n}:${all[n].trim().replace(/\s+/g, ' ')}\n`).join('');
  const signed = names.join(';');
  const path = (input.path || '/').split('/').map(escape).join('/');
  const canonical = [input.method, path, '', canonicalHeaders, signed, input.payloadHash].join('\n');
  const date = input.amzDate.slice(0, 8);
  const scope = `${date}/${input.region}/${input.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', input.amzDate, scope, sha256Hex(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${input.credentials.secretAccessKey}`, date), input.region), input.service), 'aws4_request');
  const signature = crypto.createHmac('sha256', key).update(toSign).digest('hex');
  return `AWS4-HMAC-SHA256 Credential=${input.credentials.accessKeyId}/${scope}, SignedHeaders=${signed}, Signature=${signature}`;
}

/** 2015-08-30T12:36:00.000Z → 20150830T123600Z. */
export function amzDate(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * The headers that sign one request: x-amz-date, x-amz-content-sha256, the session token when
 * there is one, and Authorization over those and host.
 */
export function signedHeaders(request: { method: string; host: string; path: string; body: string | Buffer }, region: string, service: string, credentials: AwsCredentials, now = new Date()): Record<string, string> {
  const headers: Record<string, string> = { 'x-amz-date': amzDate(now), 'x-amz-content-sha256': sha256Hex(request.body) };
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  headers.authorization = authorization({ ...request, headers, payloadHash: headers['x-amz-content-sha256'], region, service, credentials, amzDate: headers['x-amz-date'] });
  return headers;
}
