/**
 * Converts between a model object and the generated model form's text values, driven only
 * by FieldDescriptors: the form never knows provider-specific fields by name.
 */
import type { FieldDescriptor, ModelView } from '../protocol/messages';
import type { ModelFormValues } from './uiState';

function getPath(source: Record<string, unknown>, key: string): unknown {
  let current: unknown = source;
  for (const part of key.split('.')) {
    if (!current || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let current = target;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    if (!next || typeof next !== 'object' || Array.isArray(next)) current[part] = {};
    current = current[part] as Record<string, unknown>;
  }
  current[parts[parts.length - 1]] = value;
}

function deletePath(target: Record<string, unknown>, key: string): void {
  const parts = key.split('.');
  const parent = getPath(target, parts.slice(0, -1).join('.')) as Record<string, unknown> | undefined;
  const holder = parts.length === 1 ? target : parent;
  if (holder && typeof holder === 'object') delete holder[parts[parts.length - 1]];
}

/** Segmented/toggle fields whose choices are true/false carry booleans, not strings. */
export function isBooleanField(field: FieldDescriptor): boolean {
  if (field.control === 'toggle') return true;
  const options = field.options?.map((o) => o.toLowerCase());
  return field.control === 'segmented' && options?.length === 2 && options.includes('true') && options.includes('false');
}

/** The choices a segmented or toggle control offers. */
export function choicesOf(field: FieldDescriptor): string[] {
  if (field.options?.length) return field.options;
  return field.control === 'toggle' ? ['true', 'false'] : [];
}

function toText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value, null, 2);
}

export function modelValuesFromView(model: ModelView | undefined, fields: readonly FieldDescriptor[]): ModelFormValues {
  const values: ModelFormValues = {};
  for (const field of fields) values[field.key] = model ? toText(getPath(model as Record<string, unknown>, field.key)) : '';
  return values;
}

/** Number fields are type=number inputs, so their text is a plain decimal (or empty). */
export function parseNumber(text: string): number | undefined {
  const value = text.trim() === '' ? NaN : Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** A problem the webview can see before asking the host: unparseable numbers and JSON. */
export function localProblem(field: FieldDescriptor, text: string): string | undefined {
  if (!text.trim()) return undefined;
  if (field.control === 'number' && parseNumber(text) === undefined) return 'Enter a number.';
  if (field.control === 'json') {
    try {
      JSON.parse(text);
    } catch (error) {
      return `Not valid JSON: ${(error as Error).message}`;
    }
  }
  return undefined;
}

function parseValue(field: FieldDescriptor, text: string): unknown {
  if (field.control === 'number') return parseNumber(text);
  if (field.control === 'json') return JSON.parse(text);
  if (isBooleanField(field)) return text.toLowerCase() === 'true';
  return text;
}

export interface BuiltModel {
  model: Record<string, unknown>;
  problems: Record<string, string>;
}

/**
 * Builds the model to submit. Values of fields the form shows replace the original's; empty
 * fields are omitted; values the form does not describe are kept from the original so an
 * edit never drops data the host knows and this form does not.
 */
export function buildModel(values: ModelFormValues, fields: readonly FieldDescriptor[], original?: ModelView): BuiltModel {
  const model: Record<string, unknown> = original ? plainCopy(original) : {};
  const problems: Record<string, string> = {};
  for (const field of fields) {
    deletePath(model, field.key);
    const text = values[field.key] ?? '';
    if (!text.trim()) continue;
    const problem = localProblem(field, text);
    if (problem) problems[field.key] = problem;
    else setPath(model, field.key, parseValue(field, text));
  }
  const options = model.options;
  if (options && typeof options === 'object' && Object.keys(options).length === 0) delete model.options;
  return { model, problems };
}

/** State from Svelte may be a proxy; the submitted model must be a plain, detached object. */
function plainCopy(value: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
