/**
 * The key helper's wire protocol: one line of JSON each way, then the server closes.
 * The server validates requests with zod. The helper imports only the types from here
 * (it checks the small reply by hand), so zod stays out of its bundle.
 */
import * as z from 'zod';
import { providerIdPattern } from './layout';

/** The token from keyhelper.json; proves the caller can read the owner's private files. */
const token = z.string().max(256);

/** helper → server. */
export const keyRequestSchema = z.object({
  token,
  /** Whose key: a provider id as Switchboard stores it. */
  provider: z.string().regex(providerIdPattern),
});
export type KeyRequest = z.infer<typeof keyRequestSchema>;

/**
 * stand-by window → server: hold this connection open, unanswered, while you serve. Its
 * close tells the stand-by window that the serving one has gone, so it takes over at once.
 */
export const watchRequestSchema = z.object({ token, watch: z.literal(true) });

/**
 * Why no key came back:
 * - unauthorized: wrong or missing token (e.g. another window took over and rotated it);
 * - bad-request: not one JSON line of the right shape, or too long;
 * - no-key: the provider is unknown or has no key set;
 * - lookup-failed: the key store threw or did not answer in time.
 */
export type KeyErrorCode = 'unauthorized' | 'bad-request' | 'no-key' | 'lookup-failed';

/** server → helper. */
export type KeyReply = { readonly ok: true; readonly key: string } | { readonly ok: false; readonly error: KeyErrorCode };

export function encodeReply(reply: KeyReply): string {
  return JSON.stringify(reply) + '\n';
}
