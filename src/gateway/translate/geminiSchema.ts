/**
 * What a Gemini generateContent request may hold, as zod schemas (loose: unknown fields and
 * part kinds pass and are skipped), plus the REST API's snake_case names and Gemini's
 * OpenAPI-style schemas brought to the forms the parser and the other formats read.
 */
import * as z from 'zod';
import { jsonObject, optBool, optNum, optStr } from './validate';

type Any = { [k: string]: any };

const blob = z.looseObject({ mimeType: optStr, data: z.string() });
const fileData = z.looseObject({ fileUri: z.string(), mimeType: optStr });
const media = z.looseObject({ inlineData: blob.nullish(), fileData: fileData.nullish() });
const part = z.looseObject({
  text: optStr,
  thought: optBool,
  inlineData: blob.nullish(),
  fileData: fileData.nullish(),
  functionCall: z.looseObject({ id: optStr, name: z.string(), args: jsonObject.nullish() }).nullish(),
  functionResponse: z.looseObject({ id: optStr, name: z.string(), response: jsonObject.nullish(), parts: z.array(media).nullish() }).nullish(),
});
const content = z.looseObject({ role: optStr, parts: z.array(part).nullish() });
const declaration = z.looseObject({ name: z.string(), description: optStr, parameters: jsonObject.nullish(), parametersJsonSchema: z.unknown() });
export const requestSchema = z.looseObject({
  model: optStr,
  stream: optBool,
  contents: z.array(content),
  systemInstruction: z.union([z.string(), content]).nullish(),
  tools: z.array(z.looseObject({ functionDeclarations: z.array(declaration).nullish() })).nullish(),
  toolConfig: z.looseObject({ functionCallingConfig: z.looseObject({ mode: optStr, allowedFunctionNames: z.array(z.string()).nullish() }).nullish() }).nullish(),
  generationConfig: z
    .looseObject({
      temperature: optNum,
      topP: optNum,
      topK: optNum,
      maxOutputTokens: optNum,
      stopSequences: z.array(z.string()).nullish(),
      presencePenalty: optNum,
      frequencyPenalty: optNum,
      responseMimeType: optStr,
      thinkingConfig: z.looseObject({ includeThoughts: optBool, thinkingBudget: optNum, thinkingLevel: optStr }).nullish(),
    })
    .nullish(),
});


/**
 * The REST API takes proto field names in snake_case too (curl examples use them). Known
 * field names are camel-cased; the values that are the client's own data (arguments, tool
 * results, schemas) are left exactly as they are.
 */
const snake = new Set([
  'system_instruction', 'generation_config', 'tool_config', 'function_calling_config', 'allowed_function_names', 'function_declarations',
  'inline_data', 'file_data', 'mime_type', 'file_uri', 'function_call', 'function_response', 'thought_signature', 'max_output_tokens',
  'top_p', 'top_k', 'stop_sequences', 'presence_penalty', 'frequency_penalty', 'response_mime_type', 'response_schema',
  'response_json_schema', 'thinking_config', 'thinking_budget', 'include_thoughts', 'thinking_level', 'parameters_json_schema',
]);
const opaque = new Set(['args', 'response', 'parameters', 'parametersJsonSchema', 'responseSchema', 'responseJsonSchema']);

export function camelize(value: unknown, depth = 0): unknown {
  if (depth > 12 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => camelize(v, depth + 1));
  const out: Any = {};
  for (const [k, v] of Object.entries(value)) {
    const key = snake.has(k) ? k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) : k;
    out[key] = opaque.has(key) ? v : camelize(v, depth + 1);
  }
  return out;
}

/** Gemini's OpenAPI-style `parameters` (type "OBJECT", nullable) as JSON Schema. */
export function jsonSchemaOf(s: unknown, depth = 0): unknown {
  if (depth > 32 || s === null || typeof s !== 'object') return s;
  if (Array.isArray(s)) return s.map((v) => jsonSchemaOf(v, depth + 1));
  const src = s as Any;
  const out: Any = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === 'nullable' || k === 'propertyOrdering') continue;
    if (k === 'type') {
      if (typeof v === 'string' && v !== 'TYPE_UNSPECIFIED') out.type = v.toLowerCase();
    } else if (k === 'properties' && v && typeof v === 'object') {
      out.properties = Object.fromEntries(Object.entries(v).map(([name, p]) => [name, jsonSchemaOf(p, depth + 1)]));
    } else if (k === 'items' || k === 'anyOf' || k === 'oneOf' || k === 'allOf') out[k] = jsonSchemaOf(v, depth + 1);
    else if (/^(min|max)(Items|Length|Properties)$/.test(k) && typeof v === 'string' && /^\d+$/.test(v)) out[k] = Number(v);
    else out[k] = v;
  }
  if (src.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}
