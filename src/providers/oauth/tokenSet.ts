/**
 * Token sets: the token endpoint's answer (RFC 6749 §5.1) validated with zod, the form they
 * are kept in (one JSON secret per provider), refresh (§6) and revocation (RFC 7009).
 */
import * as z from 'zod';
import { SwitchboardError } from '../errors';
import { hostOf, oauthErrorOf, postForm, throwUnlessOk, type OAuthContext } from './oauthHttp';

/** RFC 6749 §5.1. `token_type` is compared case-insensitively (§7.1). */
export const tokenResponseSchema = z
  .object({
    access_token: z.string().min(1),
    token_type: z.string().refine((t) => t.toLowerCase() === 'bearer', 'only Bearer tokens are supported'),
    expires_in: z.coerce.number().int().positive().optional(),
    refresh_token: z.string().min(1).optional(),
    scope: z.string().optional(),
    id_token: z.string().optional(),
  })
  .loose();

export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/**
 * What is kept in SecretStorage for a signed-in provider. It records where the tokens came
 * from, so refresh and revocation go to the server that issued them even if the issuer
 * setting changed since (a refresh token is never sent to another server).
 */
export const tokenSetSchema = z
  .object({
    version: z.literal(1),
    issuer: z.string(),
    clientId: z.string(),
    tokenEndpoint: z.string(),
    revocationEndpoint: z.string().optional(),
    accessToken: z.string().min(1),
    refreshToken: z.string().min(1).optional(),
    /** Epoch milliseconds; absent when the server did not say. */
    expiresAt: z.number().optional(),
    scope: z.string().optional(),
    idToken: z.string().optional(),
  })
  .strict();

export type TokenSet = z.infer<typeof tokenSetSchema>;

/** Where a token set came from. */
export interface TokenOrigin {
  readonly issuer: string;
  readonly clientId: string;
  readonly tokenEndpoint: string;
  readonly revocationEndpoint?: string;
}

/** Refresh this long before expiry, so a request started now does not carry a dying token. */
export const refreshMarginMs = 2 * 60_000;

/** Validates a token endpoint answer; throws a user-facing error naming the bad field. */
export function parseTokenResponse(body: unknown, url: string): TokenResponse {
  const parsed = tokenResponseSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new SwitchboardError(`The token answer of ${hostOf(url)} is not usable: ${issue?.path.join('.') || 'body'} ${issue?.message ?? ''}`.trim());
}

/** `previous` supplies the refresh token when a refresh answer omits it (RFC 6749 §6). */
export function tokenSetFrom(origin: TokenOrigin, response: TokenResponse, now: number, previous?: TokenSet): TokenSet {
  const set: TokenSet = {
    version: 1,
    issuer: origin.issuer,
    clientId: origin.clientId,
    tokenEndpoint: origin.tokenEndpoint,
    accessToken: response.access_token,
  };
  if (origin.revocationEndpoint) set.revocationEndpoint = origin.revocationEndpoint;
  const refreshToken = response.refresh_token ?? previous?.refreshToken;
  if (refreshToken) set.refreshToken = refreshToken;
  if (response.expires_in !== undefined) set.expiresAt = now + response.expires_in * 1000;
  const scope = response.scope ?? previous?.scope;
  if (scope) set.scope = scope;
  const idToken = response.id_token ?? previous?.idToken;
  if (idToken) set.idToken = idToken;
  return set;
}

/** Reads a stored token set; undefined for anything that does not validate. */
export function parseTokenSet(raw: string | undefined): TokenSet | undefined {
  if (raw === undefined) return undefined;
  try {
    const parsed = tokenSetSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function serializeTokenSet(set: TokenSet): string {
  return JSON.stringify(tokenSetSchema.parse(set));
}

/** Whether the access token expires within the refresh margin (never, when no expiry is known). */
export function needsRefresh(set: TokenSet, now: number): boolean {
  return set.expiresAt !== undefined && set.expiresAt - now <= refreshMarginMs;
}

/** A set can be used when its access token is alive, or a refresh token can renew it. */
export function isUsableTokenSet(set: TokenSet | undefined, now: number): boolean {
  if (!set) return false;
  return set.refreshToken !== undefined || set.expiresAt === undefined || set.expiresAt > now;
}

/**
 * The refresh_token grant. An `invalid_grant` answer means the sign-in is over (revoked,
 * rotated away, expired); it is thrown as an OAuthError with that code.
 */
export async function refreshTokenSet(ctx: OAuthContext, set: TokenSet, now: () => number): Promise<TokenSet> {
  if (!set.refreshToken) throw new SwitchboardError('The sign-in has expired and cannot be renewed; sign in again.');
  const response = await postForm(ctx, set.tokenEndpoint, { grant_type: 'refresh_token', refresh_token: set.refreshToken, client_id: set.clientId });
  throwUnlessOk(response, set.tokenEndpoint);
  return tokenSetFrom(set, parseTokenResponse(response.body, set.tokenEndpoint), now(), set);
}

/**
 * RFC 7009: revokes the refresh token (which also ends its access tokens on most servers),
 * then the access token. Returns false when the issuer offers no revocation endpoint.
 * `unsupported_token_type` is not a failure: that token simply cannot be revoked.
 */
export async function revokeTokenSet(ctx: OAuthContext, set: TokenSet): Promise<boolean> {
  const endpoint = set.revocationEndpoint;
  if (!endpoint) return false;
  const tokens: [string, string][] = [];
  if (set.refreshToken) tokens.push([set.refreshToken, 'refresh_token']);
  tokens.push([set.accessToken, 'access_token']);
  for (const [token, hint] of tokens) {
    const response = await postForm(ctx, endpoint, { token, token_type_hint: hint, client_id: set.clientId });
    const error = oauthErrorOf(response);
    if (error?.code === 'unsupported_token_type') continue;
    if (error) throw error;
    throwUnlessOk(response, endpoint);
  }
  return true;
}
