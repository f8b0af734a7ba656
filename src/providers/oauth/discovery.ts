/**
 * OpenID Connect discovery (OIDC Discovery 1.0 §4, RFC 8414): the endpoints sign-in needs,
 * read from `<issuer>/.well-known/openid-configuration`.
 */
import * as z from 'zod';
import { SwitchboardError } from '../errors';
import { getJson, hostOf, isAllowedEndpoint, throwUnlessOk, type OAuthContext } from './oauthHttp';

const endpoint = z.string().refine(isAllowedEndpoint, 'must be an https URL (or http on loopback)');

const metadataSchema = z
  .object({
    issuer: z.string(),
    token_endpoint: endpoint,
    device_authorization_endpoint: endpoint.optional(),
    revocation_endpoint: endpoint.optional(),
  })
  .loose();

/** The endpoints of one issuer that the device flow, refresh and sign-out use. */
export interface IssuerEndpoints {
  /** As the server names itself; equal to the configured issuer (trailing slash aside). */
  readonly issuer: string;
  readonly tokenEndpoint: string;
  /** RFC 8628 §4; absent when the issuer offers no device sign-in. */
  readonly deviceAuthorizationEndpoint?: string;
  /** RFC 7009; absent when the issuer cannot revoke tokens. Sign-out then only forgets them. */
  readonly revocationEndpoint?: string;
}

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

/** Validates an issuer URL typed in settings. */
export function checkIssuer(issuer: string): string {
  if (!isAllowedEndpoint(issuer)) throw new SwitchboardError(`The sign-in issuer “${issuer}” must be an https URL (or http on loopback).`);
  return trimSlash(issuer);
}

export async function discoverIssuer(ctx: OAuthContext, issuer: string): Promise<IssuerEndpoints> {
  const base = checkIssuer(issuer);
  const url = `${base}/.well-known/openid-configuration`;
  const response = await getJson(ctx, url);
  throwUnlessOk(response, url);
  const parsed = metadataSchema.safeParse(response.body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SwitchboardError(`The sign-in metadata of ${hostOf(base)} is not usable: ${issue?.path.join('.') || 'body'} ${issue?.message ?? ''}`.trim());
  }
  const m = parsed.data;
  // OIDC Discovery §4.3: a metadata document naming another issuer must not be used.
  if (trimSlash(m.issuer) !== base) throw new SwitchboardError(`The sign-in metadata at ${url} names another issuer (${m.issuer}).`);
  return {
    issuer: m.issuer,
    tokenEndpoint: m.token_endpoint,
    deviceAuthorizationEndpoint: m.device_authorization_endpoint,
    revocationEndpoint: m.revocation_endpoint,
  };
}
