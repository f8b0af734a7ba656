/**
 * The models.dev catalog format (https://models.dev/api.json), one zod schema per entry:
 * provider id → {id, name, env, npm, api, doc, models{model id → model}}. Lenient where the
 * catalog is merely untidy (an odd optional field is dropped) and strict where a wrong value
 * would mislead (a model without a usable id or context limit is skipped and counted).
 * Extra fields are ignored, never copied.
 */
import * as z from 'zod';
import { limits } from '../fields';
import { modalities, reasoningEfforts, type Modality, type ModelModalities, type ReasoningControls, type ReasoningEffort } from '../modelCapabilities';

/** USD per million tokens, as models.dev gives it. */
export interface CatalogCost {
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
}

export interface CatalogModel {
  /** The models.dev provider section it came from, e.g. "anthropic" or "openrouter". */
  readonly providerId: string;
  /** The id within that section, e.g. "claude-sonnet-4-5-20250929" or "openai/gpt-5". */
  readonly id: string;
  readonly name: string;
  readonly contextLimit: number;
  /** Input tokens alone, when the catalog gives it apart from the context. */
  readonly inputLimit?: number;
  readonly maxOutputTokens?: number;
  readonly cost?: CatalogCost;
  readonly modalities?: ModelModalities;
  readonly reasoning: boolean;
  readonly reasoningControls?: ReasoningControls;
  readonly toolCall: boolean;
  /** "deprecated", "beta"… as the catalog says. */
  readonly status?: string;
}

export interface CatalogProvider {
  readonly id: string;
  readonly name: string;
  /** The OpenAI-compatible base URL, when the catalog has one. */
  readonly api?: string;
  readonly doc?: string;
  readonly env: readonly string[];
  readonly models: readonly CatalogModel[];
}

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length >= 1 && v.length <= max;
export const isTokens = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0 && (v as number) <= limits.contextMax;
export const isPrice = (v: unknown): boolean => v === undefined || (typeof v === 'number' && v >= 0 && v <= 1_000_000);
const isOptional = (v: unknown, check: (v: unknown) => boolean): boolean => v === undefined || check(v);

/** What a model id may not contain (as modelIdSchema): spaces and control characters. */
export const badId = /[\s\u0000-\u001f]/;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const text = (max: number) => z.string().min(1).max(max);
const optionalText = (max: number) => text(max).optional().catch(undefined);
const tokens = z.int().positive().max(limits.contextMax);
const price = z.number().min(0).max(1_000_000).optional().catch(undefined);

export const modalityNames = new Set<string>(modalities);
export const effortNames = new Set<string>(reasoningEfforts);

function knownModalities(list: unknown[]): Modality[] {
  // The usual list is already clean: keep it (it is ours, fresh from JSON.parse) rather than copy.
  let clean = true;
  for (let i = 0; i < list.length && clean; i++) clean = typeof list[i] === 'string' && modalityNames.has(list[i] as string) && list.indexOf(list[i]) === i;
  if (clean) return list as Modality[];
  return [...new Set(list.filter((m): m is Modality => typeof m === 'string' && modalityNames.has(m)))];
}

/** Unknown modality names are dropped rather than failing the model. */
const modalityList = z
  .array(z.unknown())
  .max(64)
  .transform((list) => knownModalities(list));

const catalogModalities = z.object({ input: modalityList.catch([]), output: modalityList.catch([]) });


const reasoningOption = z.discriminatedUnion('type', [
  z.object({ type: z.literal('toggle') }),
  z.object({ type: z.literal('effort'), values: z.array(z.unknown()).max(32) }),
  z.object({ type: z.literal('budget_tokens'), min: z.int().min(0).max(limits.contextMax).optional().catch(undefined), max: tokens.optional().catch(undefined) }),
]);

