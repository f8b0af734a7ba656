/**
 * An AWS profile's credentials, through the AWS SDK's own chain (config and credentials files,
 * SSO, role assumption, credential_process), for the gateway to sign Bedrock calls with. Runs
 * in the extension host, in the network bundle; the gateway never loads the SDK.
 *
 * The chain's own calls (SSO's GetRoleCredentials, the SSO-OIDC token refresh, STS's
 * AssumeRole and AssumeRoleWithWebIdentity, `aws login`'s token) go through the provider's
 * transport, so a profile signs in behind the same proxy and CA file as Bedrock itself.
 * Instance and container metadata (IMDS, ECS, EKS) do not: the SDK asks those link-local
 * addresses with its own node:http handler, and they must never go through a proxy.
 */
import type { DefaultProviderInit } from '@aws-sdk/credential-provider-node';
import { classify } from '../network/classify';
import type { ResolvedNetwork } from '../network/dispatcherOptions';
import { fetchHandler, originOf, type SmithyRequest } from './smithyFetchHandler';
import { createTransport, type Transport } from './transport';

export interface ProfileCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** When temporary credentials stop working; absent for long-term keys. */
  readonly expiration?: Date;
}

/**
 * The chain's handler. A call that gets no answer fails saying which host, what happened and
 * what to change: the SDK's SSO provider keeps only the text of what it caught ("fetch failed").
 */
export function signInHandler(transport: Transport) {
  const handler = fetchHandler(transport);
  const { proxy, proxyPassword } = transport.network;
  return {
    ...handler,
    async handle(request: SmithyRequest, options?: { abortSignal?: AbortSignal }) {
      try {
        return await handler.handle(request, options);
      } catch (error) {
        const c = classify(error, { type: 'bedrock', typeLabel: 'AWS sign-in', url: originOf(request), ...(proxy ? { proxy, proxyPasswordSet: proxyPassword !== undefined } : {}) });
        throw new Error(`AWS sign-in: ${c.message} ${c.hint}`.trim(), { cause: error });
      }
    },
  };
}

/** BedrockClient options that sign in with `profile`, the credential chain's calls going through `handler` (a signInHandler). */
export async function profileSignIn(profile: string, handler: ReturnType<typeof signInHandler>) {
  const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
  const requestHandler = handler as never;
  return {
    profile,
    // The SSO and SSO-OIDC clients take their handler from `clientConfig` only, never from the
    // Bedrock client; STS's role assumers and `aws login` look there first too.
    credentialDefaultProvider: (init: DefaultProviderInit) => defaultProvider({ ...init, clientConfig: { requestHandler } }),
  };
}

export async function resolveAwsProfile(profile: string, region: string, network: ResolvedNetwork): Promise<ProfileCredentials> {
  const sdk = await import('@aws-sdk/client-bedrock');
  const transport = createTransport(network, `https://sts.${region}.amazonaws.com`);
  // The client sends nothing itself; its handler is the fallback of STS's web identity call from a profile.
  const handler = signInHandler(transport);
  const client = new sdk.BedrockClient({ region, maxAttempts: 1, requestHandler: handler as never, ...(await profileSignIn(profile, handler)) });
  try {
    const c = await client.config.credentials();
    return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}), ...(c.expiration ? { expiration: c.expiration } : {}) };
  } finally {
    client.destroy();
    await transport.close();
  }
}
