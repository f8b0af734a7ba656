/**
 * Reads each provider's model-list answer into one shape. Each wire format is a zod schema
 * that insists only on what is used (unknown fields are ignored); an answer of another shape
 * fails with ConnectError('malformed') naming the first problem, instead of an empty list.
 */
import * as z from 'zod';
import { ConnectError } from '../network/errors';

/** One model a provider says it has. */
export interface ListedModel {
  /** Exactly what requests name it by. */
  readonly id: string;
  readonly displayName?: string;
  readonly contextLimit?: number;
  readonly maxOutputTokens?: number;
  readonly kind: 'chat' | 'embedding';
}

/** A whole list of more would be a mistake: no provider lists that many. */
export const maxListedModels = 5000;

const id = z.string().trim().min(1).max(256);
const tokens = z.number().int().positive().optional().catch(undefined);
const label = z.string().trim().min(1).max(256).optional().catch(undefined);

function parse<S extends z.ZodType>(schema: S, json: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new ConnectError('malformed', `The ${what} answer is not a model list (${where}${issue?.message ?? 'unexpected shape'}).`);
}

const looksEmbedding = (modelId: string) => /embed/i.test(modelId);

// OpenAI and the servers that copy it. OpenRouter adds context_length, Vercel context_window,
// max_tokens and type, LM Studio max_context_length; all optional.
const openAiList = z.object({
  data: z.array(
    z.object({
      id,
      name: label,
      context_length: tokens,
      context_window: tokens,
      max_context_length: tokens,
      max_tokens: tokens,
      type: z.string().optional().catch(undefined),
    }),
  ),
});

export function parseOpenAiModels(json: unknown): ListedModel[] {
  return parse(openAiList, json, 'models').data.map((m) => ({
    id: m.id,
    ...(m.name && m.name !== m.id ? { displayName: m.name } : {}),
    ...optionalLimit(m.context_length ?? m.context_window ?? m.max_context_length, m.max_tokens),
    kind: m.type === 'embedding' || looksEmbedding(m.id) ? 'embedding' : 'chat',
  }));
}

function optionalLimit(contextLimit: number | undefined, maxOutputTokens: number | undefined): Partial<Pick<ListedModel, 'contextLimit' | 'maxOutputTokens'>> {
  const out: { contextLimit?: number; maxOutputTokens?: number } = {};
  if (contextLimit) out.contextLimit = contextLimit;
  if (maxOutputTokens && (!contextLimit || maxOutputTokens <= contextLimit)) out.maxOutputTokens = maxOutputTokens;
  return out;
}

/** One page of Anthropic's GET /v1/models. */
const anthropicPage = z.object({
  data: z.array(z.object({ id, display_name: label, max_input_tokens: tokens, max_tokens: tokens })),
  has_more: z.boolean(),
  first_id: z.string().nullable().optional(),
  last_id: z.string().nullable().optional(),
});

export interface AnthropicPage {
  readonly models: ListedModel[];
  /** after_id for the next page; absent on the last one. */
  readonly next?: string;
}

export function parseAnthropicPage(json: unknown): AnthropicPage {
  const page = parse(anthropicPage, json, 'Anthropic models');
  const models = page.data.map((m): ListedModel => ({
    id: m.id,
    ...(m.display_name && m.display_name !== m.id ? { displayName: m.display_name } : {}),
    ...optionalLimit(m.max_input_tokens, m.max_tokens),
    kind: 'chat',
  }));
  const next = page.has_more ? (page.last_id ?? page.data[page.data.length - 1]?.id) : undefined;
  return next ? { models, next } : { models };
}

/** One page of Gemini's GET v1beta/models; `models` is absent when there are none. */
const geminiPage = z.object({
  models: z
    .array(
      z.object({
        name: z.string().regex(/^(models|tunedModels)\/.+/, 'a model name is "models/<id>"'),
        displayName: label,
        inputTokenLimit: tokens,
        outputTokenLimit: tokens,
        supportedGenerationMethods: z.array(z.string()).optional().catch(undefined),
      }),
    )
    .optional(),
  nextPageToken: z.string().optional(),
});

export interface GeminiPage {
  readonly models: ListedModel[];
  readonly next?: string;
}

