/**
 * Per-provider network settings, as stored in the provider document. Every field is
 * optional, so documents written before these existed load unchanged. The proxy URL may
 * carry a user name but never a password: the document is not a place for secrets, so the
 * proxy password lives in SecretStorage (Switchboard: Set Proxy Password).
 */
import * as z from 'zod';
import { parseNoProxy } from './noProxy';

export const defaultTimeoutMs = 30_000;
export const minTimeoutMs = 1000;
export const maxTimeoutMs = 600_000;

export const proxyUrlSchema = z
  .string()
  .trim()
  .max(2048, 'A proxy URL has at most 2048 characters.')
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      if (!value.includes('://')) throw new Error('no scheme');
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Enter the proxy as a URL, such as http://proxy.example.com:3128.' });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: `Use an http or https proxy, not ${url.protocol.replace(':', '')}.` });
    else if (url.password) ctx.addIssue({ code: 'custom', message: 'Leave the password out of the proxy URL: keep only the user name (http://user@proxy:3128) and set the password in the panel’s Proxy password field or with “Switchboard: Set Proxy Password”; either keeps it in secret storage.' });
    else if (url.pathname !== '/' || url.search || url.hash) ctx.addIssue({ code: 'custom', message: 'A proxy URL is a scheme, a host and a port, with no path.' });
  });

/** Hosts that bypass the proxy, one entry each: `example.com`, `.example.com`, `*.example.com`, `host:8080`, `10.0.0.1`, `*`. */
export const noProxySchema = z
  .array(z.string().max(255, 'A no-proxy entry has at most 255 characters.'))
  .max(200, 'At most 200 no-proxy entries.')
  .superRefine((entries, ctx) => {
    entries.forEach((entry, i) => {
      const problem = parseNoProxy(entry).problems[0];
      if (problem) ctx.addIssue({ code: 'custom', path: [i], message: problem });
    });
  });

export const caBundlePathSchema = z
  .string()
  .trim()
  .min(1, 'Enter the path of a PEM file.')
  .max(4096, 'A path has at most 4096 characters.')
  .refine((v) => /^(~[\\/]|\/|[A-Za-z]:[\\/]|\\\\)/.test(v), 'Enter an absolute path (or one starting with ~/).');

export const timeoutMsSchema = z
  .int('Enter a whole number.')
  .min(minTimeoutMs, `The timeout is at least ${minTimeoutMs / 1000} second.`)
  .max(maxTimeoutMs, `The timeout is at most ${maxTimeoutMs / 1000} seconds.`);

export const networkSchema = z
  .object({
    /** http(s)://[user@]host:port of a forward proxy; absent means direct. Its password is a secret, never here. */
    proxy: proxyUrlSchema.optional(),
    /** Hosts reached directly even with a proxy set. */
    noProxy: noProxySchema.optional(),
    /** A PEM file of extra trusted certificates, added to Node's own roots. */
    caBundlePath: caBundlePathSchema.optional(),
    /** Per request; absent means 30 s. */
    timeoutMs: timeoutMsSchema.optional(),
    /** Accept any server certificate. Opt-in, shown with a warning; the forms store only `true`. */
    allowInvalidCertificate: z.boolean().optional(),
  })
  .strict();

export type NetworkSettings = z.infer<typeof networkSchema>;

/** True when nothing is set, so the field can be left out of the stored provider. */
export function isEmptyNetwork(n: NetworkSettings | undefined): boolean {
  return !n || Object.values(n).every((v) => v === undefined || (Array.isArray(v) && v.length === 0));
}
