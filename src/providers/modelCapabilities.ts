/**
 * What a model can take and do, as a catalog describes it: its modalities and the reasoning
 * controls it accepts. Stored on the model (optional fields), so they survive without the
 * catalog and narrow what the model's options accept.
 */
import * as z from 'zod';

export const modalities = ['text', 'image', 'audio', 'video', 'pdf'] as const;
export type Modality = (typeof modalities)[number];

/** Every reasoning-effort value a provider accepts somewhere, weakest first. */
export const reasoningEfforts = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] as const;
export type ReasoningEffort = (typeof reasoningEfforts)[number];

const modalityList = z.array(z.enum(modalities)).max(modalities.length);

export const modelModalitiesSchema = z
  .object({
    /** What the model reads; text unless the catalog says more. */
    input: modalityList.meta({ title: 'Input', description: 'text, image, audio, video, pdf' }),
    /** What the model writes. */
    output: modalityList.meta({ title: 'Output', description: 'text, image, audio, video, pdf' }),
  })
  .strict();
export type ModelModalities = z.infer<typeof modelModalitiesSchema>;

export const reasoningControlsSchema = z
  .object({
    /** Reasoning can be switched on and off per request. */
    toggle: z.boolean().optional(),
    /** The effort values the model accepts, in the catalog's order; absent = no effort control. */
    effort: z.array(z.enum(reasoningEfforts)).min(1).max(reasoningEfforts.length).optional(),
    /** Thinking-budget bounds in tokens; absent = no budget control. */
    budget: z
      .object({ min: z.int().min(0).max(10_000_000).optional(), max: z.int().positive().max(10_000_000).optional() })
      .strict()
      .refine((b) => b.min === undefined || b.max === undefined || b.min <= b.max, 'The budget minimum is above its maximum.')
      .optional(),
  })
  .strict();
export type ReasoningControls = z.infer<typeof reasoningControlsSchema>;
