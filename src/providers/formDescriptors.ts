/**
 * Generates the settings webview's model forms from the zod schemas, so a field added to
 * modelSchema or to an option family shows up in the form with no other change. Nothing
 * here knows a field by name: everything is read from the schema's input JSON Schema
 * (type, title, description, bounds, enum values, required-ness and the custom `unit` meta).
 *
 * Pure: no vscode, and no import from src/protocol (the protocol depends on providers,
 * not the other way round), so FieldDescriptor is restated here; a unit test checks that
 * every generated descriptor parses with the protocol's fieldDescriptorSchema.
 */
import * as z from 'zod';
import { modelSchema } from './model';
import { modelOptionSchemas, reasoningOptionKeys } from './modelOptions';
import type { OptionFamily } from './providerTypes';

export type FieldControl = 'text' | 'number' | 'toggle' | 'segmented' | 'dropdown' | 'json';

/** Structurally identical to the protocol's FieldDescriptor. */
export interface FieldDescriptor {
  key: string;
  label: string;
  description?: string;
  control: FieldControl;
  required: boolean;
  options?: string[];
  min?: number;
  max?: number;
  integer?: boolean;
  unit?: string;
  hint?: string;
  /** Which reasoning control of the catalog this option is, so the form can narrow it per model. */
  reasoning?: ReasoningRole;
}

/** The catalog's reasoning controls, as option fields: on/off, the effort values, the thinking budget. */
export type ReasoningRole = 'toggle' | 'effort' | 'budget';

export interface FormDescriptor {
  fields: FieldDescriptor[];
}

/** Enums up to this size fit a segmented control; larger ones become dropdowns. */
export const maxSegmentedOptions = 6;

/**
 * Booleans are segmented controls whose options are the JSON spellings of the two values,
 * so the webview stores JSON.parse(choice); an unset optional boolean selects neither.
 */
export const booleanOptions = ['true', 'false'];

type Json = Record<string, unknown>;

const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Follows a local $ref (zod emits one for recursive or id-tagged schemas), keeping sibling keys. */
function deref(node: Json, defs: Json): Json {
  const ref = str(node.$ref);
  const name = ref?.startsWith('#/$defs/') ? ref.slice('#/$defs/'.length) : undefined;
  const target = name !== undefined ? defs[name] : undefined;
  if (!isJson(target)) return node;
  const { $ref: _ignored, ...rest } = node;
  return { ...target, ...rest };
}

/** `.nullable()` shows up as anyOf [X, null]; the form edits X (clearing the field means unset). */
function unwrapNullable(node: Json, defs: Json): Json {
  if (!Array.isArray(node.anyOf)) return node;
  const branches = node.anyOf.filter(isJson).map((b) => deref(b, defs));
  const nonNull = branches.filter((b) => b.type !== 'null');
  if (nonNull.length !== 1 || branches.length !== node.anyOf.length) return node;
  const { anyOf: _ignored, ...rest } = node;
  return { ...nonNull[0], ...rest };
}

/** Values of z.enum (enum), z.literal (const) and unions of literals (anyOf of consts). */
function enumValues(node: Json): string[] | undefined {
  if (Array.isArray(node.enum)) return node.enum.map(String);
  if ('const' in node) return [String(node.const)];
  if (Array.isArray(node.anyOf) && node.anyOf.length > 0 && node.anyOf.every((b) => isJson(b) && 'const' in b)) {
    return node.anyOf.map((b) => String((b as Json).const));
  }
  return undefined;
}

// z.int() without an explicit bound reports the safe-integer range; that is no real limit.
const implicitBound = (v: number) => Math.abs(v) >= Number.MAX_SAFE_INTEGER;

interface Bound {
  value: number;
  inclusive: boolean;
}

/** Reads one side of the range. Exclusive integer bounds become inclusive (> 0 is ≥ 1). */
function bound(node: Json, side: 'min' | 'max', integer: boolean): Bound | undefined {
  const [incKey, excKey, step] = side === 'min' ? ['minimum', 'exclusiveMinimum', 1] : ['maximum', 'exclusiveMaximum', -1];
  const inc = num(node[incKey]);
  const exc = num(node[excKey]);
  if (inc !== undefined && !implicitBound(inc)) return { value: inc, inclusive: true };
  if (exc === undefined || implicitBound(exc)) return undefined;
  return integer ? { value: exc + step, inclusive: true } : { value: exc, inclusive: false };
}

/** en-US grouping; non-integers keep at least one decimal so "0.0–2.0" reads as continuous. */
function formatNumber(n: number, integer: boolean): string {
  const text = integer
    ? n.toLocaleString('en-US', { maximumFractionDigits: 0 })
    : n.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 6 });
  return text.replace(/^-/, '\u2212'); // a true minus sign, as in the schema descriptions
}

