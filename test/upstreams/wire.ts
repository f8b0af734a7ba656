/** Small helpers shared by the protocol doubles: ids, SSE framing, chunking, JSON schema values. */
import * as crypto from 'node:crypto';
import type * as http from 'node:http';
import type { HandlerContext } from './types';

export function randomId(prefix: string, length = 24): string {
  return prefix + crypto.randomBytes(length).toString('base64url').replace(/[-_]/g, 'x').slice(0, length);
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Splits text into a few deltas (by words, keeping the spaces) so clients must join them. */
export function chunkText(text: string, maxChunks = 4): string[] {
  if (text.length === 0) return [];
  const words = text.match(/\S+\s*|\s+/g) ?? [text];
  const per = Math.max(1, Math.ceil(words.length / maxChunks));
  const out: string[] = [];
  for (let i = 0; i < words.length; i += per) out.push(words.slice(i, i + per).join(''));
  return out;
}

/** Rough token count, good enough for usage fields. */
export function tokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
  const data = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(data),
    ...extraHeaders,
  });
  res.end(data);
}

export function startSse(res: http.ServerResponse, extraHeaders: Record<string, string> = {}): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...extraHeaders,
  });
  res.flushHeaders();
}

/** One SSE frame: optional `event:` line, then `data:`, then a blank line. */
export function sseFrame(data: string, event?: string, eol = '\n'): string {
  return (event ? `event: ${event}${eol}` : '') + `data: ${data}${eol}${eol}`;
}

/**
 * A value that satisfies a JSON schema (the subset model APIs use: type, properties, required,
 * enum, const, items, anyOf/oneOf, minItems, minimum). Strings become `text` unless an enum or
 * const says otherwise. Accepts OpenAPI-style upper-case types (Gemini's responseSchema).
 */
export function valueForSchema(schema: any, text: string, depth = 0): unknown {
  if (!schema || typeof schema !== 'object' || depth > 12) return text;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const alt = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alt) && alt.length > 0) {
    const nonNull = alt.find((s: any) => String(s?.type ?? '').toLowerCase() !== 'null') ?? alt[0];
    return valueForSchema(nonNull, text, depth + 1);
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
    return valueForSchema(Object.assign({}, ...schema.allOf), text, depth + 1);
  }
  let type = schema.type;
  if (Array.isArray(type)) type = type.find((t: string) => String(t).toLowerCase() !== 'null') ?? type[0];
  type = typeof type === 'string' ? type.toLowerCase() : schema.properties ? 'object' : schema.items ? 'array' : 'string';
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = schema.properties ?? {};
      for (const key of Object.keys(props)) out[key] = valueForSchema(props[key], text, depth + 1);
      return out;
    }
    case 'array': {
      const n = Math.max(0, Number(schema.minItems ?? 0));
      return Array.from({ length: n }, () => valueForSchema(schema.items, text, depth + 1));
    }
    // 1 rather than 0 when unconstrained: scores like Gemini CLI's router "complexity_score
    // (1-100)" only say their range in the description, and the client validates it.
    case 'integer':
      return Math.ceil(numberIn(schema));
    case 'number':
      return numberIn(schema);
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return text;
  }
}

/** A delay that never keeps the process alive on its own (a closed double may still be waiting). */
function numberIn(schema: any): number {
  const min = schema.minimum ?? schema.exclusiveMinimum;
  const max = schema.maximum ?? schema.exclusiveMaximum;
  if (typeof min === 'number') return schema.exclusiveMinimum !== undefined ? min + 1 : min;
  if (typeof max === 'number' && max < 1) return max;
  return 1;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Whether the double was told which key to expect and the client sent another. */
export function wrongKey(ctx: HandlerContext): boolean {
  return ctx.options.expectedKey !== undefined && ctx.record.apiKey !== ctx.options.expectedKey;
}
