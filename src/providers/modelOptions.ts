/**
 * Provider-specific model options, one schema per option family. These schemas are the
 * single source for validation and for the generated model form, so every field carries
 * a title and a description.
 */
import * as z from 'zod';
import { reasoningEfforts } from './modelCapabilities';
import type { OptionFamily } from './providerTypes';

/** Every value some model accepts; a model's catalog reasoning controls narrow it further. */
const effort = z.enum(reasoningEfforts);

const anthropicOptions = z
  .object({
    thinkingBudgetTokens: z.int().min(1024).max(128_000).optional().meta({
      title: 'Thinking budget (tokens)',
      description: 'Tokens the model may spend on extended thinking. At least 1,024; must stay below max output tokens.',
      unit: 'tokens',
    }),
    effort: z.enum(['low', 'medium', 'high', 'xhigh', 'max']).optional().meta({
      title: 'Effort',
      description: 'How much effort the model spends on a reply. "xhigh" and "max" are only accepted by the largest models.',
    }),
  })
  .strict();

const openaiOptions = z
  .object({
    reasoningEffort: effort.optional().meta({
      title: 'Reasoning effort',
      description: 'For reasoning models (o-series, GPT-5, DeepSeek): how long the model thinks before answering. Each model accepts only some values; the catalog says which.',
    }),
    maxCompletionTokens: z.int().positive().max(10_000_000).optional().meta({
      title: 'Max completion tokens',
      description: 'Upper bound on generated tokens, reasoning tokens included. Replaces max_tokens for reasoning models.',
      unit: 'tokens',
    }),
    parallelToolCalls: z.boolean().optional().meta({
      title: 'Parallel tool calls',
      description: 'Let the model call several tools in one turn.',
    }),
  })
  .strict();

const harmCategory = z.enum([
  'HARM_CATEGORY_HARASSMENT',
  'HARM_CATEGORY_HATE_SPEECH',
  'HARM_CATEGORY_SEXUALLY_EXPLICIT',
  'HARM_CATEGORY_DANGEROUS_CONTENT',
  'HARM_CATEGORY_CIVIC_INTEGRITY',
]);
const harmThreshold = z.enum(['BLOCK_NONE', 'BLOCK_ONLY_HIGH', 'BLOCK_MEDIUM_AND_ABOVE', 'BLOCK_LOW_AND_ABOVE', 'OFF']);

const geminiOptions = z
  .object({
    thinkingBudget: z.int().min(-1).max(32_768).optional().meta({
      title: 'Thinking budget',
      description: 'Tokens for thinking: 0 turns it off where allowed, -1 lets the model decide.',
      unit: 'tokens',
    }),
    thinkingLevel: z.enum(['minimal', 'low', 'medium', 'high']).optional().meta({
      title: 'Thinking level',
      description: 'Gemini 3 and later: how much the model thinks, instead of a token budget.',
    }),
    includeThoughts: z.boolean().optional().meta({
      title: 'Include thoughts',
      description: 'Return thought summaries with the answer.',
    }),
    safetySettings: z
      .array(
        z
          .object({
            category: harmCategory.meta({ title: 'Category', description: 'The harm category this setting applies to.' }),
            threshold: harmThreshold.meta({ title: 'Threshold', description: 'The probability at which content is blocked.' }),
          })
          .strict(),
      )
      .max(harmCategory.options.length)
      .optional()
      .meta({ title: 'Safety settings', description: 'Per-category blocking thresholds; categories left out use Google\'s defaults.' }),
  })
  .strict();

const openrouterOptions = z
  .object({
    reasoningEnabled: z.boolean().optional().meta({
      title: 'Reasoning enabled',
      description: 'Ask OpenRouter to enable reasoning on models that support it.',
    }),
    reasoningEffort: effort.optional().meta({
      title: 'Reasoning effort',
      description: 'Normalised by OpenRouter into each upstream model\'s own setting.',
    }),
    providerOrder: z.array(z.string().min(1).max(100)).max(50).optional().meta({
      title: 'Provider order',
      description: 'Upstream providers to try first, in order (for example "anthropic", "google-vertex").',
    }),
    allowFallbacks: z.boolean().optional().meta({
      title: 'Allow fallbacks',
      description: 'Let OpenRouter use other upstream providers when the preferred ones fail.',
    }),
  })
  .strict();

const vercelOptions = z
  .object({
    reasoningEnabled: z.boolean().optional().meta({
      title: 'Reasoning enabled',
      description: 'Enable reasoning on models that support it.',
    }),
    reasoningEffort: effort.optional().meta({
      title: 'Reasoning effort',
      description: 'How long the model thinks before answering.',
    }),
    providerOptions: z.record(z.string().min(1), z.record(z.string(), z.json())).optional().meta({
      title: 'Provider options',
      description: 'Passed through as the AI SDK\'s providerOptions, keyed by upstream provider (for example {"anthropic": {"cacheControl": …}}).',
    }),
  })
  .strict();

export const modelOptionSchemas = {
  anthropic: anthropicOptions,
  openai: openaiOptions,
  gemini: geminiOptions,
  openrouter: openrouterOptions,
  vercel: vercelOptions,
} as const satisfies Record<OptionFamily, z.ZodType>;

export type ModelOptions = { [F in OptionFamily]: z.infer<(typeof modelOptionSchemas)[F]> }[OptionFamily];

/** Where each reasoning control of the catalog lands in a family's options. */
export const reasoningOptionKeys: Record<OptionFamily, { toggle?: string; effort?: string; budget?: string }> = {
  anthropic: { effort: 'effort', budget: 'thinkingBudgetTokens' },
  openai: { effort: 'reasoningEffort' },
  gemini: { effort: 'thinkingLevel', budget: 'thinkingBudget' },
  openrouter: { toggle: 'reasoningEnabled', effort: 'reasoningEffort' },
  vercel: { toggle: 'reasoningEnabled', effort: 'reasoningEffort' },
};
