/**
 * The OAuth 2.0 device authorization grant (RFC 8628): ask for a device code, show the user
 * code, then poll the token endpoint until the user has approved, denied, or the code expired.
 * The clock and the sleep are injected, so the polling rules can be tested without waiting.
 */
import * as z from 'zod';
import { SwitchboardError } from '../errors';
import type { IssuerEndpoints } from './discovery';
import { hostOf, isAllowedEndpoint, oauthErrorOf, postForm, throwUnlessOk, type OAuthContext } from './oauthHttp';
import { parseTokenResponse, tokenSetFrom, type TokenSet } from './tokenSet';

export const deviceCodeGrantType = 'urn:ietf:params:oauth:grant-type:device_code';

/** RFC 8628 §3.2. */
const deviceAuthorizationSchema = z
  .object({
    device_code: z.string().min(1),
    user_code: z.string().min(1),
    verification_uri: z.string().refine(isAllowedEndpoint, 'must be an https URL'),
    verification_uri_complete: z.string().refine(isAllowedEndpoint, 'must be an https URL').optional(),
    expires_in: z.coerce.number().int().positive(),
    interval: z.coerce.number().int().positive().optional(),
  })
  .loose();

/** What the user is shown, and what the poller needs. */
export interface DeviceAuthorization {
  readonly deviceCode: string;
  /** Shown to the user, who types it at the verification page. */
  readonly userCode: string;
  readonly verificationUri: string;
  /** The page with the code already filled in, when the server offers one. */
  readonly verificationUriComplete?: string;
  /** Epoch milliseconds after which the device code is dead. */
  readonly expiresAt: number;
  /** Seconds between polls; 5 when the server does not say (§3.2). */
  readonly interval: number;
}

/** The client and what it asks for. */
export interface DeviceClient {
  readonly clientId: string;
  readonly scope: string;
}

/** Time, injected: `sleep` rejects when the signal aborts. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** How a device flow ended without tokens; the message is written for the user. */
export class DeviceFlowError extends SwitchboardError {
  constructor(
    readonly reason: 'denied' | 'expired' | 'cancelled',
    message: string,
  ) {
    super(message);
  }
}

export async function requestDeviceAuthorization(ctx: OAuthContext, endpoints: IssuerEndpoints, client: DeviceClient, now: number): Promise<DeviceAuthorization> {
  const url = endpoints.deviceAuthorizationEndpoint;
  if (!url) throw new SwitchboardError(`${hostOf(endpoints.issuer)} does not offer device sign-in (its metadata has no device_authorization_endpoint).`);
  const response = await postForm(ctx, url, { client_id: client.clientId, scope: client.scope });
  throwUnlessOk(response, url);
  const parsed = deviceAuthorizationSchema.safeParse(response.body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SwitchboardError(`The device sign-in answer of ${hostOf(url)} is not usable: ${issue?.path.join('.') || 'body'} ${issue?.message ?? ''}`.trim());
  }
  const d = parsed.data;
  return {
    deviceCode: d.device_code,
    userCode: d.user_code,
    verificationUri: d.verification_uri,
    verificationUriComplete: d.verification_uri_complete,
    expiresAt: now + d.expires_in * 1000,
    interval: d.interval ?? 5,
  };
}

/** §3.5: `slow_down` adds 5 seconds to the interval for this and every later poll. */
export const slowDownStepSeconds = 5;
/** Network failures in a row before polling gives up; each doubles the wait (§3.5). */
export const maxNetworkFailures = 4;

export interface PollOptions {
  readonly clock: Clock;
  /** Called after every poll, with the wait until the next one (for progress and tests). */
  readonly onPoll?: (event: { readonly result: 'pending' | 'slow_down' | 'network'; readonly nextIntervalSeconds: number }) => void;
}

/**
 * Polls the token endpoint until the user finishes at the verification page. Resolves with
 * the token set; rejects with DeviceFlowError for denied, expired and cancelled, and with
 * OAuthError for any other answer of the server.
 */
export async function pollForTokens(ctx: OAuthContext, endpoints: IssuerEndpoints, client: DeviceClient, device: DeviceAuthorization, options: PollOptions): Promise<TokenSet> {
  const { clock } = options;
  let interval = device.interval;
  let failures = 0;
  const cancelled = () => new DeviceFlowError('cancelled', 'Sign-in was cancelled.');
  for (;;) {
    const wait = interval * 1000 * 2 ** failures;
    if (clock.now() + wait >= device.expiresAt) throw new DeviceFlowError('expired', 'The sign-in code expired before it was used. Start the sign-in again.');
    try {
      await clock.sleep(wait, ctx.signal);
    } catch (error) {
      if (ctx.signal?.aborted) throw cancelled();
      throw error;
    }
    let response;
    try {
      response = await postForm(ctx, endpoints.tokenEndpoint, { grant_type: deviceCodeGrantType, device_code: device.deviceCode, client_id: client.clientId });
    } catch (error) {
      if (ctx.signal?.aborted) throw cancelled();
      if (error instanceof SwitchboardError || ++failures >= maxNetworkFailures) throw error;
      options.onPoll?.({ result: 'network', nextIntervalSeconds: interval * 2 ** failures });
      continue;
    }
    failures = 0;
    const error = oauthErrorOf(response);
    switch (error?.code) {
      case undefined:
        throwUnlessOk(response, endpoints.tokenEndpoint);
        return tokenSetFrom({ issuer: endpoints.issuer, clientId: client.clientId, tokenEndpoint: endpoints.tokenEndpoint, revocationEndpoint: endpoints.revocationEndpoint }, parseTokenResponse(response.body, endpoints.tokenEndpoint), clock.now());
      case 'authorization_pending':
        options.onPoll?.({ result: 'pending', nextIntervalSeconds: interval });
        continue;
      case 'slow_down':
        interval += slowDownStepSeconds;
        options.onPoll?.({ result: 'slow_down', nextIntervalSeconds: interval });
        continue;
      case 'access_denied':
        throw new DeviceFlowError('denied', 'The sign-in was declined at the verification page.');
      case 'expired_token':
        throw new DeviceFlowError('expired', 'The sign-in code expired before it was used. Start the sign-in again.');
      default:
        throw error;
    }
  }
}

/** The real clock, for callers outside tests. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
