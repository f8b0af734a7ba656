/**
 * The models.dev catalog format (https://models.dev/api.json), one zod schema per entry:
 * provider id → {id, name, env, npm, api, doc, models{model id → model}}. Lenient where the
 * catalog is merely untidy (an odd optional field is dropped) and strict where a wrong value
 * would mislead (a model without a usable id or context limit is skipped and counted).
 * Extra fields are ignored, never copied.
 */
import * as z from 'zod';
import { limits } from '../fields';
import type { ModelModalities, ReasoningControls } from '../modelCapabilities';
import { badId, hasBadIdChar, isPrice, isRecord, isText, isTokens, knownModalities } from './catalogChecks';
import { reasoningControls } from './reasoningOptions';

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

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const text = (max: number) => z.string().min(1).max(max);
const optionalText = (max: number) => text(max).optional().catch(undefined);
const tokens = z.int().positive().max(limits.contextMax);
const price = z.number().min(0).max(1_000_000).optional().catch(undefined);

/** Unknown modality names are dropped rather than failing the model. */
const modalityList = z
  .array(z.unknown())
  .max(64)
  .transform((list) => knownModalities(list));

const catalogModalities = z.object({ input: modalityList.catch([]), output: modalityList.catch([]) });

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
 * what to keep; unit tests hold the two paths to the same answer.
 * Plain loads and no closures or intermediate objects: it runs once per catalog model.
 */
function plainModel(providerId: string, key: string, m: unknown): CatalogModel | undefined {
  if (!isRecord(m)) return undefined;
  const limit = m.limit;
  if (!isRecord(limit)) return undefined;
  const context = limit.context;
  if (!isTokens(context)) return undefined;
  let id = m.id;
  if (id === undefined) id = key;
  if (!isText(id, limits.modelIdMax) || hasBadIdChar(id)) return undefined;
  const { name, status, reasoning, tool_call: toolCall, cost, modalities: mod, reasoning_options: options } = m;
  if ((name !== undefined && !isText(name, 256)) || (status !== undefined && !isText(status, 64))) return undefined;
  if ((reasoning !== undefined && typeof reasoning !== 'boolean') || (toolCall !== undefined && typeof toolCall !== 'boolean')) return undefined;
  let costIn, costOut, cacheRead, cacheWrite;
  if (cost !== undefined) {
    if (!isRecord(cost)) return undefined;
    costIn = cost.input;
    costOut = cost.output;
    cacheRead = cost.cache_read;
    cacheWrite = cost.cache_write;
    if (!isPrice(costIn) || !isPrice(costOut) || !isPrice(cacheRead) || !isPrice(cacheWrite)) return undefined;
  }
  let modIn, modOut;
  if (mod !== undefined) {
    if (!isRecord(mod)) return undefined;
    modIn = mod.input;
    modOut = mod.output;
    if (!Array.isArray(modIn) || modIn.length > 64 || !Array.isArray(modOut) || modOut.length > 64) return undefined;
  }
  if (options !== undefined && !(Array.isArray(options) && options.length <= 64)) return undefined;
  const out: Mutable<CatalogModel> = { providerId, id, name: name === undefined ? id : name, contextLimit: context, reasoning: reasoning === true, toolCall: toolCall === true };
  // As the schema's .catch(undefined): an unusable input or output limit (models.dev writes 0 for "unknown") is dropped.
  const { input, output } = limit;
  if (isTokens(input)) out.inputLimit = input;
  if (isTokens(output)) out.maxOutputTokens = output;
  if (costIn !== undefined || costOut !== undefined || cacheRead !== undefined || cacheWrite !== undefined) {
    const c: CatalogCost = {};
    if (costIn !== undefined) c.input = costIn as number;
    if (costOut !== undefined) c.output = costOut as number;
    if (cacheRead !== undefined) c.cacheRead = cacheRead as number;
    if (cacheWrite !== undefined) c.cacheWrite = cacheWrite as number;
    out.cost = c;
  }
  if (modIn !== undefined) {
    const inputs = knownModalities(modIn as unknown[]);
    const outputs = knownModalities(modOut as unknown[]);
    if (inputs.length || outputs.length) out.modalities = { input: inputs, output: outputs };
  }
  const controls = reasoningControls(options as unknown[] | undefined);
  if (controls) out.reasoningControls = controls;
  if (status !== undefined) out.status = status as string;
  return out;
}

export type ModelRead = { readonly model: CatalogModel } | { readonly error: string };

/** One model entry: the fast path, else zod. */
export function readCatalogModel(providerId: string, key: string, raw: unknown, viaZodOnly = false): ModelRead {
  const read = viaZodOnly ? viaZod(providerId, key, raw) : readModelEntry(providerId, key, raw);
  return typeof read === 'string' ? { error: read } : { model: read };
}

/** As readCatalogModel, without a wrapper object per model: the model, or why it is skipped. */
export function readModelEntry(providerId: string, key: string, raw: unknown): CatalogModel | string {
  return plainModel(providerId, key, raw) ?? viaZod(providerId, key, raw);
}

function viaZod(providerId: string, key: string, raw: unknown): CatalogModel | string {
  const parsed = catalogModelSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return issue ? `${issue.path.join('.') || 'entry'}: ${issue.message}` : 'not a model';
  }
  return toCatalogModel(providerId, key, parsed.data) ?? 'unusable model id';
}