/** "0.0–2.0", "1–1,000", "≥ 1,024", "≤ 100"; "−2.0 to 2.0" since a dash after a minus misreads. */
function rangeHint(min: Bound | undefined, max: Bound | undefined, integer: boolean): string | undefined {
  const lo = min && formatNumber(min.value, integer);
  const hi = max && formatNumber(max.value, integer);
  if (min && max && min.inclusive && max.inclusive) return min.value < 0 ? `${lo} to ${hi}` : `${lo}–${hi}`;
  const parts = [min && `${min.inclusive ? '≥' : '>'} ${lo}`, max && `${max.inclusive ? '≤' : '<'} ${hi}`];
  return parts.filter(Boolean).join(', ') || undefined;
}

/** camelCase key → "Camel case"; only used when a field has no title, so it is a fallback. */
function humanize(key: string): string {
  const words = key.split(/(?<=[a-z0-9])(?=[A-Z])|[_\s-]+/).map((w) => w.toLowerCase());
  const text = words.map((w) => (w === 'id' || w === 'url' ? w.toUpperCase() : w)).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function describeProperty(key: string, raw: Json, required: boolean, defs: Json): FieldDescriptor {
  const node = unwrapNullable(deref(raw, defs), defs);
  const field: FieldDescriptor = { key, label: str(node.title) ?? humanize(key.split('.').pop() ?? key), control: 'json', required };
  const description = str(node.description);
  if (description) field.description = description;
  const unit = str(node.unit);
  if (unit) field.unit = unit;

  const values = enumValues(node);
  if (values) {
    field.control = values.length <= maxSegmentedOptions ? 'segmented' : 'dropdown';
    field.options = values;
  } else if (node.type === 'boolean') {
    field.control = 'segmented';
    field.options = [...booleanOptions];
  } else if (node.type === 'number' || node.type === 'integer') {
    const integer = node.type === 'integer';
    const min = bound(node, 'min', integer);
    const max = bound(node, 'max', integer);
    field.control = 'number';
    if (integer) field.integer = true;
    // min/max are inclusive limits for the input; an exclusive float bound lives only in the hint.
    if (min?.inclusive) field.min = min.value;
    if (max?.inclusive) field.max = max.value;
    const hint = rangeHint(min, max, integer);
    if (hint) field.hint = hint;
  } else if (node.type === 'string') {
    field.control = 'text';
  }
  // Everything else (objects, records, arrays, unions, unrepresentable types) is edited as JSON
  // and validated on the host against the same schema.
  return field;
}

/**
 * Describes every field of a zod object, in declaration order. `prefix` is a path the keys
 * are nested under: describeObjectSchema(s, 'options') gives keys like "options.effort".
 */
export function describeObjectSchema(schema: z.ZodObject<z.ZodRawShape, z.core.$ZodObjectConfig>, prefix?: string): FormDescriptor {
  // io 'input': what the user types, so defaulted fields are optional; unrepresentable → {} (JSON).
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  const properties = isJson(json.properties) ? json.properties : {};
  const required = new Set(Array.isArray(json.required) ? json.required : []);
  const defs = isJson(json.$defs) ? json.$defs : {};
  const fields = Object.entries(properties).map(([name, prop]) =>
    describeProperty(prefix ? `${prefix}.${name}` : name, isJson(prop) ? prop : {}, required.has(name), defs),
  );
  return { fields };
}

/** Fields that get their own form rather than a field in the general one. */
const nestedForms = new Set(['options']);

/** The general model fields; `options` is rendered from the provider's option family instead. */
export function modelFormDescriptor(): FormDescriptor {
  return { fields: describeObjectSchema(modelSchema).fields.filter((f) => !nestedForms.has(f.key)) };
}

/** The family's option fields, each reasoning control tagged with its role (from reasoningOptionKeys). */
export function optionFormDescriptor(family: OptionFamily): FormDescriptor {
  const roles = Object.entries(reasoningOptionKeys[family]) as [ReasoningRole, string][];
  const fields = describeObjectSchema(modelOptionSchemas[family], 'options').fields.map((f) => {
    const role = roles.find(([, key]) => `options.${key}` === f.key)?.[0];
    return role ? { ...f, reasoning: role } : f;
  });
  return { fields };
}

export function optionFormsByFamily(): Record<OptionFamily, FormDescriptor> {
  const families = Object.keys(modelOptionSchemas) as OptionFamily[];
  return Object.fromEntries(families.map((f) => [f, optionFormDescriptor(f)])) as Record<OptionFamily, FormDescriptor>;
}