/** The fast path's check of one option; anything else goes through reasoningOption. */
function plainOption(o: unknown): o is z.infer<typeof reasoningOption> {
  if (!isRecord(o)) return false;
  if (o.type === 'toggle') return true;
  if (o.type === 'effort') return Array.isArray(o.values) && o.values.length <= 32;
  if (o.type !== 'budget_tokens') return false;
  return (o.min === undefined || (Number.isInteger(o.min) && (o.min as number) >= 0 && (o.min as number) <= limits.contextMax)) && (o.max === undefined || isTokens(o.max));
}

/** One reasoning_options list → controls; unknown kinds and effort values are dropped. */
function reasoningControls(list: unknown[] | undefined): ReasoningControls | undefined {
  if (!list?.length) return undefined;
  const controls: ReasoningControls = {};
  for (const raw of list.slice(0, 16)) {
    let o: z.infer<typeof reasoningOption>;
    if (plainOption(raw)) o = raw;
    else {
      const option = reasoningOption.safeParse(raw);
      if (!option.success) continue;
      o = option.data;
    }
    if (o.type === 'toggle') controls.toggle = true;
    else if (o.type === 'effort') {
      const values = o.values.filter((v): v is ReasoningEffort => typeof v === 'string' && effortNames.has(v));
      // The catalog's order is not always weakest first ("max", "xhigh", "high"); ours is.
      if (values.length) controls.effort = reasoningEfforts.filter((e) => values.includes(e));
    } else {
      const budget: NonNullable<ReasoningControls['budget']> = {};
      if (o.min !== undefined) budget.min = o.min;
      if (o.max !== undefined && (o.min === undefined || o.max >= o.min)) budget.max = o.max;
      controls.budget = budget;
    }
  }
  return Object.keys(controls).length ? controls : undefined;
}

/** One model entry. Only id (or its key) and limit.context are required. */
export const catalogModelSchema = z.object({
  id: text(limits.modelIdMax).optional().catch(undefined),
  name: optionalText(256),
  limit: z.object({ context: tokens, input: tokens.optional().catch(undefined), output: tokens.optional().catch(undefined) }),
  cost: z.object({ input: price, output: price, cache_read: price, cache_write: price }).optional().catch(undefined),
  modalities: catalogModalities.optional().catch(undefined),
  reasoning: z.boolean().optional().catch(undefined),
  reasoning_options: z.array(z.unknown()).max(64).optional().catch(undefined),
  tool_call: z.boolean().optional().catch(undefined),
  status: optionalText(64),
});

/** A provider section without its models, which are checked one by one. */
export const catalogProviderSchema = z.object({
  id: text(200).optional().catch(undefined),
  name: optionalText(256),
  api: optionalText(limits.urlMax),
  doc: optionalText(limits.urlMax),
  env: z.array(z.string().max(200)).max(32).optional().catch(undefined),
  // Not z.record: its output is a fresh object, where a "__proto__" model id would vanish.
  models: z.custom<Record<string, unknown>>(isRecord, 'models is not an object of models'),
});

/** Turns a validated entry into the shape the rest of Switchboard uses. */
export function toCatalogModel(providerId: string, key: string, m: z.infer<typeof catalogModelSchema>): CatalogModel | undefined {
  const id = m.id ?? key;
  if (!id || id.length > limits.modelIdMax || badId.test(id)) return undefined;
  const out: Mutable<CatalogModel> = {
    providerId,
    id,
    name: m.name ?? id,
    contextLimit: m.limit.context,
    reasoning: m.reasoning ?? false,
    toolCall: m.tool_call ?? false,
  };
  if (m.limit.input !== undefined) out.inputLimit = m.limit.input;
  if (m.limit.output !== undefined) out.maxOutputTokens = m.limit.output;
  if (m.cost) {
    const cost: CatalogCost = {};
    if (m.cost.input !== undefined) cost.input = m.cost.input;
    if (m.cost.output !== undefined) cost.output = m.cost.output;
    if (m.cost.cache_read !== undefined) cost.cacheRead = m.cost.cache_read;
    if (m.cost.cache_write !== undefined) cost.cacheWrite = m.cost.cache_write;
    if (Object.keys(cost).length) out.cost = cost;
  }
  if (m.modalities && (m.modalities.input.length || m.modalities.output.length)) out.modalities = m.modalities;
  const controls = reasoningControls(m.reasoning_options);
  if (controls) out.reasoningControls = controls;
  if (m.status) out.status = m.status;
  return out;
}