export function parseGeminiPage(json: unknown): GeminiPage {
  const page = parse(geminiPage, json, 'Gemini models');
  const models = (page.models ?? []).flatMap((m): ListedModel[] => {
    const methods = m.supportedGenerationMethods ?? ['generateContent'];
    const chat = methods.includes('generateContent');
    const embedding = methods.includes('embedContent') || methods.includes('batchEmbedContents');
    if (!chat && !embedding) return []; // AQA, image-only and such cannot be used here.
    return [{
      id: m.name.replace(/^models\//, ''),
      ...(m.displayName ? { displayName: m.displayName } : {}),
      ...(m.inputTokenLimit ? { contextLimit: m.inputTokenLimit + (m.outputTokenLimit ?? 0) } : {}),
      ...(m.outputTokenLimit ? { maxOutputTokens: m.outputTokenLimit } : {}),
      kind: chat ? 'chat' : 'embedding',
    }];
  });
  return page.nextPageToken ? { models, next: page.nextPageToken } : { models };
}

/** Ollama's GET /api/tags. */
const ollamaTags = z.object({
  models: z.array(z.object({ name: id, model: z.string().optional(), details: z.object({ family: z.string().optional() }).optional().catch(undefined) })).nullable(),
});

export function parseOllamaTags(json: unknown): ListedModel[] {
  return (parse(ollamaTags, json, 'Ollama tags').models ?? []).map((m) => ({
    id: m.name,
    kind: looksEmbedding(m.name) || /bert/i.test(m.details?.family ?? '') ? 'embedding' : 'chat',
  }));
}

/** Azure OpenAI's GET {base}/deployments?api-version=…: the ids are deployment names. */
const azureDeployments = z.object({
  data: z.array(z.object({ id, model: z.string().optional(), status: z.string().optional() })),
});

export function parseAzureDeployments(json: unknown): ListedModel[] {
  return parse(azureDeployments, json, 'Azure deployments')
    .data.filter((d) => !d.status || d.status === 'succeeded')
    .map((d) => ({
      id: d.id,
      ...(d.model && d.model !== d.id ? { displayName: `${d.id} (${d.model})` } : {}),
      kind: looksEmbedding(d.model ?? d.id) ? 'embedding' : 'chat',
    }));
}

/** The fields used from Bedrock's ListFoundationModels and ListInferenceProfiles. */
const bedrockModels = z.object({
  modelSummaries: z
    .array(z.object({ modelId: id, modelName: label, outputModalities: z.array(z.string()).optional().catch(undefined), inferenceTypesSupported: z.array(z.string()).optional().catch(undefined) }))
    .optional(),
});
const bedrockProfiles = z.object({
  inferenceProfileSummaries: z.array(z.object({ inferenceProfileId: id, inferenceProfileName: label, status: z.string().optional() })).optional(),
});

/**
 * Foundation models callable on demand, then inference profiles (the only way to call
 * models that are not on demand in a region, such as cross-region Claude).
 */
export function parseBedrockLists(models: unknown, profiles: unknown): ListedModel[] {
  const summaries = parse(bedrockModels, models, 'Bedrock foundation models').modelSummaries ?? [];
  const profileList = parse(bedrockProfiles, profiles, 'Bedrock inference profiles').inferenceProfileSummaries ?? [];
  const fromModels = summaries
    .filter((m) => !m.inferenceTypesSupported || m.inferenceTypesSupported.includes('ON_DEMAND'))
    .filter((m) => !m.outputModalities || m.outputModalities.includes('TEXT') || m.outputModalities.includes('EMBEDDING'))
    .map((m): ListedModel => ({
      id: m.modelId,
      ...(m.modelName ? { displayName: m.modelName } : {}),
      kind: m.outputModalities?.includes('EMBEDDING') && !m.outputModalities.includes('TEXT') ? 'embedding' : 'chat',
    }));
  const fromProfiles = profileList
    .filter((p) => !p.status || p.status === 'ACTIVE')
    .map((p): ListedModel => ({ id: p.inferenceProfileId, ...(p.inferenceProfileName ? { displayName: p.inferenceProfileName } : {}), kind: looksEmbedding(p.inferenceProfileId) ? 'embedding' : 'chat' }));
  return [...fromModels, ...fromProfiles];
}

/** Drops repeated ids (first wins), sorts by id, and refuses absurd lengths. */
export function tidyList(models: readonly ListedModel[]): ListedModel[] {
  if (models.length > maxListedModels) throw new ConnectError('malformed', `The provider listed ${models.length} models; more than ${maxListedModels} is not a model list.`);
  const seen = new Set<string>();
  const out: ListedModel[] = [];
  for (const m of models) {
    if (seen.has(m.id)) continue;
    seen.add(m.id);
    out.push(m);
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}
