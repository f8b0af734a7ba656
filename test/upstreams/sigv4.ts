/**
 * Checks an AWS Signature Version 4 the way AWS does, so the Bedrock double can tell a really
 * signed request from one that only looks signed. Follows "Create a signed AWS API request"
 * (docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html):
 * canonical request → string to sign → HMAC chain over date, region, service, aws4_request.
 * Services other than S3 escape the path twice, so each segment as sent is escaped again.
 */
import * as crypto from 'node:crypto';
import type * as http from 'node:http';

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** The parts of `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`. */
export interface SigV4Header {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: string[];
  readonly signature: string;
}

const pattern = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

export function parseSigV4(header: string | undefined): SigV4Header | undefined {
  const m = header ? pattern.exec(header) : null;
  if (!m) return undefined;
  return { accessKeyId: m[1], date: m[2], region: m[3], service: m[4], signedHeaders: m[5].split(';'), signature: m[6] };
}

const escape = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256 = (data: string | Buffer) => crypto.createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => crypto.createHmac('sha256', key).update(data).digest();

function canonicalQuery(rawUrl: string): string {
  const search = new URL(rawUrl, 'http://x').searchParams;
  const pairs = [...search.entries()].map(([k, v]) => [escape(k), escape(v)] as const);
  pairs.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/**
 * Whether the request carries a valid signature for these credentials. Returns a reason when
 * not; `undefined` means valid. The date must match x-amz-date and be within 15 minutes.
 */
export function checkSigV4(req: { method: string; url: string; headers: http.IncomingHttpHeaders; rawBody: Buffer | string }, auth: SigV4Header, creds: Credentials, now = Date.now()): string | undefined {
  const amzDate = req.headers['x-amz-date'];
  if (typeof amzDate !== 'string' || !/^\d{8}T\d{6}Z$/.test(amzDate)) return 'missing x-amz-date';
  if (!amzDate.startsWith(auth.date)) return 'the credential scope date is not the x-amz-date';
  const at = Date.parse(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  if (Math.abs(now - at) > 15 * 60_000) return 'signature expired';
  if (!auth.signedHeaders.includes('host')) return 'host is not signed';
  const headerLines: string[] = [];
  for (const name of auth.signedHeaders) {
    const value = req.headers[name];
    if (value === undefined) return `signed header ${name} is missing`;
    headerLines.push(`${name}:${(Array.isArray(value) ? value.join(',') : value).trim().replace(/\s+/g, ' ')}\n`);
  }
  const rawPath = req.url.split('?')[0] || '/';
  const canonicalPath = rawPath.split('/').map(escape).join('/');
  const payload = typeof req.headers['x-amz-content-sha256'] === 'string' ? req.headers['x-amz-content-sha256'] : sha256(req.rawBody);
  const canonical = [req.method, canonicalPath, canonicalQuery(req.url), headerLines.join(''), auth.signedHeaders.join(';'), payload].join('\n');
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, auth.date), auth.region), auth.service), 'aws4_request');
  const expected = crypto.createHmac('sha256', key).update(toSign).digest('hex');
  return crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(auth.signature)) ? undefined : 'signature mismatch';
}
