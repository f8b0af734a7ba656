/**
 * The provider schema: a base plus one extension per type, joined by a discriminated
 * union on `type`. A provider has no field for a key by construction; keys live only
 * in SecretStorage.
 */
import * as z from 'zod';
import { agentIds } from './agentCatalog';
import { baseUrlSchema, headersSchema, providerNameSchema } from './fields';
import { modelSchema, validateModelOptions } from './model';
import { networkSchema } from './network/settings';
import { providerType, type ProviderTypeId } from './providerTypes';

/** Lowercase slug, stable for life: refs are built from it. */
export const providerIdSchema = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'A provider id is 1–64 lowercase letters, digits and dashes.');

/** Proxy, no-proxy list, CA file, timeout and the invalid-certificate opt-in; see network/settings.ts. */
export { networkSchema } from './network/settings';

const base = z.object({
  id: providerIdSchema,
  name: providerNameSchema,
  baseUrl: baseUrlSchema.optional(),
  /** The agents that use this provider. */
  agents: z.array(z.enum(agentIds)).default([]),
  headers: headersSchema.optional(),
  network: networkSchema.optional(),
  models: z.array(modelSchema).default([]),
});

const simple = (type: Exclude<ProviderTypeId, 'azure-openai' | 'bedrock'>) => base.extend({ type: z.literal(type) }).strict();

export const azureApiVersionSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/, 'An api-version looks like 2024-10-21 or 2025-04-01-preview.');

/** How Bedrock signs in. Secret parts (the secret access key, a Bedrock API key) live in SecretStorage. */
export const bedrockAuthSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('profile'), profile: z.string().trim().min(1, 'Enter an AWS profile name.').max(128) }).strict(),
  z.object({ method: z.literal('accessKey'), accessKeyId: z.string().regex(/^[A-Z0-9]{16,128}$/, 'An access key id is 16–128 capital letters and digits.') }).strict(),
  z.object({ method: z.literal('apiKey') }).strict(),
]);

export const awsRegionSchema = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'A region looks like us-east-1.');

export const providerSchema = z
  .discriminatedUnion('type', [
    simple('openai'),
    simple('anthropic'),
    simple('gemini'),
    base.extend({ type: z.literal('azure-openai'), apiVersion: azureApiVersionSchema }).strict(),
    base.extend({ type: z.literal('bedrock'), region: awsRegionSchema, aws: bedrockAuthSchema }).strict(),
    simple('openai-compatible'),
    simple('openrouter'),
    simple('vercel'),
    simple('deepseek'),
    simple('zai'),
    simple('opencode-zen'),
    simple('ollama'),
    simple('lmstudio'),
    simple('codex'),
  ])
  .superRefine((p, ctx) => {
    const type = providerType(p.type);
    if (type.baseUrlRequired && !p.baseUrl) {
      ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: `${type.label} needs a base URL.` });
    }
    const seen = new Set<string>();
    p.models.forEach((m, i) => {
      if (seen.has(m.id)) ctx.addIssue({ code: 'custom', path: ['models', i, 'id'], message: `Model "${m.id}" is listed twice.` });
      seen.add(m.id);
      if (m.kind === 'embedding' && !type.embeddings) {
        ctx.addIssue({ code: 'custom', path: ['models', i, 'kind'], message: `${type.label} has no embedding models.` });
      }
      for (const issue of validateModelOptions(type.optionFamily, m.options)) ctx.addIssue({ code: 'custom', path: ['models', i, ...issue.path], message: issue.message });
    });
    if (new Set(p.agents).size !== p.agents.length) ctx.addIssue({ code: 'custom', path: ['agents'], message: 'An agent is listed twice.' });
  });

export type Provider = z.infer<typeof providerSchema>;
export type ProviderInput = z.input<typeof providerSchema>;
export type AzureOpenAiProvider = Extract<Provider, { type: 'azure-openai' }>;
export type BedrockProvider = Extract<Provider, { type: 'bedrock' }>;
export type BedrockAuth = z.infer<typeof bedrockAuthSchema>;

/** The fields only some types have: apiVersion for Azure, region and aws for Bedrock. */
export function typeFieldsOf(p: Provider): Record<string, unknown> {
  if (p.type === 'azure-openai') return { apiVersion: p.apiVersion };
  if (p.type === 'bedrock') return { region: p.region, aws: p.aws };
  return {};
}
