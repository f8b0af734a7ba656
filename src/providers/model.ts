/** A model offered by a provider, with its limits and sampling settings. */
import * as z from 'zod';
import { contextLimitSchema, modelIdSchema } from './fields';
import { modelModalitiesSchema, reasoningControlsSchema, type ReasoningControls } from './modelCapabilities';
import { modelOptionSchemas, reasoningOptionKeys } from './modelOptions';
import type { OptionFamily } from './providerTypes';

export const modelKinds = ['chat', 'embedding'] as const;
export type ModelKind = (typeof modelKinds)[number];

/** The fields every model has, whatever its provider type. */
export const modelSchema = z
  .object({
    /** Sent to the provider verbatim; an Azure deployment name for azure-openai. */
    id: modelIdSchema.meta({ title: 'Model id', description: 'Sent to the provider exactly as written; may contain / and : (an Azure deployment name for Azure OpenAI).' }),
    displayName: z.string().trim().min(1).max(256).optional().meta({ title: 'Display name', description: 'Shown in the picker; defaults to the model id.' }),
    contextLimit: contextLimitSchema.meta({ title: 'Context limit', description: 'Input plus output tokens the model accepts.', unit: 'tokens' }),
    compressionThreshold: z.number().min(0, 'The compression threshold is 0–100%.').max(100, 'The compression threshold is 0–100%.').optional().meta({
      title: 'Compression threshold (%)',
      description: 'Share of the context limit at which agents compact the conversation.',
      unit: '%',
    }),
    maxOutputTokens: z.int('Enter a whole number of tokens.').positive('Max output tokens is at least 1.').max(10_000_000).optional().meta({
      title: 'Max output tokens',
      description: 'Upper bound on tokens generated per reply.',
      unit: 'tokens',
    }),
    temperature: z.number().min(0, 'Temperature is 0–2.').max(2, 'Temperature is 0–2.').optional().meta({ title: 'Temperature', description: 'Higher is more random. 0–2.' }),
    topP: z.number().min(0, 'Top-p is 0–1.').max(1, 'Top-p is 0–1.').optional().meta({ title: 'Top-p', description: 'Nucleus sampling mass. 0–1.' }),
    topK: z.int('Top-k is a whole number.').min(1, 'Top-k is at least 1.').max(1000).optional().meta({ title: 'Top-k', description: 'Sample from the k likeliest tokens.' }),
    presencePenalty: z.number().min(-2, 'Presence penalty is −2 to 2.').max(2, 'Presence penalty is −2 to 2.').optional().meta({ title: 'Presence penalty', description: '−2 to 2; positive values favour new topics.' }),
    frequencyPenalty: z.number().min(-2, 'Frequency penalty is −2 to 2.').max(2, 'Frequency penalty is −2 to 2.').optional().meta({ title: 'Frequency penalty', description: '−2 to 2; positive values discourage repetition.' }),
    kind: z.enum(modelKinds).default('chat').meta({ title: 'Kind', description: 'Chat models appear in the picker; embedding models serve indexing.' }),
    /** From the catalog; absent on models added by hand. */
    modalities: modelModalitiesSchema.optional().meta({
      title: 'Modalities',
      description: 'What the model reads and writes, e.g. {"input": ["text", "image"], "output": ["text"]}. Filled in from the catalog.',
    }),
    reasoning: z.boolean().optional().meta({ title: 'Reasoning', description: 'The model thinks before it answers. Filled in from the catalog.' }),
    /** Narrows the options: effort values and thinking-budget bounds the model accepts. */
    reasoningControls: reasoningControlsSchema.optional().meta({
      title: 'Reasoning controls',
      description: 'What the model accepts: {"toggle": true} turns reasoning on and off, "effort" lists its effort values, "budget" bounds its thinking tokens. Filled in from the catalog; the options are checked against it.',
    }),
    /** Provider-specific; validated against the provider type's option family. */
    options: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.maxOutputTokens !== undefined && m.maxOutputTokens > m.contextLimit) {
      ctx.addIssue({ code: 'custom', path: ['maxOutputTokens'], message: 'Max output tokens cannot exceed the context limit.' });
    }
  });

export type Model = z.infer<typeof modelSchema>;
export type ModelInput = z.input<typeof modelSchema>;

/**
 * Checks a model's options against its provider's family, with paths under "options"; with
 * the model's reasoning controls, also that the effort is one the model accepts and the
 * thinking budget is within its bounds (0 and -1, "off" and "dynamic", are left to the family).
 */
export function validateModelOptions(family: OptionFamily, options: unknown, controls?: ReasoningControls): z.core.$ZodIssue[] {
  if (options === undefined) return [];
  const result = modelOptionSchemas[family].safeParse(options);
  if (!result.success) return result.error.issues.map((i) => ({ ...i, path: ['options', ...i.path] }));
  if (!controls) return [];
  const values = result.data as Record<string, unknown>;
  const keys = reasoningOptionKeys[family];
  const issues: z.core.$ZodIssue[] = [];
  const issue = (key: string, message: string) => issues.push({ code: 'custom', path: ['options', key], message, input: values[key] });
  const effort = keys.effort === undefined ? undefined : values[keys.effort];
  if (keys.effort && typeof effort === 'string' && controls.effort && !(controls.effort as string[]).includes(effort)) {
    issue(keys.effort, `This model accepts ${controls.effort.join(', ')}, not ${effort}.`);
  }
  const budget = keys.budget === undefined ? undefined : values[keys.budget];
  if (keys.budget && typeof budget === 'number' && budget > 0 && controls.budget) {
    const { min, max } = controls.budget;
    if (min !== undefined && budget < min) issue(keys.budget, `This model's thinking budget is at least ${min.toLocaleString('en-US')} tokens.`);
    if (max !== undefined && budget > max) issue(keys.budget, `This model's thinking budget is at most ${max.toLocaleString('en-US')} tokens.`);
  }
  return issues;
}

export function modelLabel(model: Pick<Model, 'id' | 'displayName'>): string {
  return model.displayName ?? model.id;
}

/** Coder's default: compact at 70%, or at 30% once the window reaches 500k tokens. */
export function defaultCompressionThreshold(contextLimit: number): number {
  return contextLimit >= 500_000 ? 30 : 70;
}