/**
 * The common case without zod: an entry whose every field already has the right type (an
 * input or output limit aside: models.dev writes 0 when it does not know, and the schema drops
 * any unusable one) is read straight into a CatalogModel (several times faster on the
 * 5,000-model catalog, which then never needs zod).
 * Anything unusual returns undefined and goes through catalogModelSchema, which decides
 * what to keep; a unit test holds the two paths to the same answer.
 */
function plainModel(providerId: string, key: string, m: unknown): CatalogModel | undefined {
  if (!isRecord(m)) return undefined;
  const { limit, cost, modalities: mod, reasoning_options: options, id = key, name, reasoning, tool_call: toolCall, status } = m;
  if (!isRecord(limit) || !isTokens(limit.context)) return undefined;
  if (!isText(id, limits.modelIdMax) || badId.test(id) || !isOptional(name, (v) => isText(v, 256)) || !isOptional(status, (v) => isText(v, 64))) return undefined;
  if (!isOptional(reasoning, (v) => typeof v === 'boolean') || !isOptional(toolCall, (v) => typeof v === 'boolean')) return undefined;
  if (cost !== undefined && !(isRecord(cost) && isPrice(cost.input) && isPrice(cost.output) && isPrice(cost.cache_read) && isPrice(cost.cache_write))) return undefined;
  if (mod !== undefined && !(isRecord(mod) && Array.isArray(mod.input) && mod.input.length <= 64 && Array.isArray(mod.output) && mod.output.length <= 64)) return undefined;
  if (options !== undefined && !(Array.isArray(options) && options.length <= 64)) return undefined;
  const out: Mutable<CatalogModel> = { providerId, id, name: (name as string | undefined) ?? id, contextLimit: limit.context, reasoning: (reasoning as boolean | undefined) ?? false, toolCall: (toolCall as boolean | undefined) ?? false };
  // As the schema's .catch(undefined): an unusable input or output limit (models.dev writes 0 for "unknown") is dropped.
  if (isTokens(limit.input)) out.inputLimit = limit.input;
  if (isTokens(limit.output)) out.maxOutputTokens = limit.output;
  if (isRecord(cost)) {
    const c: CatalogCost = {};
    if (cost.input !== undefined) c.input = cost.input as number;
    if (cost.output !== undefined) c.output = cost.output as number;
    if (cost.cache_read !== undefined) c.cacheRead = cost.cache_read as number;
    if (cost.cache_write !== undefined) c.cacheWrite = cost.cache_write as number;
    if (c.input !== undefined || c.output !== undefined || c.cacheRead !== undefined || c.cacheWrite !== undefined) out.cost = c;
  }
  if (isRecord(mod)) {
    const input = knownModalities(mod.input as unknown[]);
    const output = knownModalities(mod.output as unknown[]);
    if (input.length || output.length) out.modalities = { input, output };
  }
  const controls = reasoningControls(options as unknown[] | undefined);
  if (controls) out.reasoningControls = controls;
  if (status !== undefined) out.status = status as string;
  return out;
}

export type ModelRead = { readonly model: CatalogModel } | { readonly error: string };

/** One model entry: the fast path, else zod. */
export function readCatalogModel(providerId: string, key: string, raw: unknown, viaZodOnly = false): ModelRead {
  const plain = viaZodOnly ? undefined : plainModel(providerId, key, raw);
  if (plain) return { model: plain };
  const parsed = catalogModelSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { error: issue ? `${issue.path.join('.') || 'entry'}: ${issue.message}` : 'not a model' };
  }
  const model = toCatalogModel(providerId, key, parsed.data);
  return model ? { model } : { error: 'unusable model id' };
}
