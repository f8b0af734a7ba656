/**
 * Where one request goes: the model the extension resolved for an agent (or the active one),
 * with everything the upstream call needs except the key, which is read per request.
 * The extension builds these; the gateway checks each route object once (cached by identity).
 */
import * as z from 'zod';
import { providerTypeIds } from '../providers/providerTypes';
import type { ResolvedNetwork } from '../providers/network/dispatcherOptions';
import type { ModelSettings } from './translator';

export interface GatewayRoute {
  /** `providerId/modelId`, as usage records and /v1/models name it. */
  readonly ref: string;
  readonly providerId: string;
  readonly providerType: (typeof providerTypeIds)[number];
  /** The effective base URL (effectiveBaseUrl in src/providers/providerTypes.ts). */
  readonly baseUrl: string | undefined;
  /** Azure's api-version; required for Azure, ignored elsewhere. */
  readonly apiVersion?: string;
  /** The provider's custom headers, added to every upstream request. */
  readonly headers: Readonly<Record<string, string>>;
  readonly model: ModelSettings;
  readonly network: ResolvedNetwork;
  /** Bedrock only: the region requests are signed for, and how they sign in. */
  readonly bedrock?: BedrockRouteAuth;
}

/**
 * How a Bedrock route signs in. The secret parts are read per request: a Bedrock API key or a
 * secret access key as the provider's key, a profile's credentials from the extension host.
 */
export interface BedrockRouteAuth {
  readonly region: string;
  readonly auth: { readonly method: 'apiKey' } | { readonly method: 'accessKey'; readonly accessKeyId: string } | { readonly method: 'profile'; readonly profile: string };
}

/** One entry of /v1/models: a model the gateway can route to by its ref. */
export interface GatewayModelEntry {
  readonly ref: string;
  /** What people call it; defaults to the ref. */
  readonly name?: string;
}

const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const gatewayRouteSchema = z.object({
  ref: z.string().min(3).max(600).includes('/', { message: 'A ref is providerId/modelId.' }),
  providerId: z.string().min(1).max(64),
  providerType: z.enum(providerTypeIds),
  baseUrl: z.url({ protocol: /^https?$/, message: 'The base URL must be an http(s) URL.' }).optional(),
  apiVersion: z.string().max(64).optional(),
  headers: z.record(z.string().regex(headerName, 'A header name has no spaces or separators.'), z.string().max(8192).refine((v) => !/[\r\n]/.test(v), 'A header value is one line.')),
  model: z.looseObject({
    modelId: z.string().min(1).max(256),
    optionFamily: z.enum(['openai', 'anthropic', 'gemini', 'openrouter', 'vercel']),
  }),
  bedrock: z
    .object({
      region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'A region looks like us-east-1.'),
      auth: z.discriminatedUnion('method', [
        z.object({ method: z.literal('apiKey') }),
        z.object({ method: z.literal('accessKey'), accessKeyId: z.string().regex(/^[A-Z0-9]{16,128}$/, 'An access key id is 16–128 capital letters and digits.') }),
        z.object({ method: z.literal('profile'), profile: z.string().min(1).max(128) }),
      ]),
    })
    .optional(),
  network: z.looseObject({
    proxy: z.string().optional(),
    noProxy: z.array(z.string()).optional(),
    caPem: z.string().optional(),
    allowInvalidCertificate: z.boolean(),
    timeoutMs: z.number().int().min(1).max(3_600_000),
  }),
});

/** The first problem with a route the extension handed over, or undefined when it is sound. */
export function routeProblem(route: unknown): string | undefined {
  const parsed = gatewayRouteSchema.safeParse(route);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return `${issue.path.join('.') || 'route'}: ${issue.message}`;
}
