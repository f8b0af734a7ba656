/**
 * Narrows the option fields tagged as reasoning controls to what one model accepts, from the
 * model's reasoning flag and controls (filled in from the catalog) as the form holds them:
 * the effort values it offers, its thinking-budget range, and no reasoning fields at all for
 * a model the catalog says does not reason. Generic over the tags the host generates, so no
 * provider is named here. Pure (no DOM), so unit tests run it in Node.
 */
import type { FieldDescriptor } from '../protocol/messages';

export interface NarrowedFields {
  fields: FieldDescriptor[];
  /** Why reasoning fields are not shown, when they are not. */
  note?: string;
}

interface Controls {
  toggle?: boolean;
  effort?: string[];
  budget?: { min?: number; max?: number };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The controls as typed in the form's JSON field; undefined when empty or unreadable (then nothing is narrowed). */
export function readControls(text: string | undefined): Controls | undefined {
  if (!text?.trim()) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  const out: Controls = {};
  if (typeof value.toggle === 'boolean') out.toggle = value.toggle;
  if (Array.isArray(value.effort)) out.effort = value.effort.filter((e): e is string => typeof e === 'string');
  if (isObject(value.budget)) out.budget = { ...(num(value.budget.min) !== undefined ? { min: num(value.budget.min) } : {}), ...(num(value.budget.max) !== undefined ? { max: num(value.budget.max) } : {}) };
  return out;
}

const tokens = (n: number) => n.toLocaleString('en-US');

function narrowBudget(field: FieldDescriptor, budget: NonNullable<Controls['budget']>): FieldDescriptor {
  // Where the family allows 0 and −1 ("off", "dynamic"), the input keeps its minimum; the hint shows the model's range.
  const special = field.min !== undefined && field.min <= 0;
  const min = budget.min === undefined || special ? field.min : Math.max(budget.min, field.min ?? budget.min);
  const max = budget.max === undefined ? field.max : Math.min(budget.max, field.max ?? budget.max);
  const from = special ? budget.min : min;
  const range = from !== undefined && max !== undefined ? `${tokens(from)}–${tokens(max)}` : max !== undefined ? `≤ ${tokens(max)}` : from !== undefined ? `≥ ${tokens(from)}` : undefined;
  return { ...field, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}), ...(range ? { hint: `${range} for this model` } : {}) };
}

/**
 * `reasoning` and `controls` are the model's, as the form holds them ("true"/"false"/"" and
 * JSON text). A model with no reasoning information keeps every field as the family has it.
 */
export function narrowReasoningFields(fields: readonly FieldDescriptor[], reasoning: string | undefined, controlsText: string | undefined): NarrowedFields {
  if (reasoning === 'false') {
    const kept = fields.filter((f) => !f.reasoning);
    return kept.length === fields.length ? { fields: kept } : { fields: kept, note: 'This model does not reason (says the catalog), so it has no reasoning options.' };
  }
  const controls = readControls(controlsText);
  if (!controls) return { fields: [...fields] };
  const out: FieldDescriptor[] = [];
  for (const field of fields) {
    if (field.reasoning === 'toggle') {
      if (controls.toggle) out.push(field);
    } else if (field.reasoning === 'effort') {
      const options = field.options?.filter((o) => controls.effort?.includes(o)) ?? [];
      if (options.length) out.push({ ...field, options });
    } else if (field.reasoning === 'budget') {
      if (controls.budget) out.push(narrowBudget(field, controls.budget));
    } else {
      out.push(field);
    }
  }
  return { fields: out };
}
