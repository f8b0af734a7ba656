/**
 * Zod helpers for client requests: loose objects (unknown fields pass), content blocks checked
 * by their `type` only when the type is one we translate, and errors that name the path:
 * `messages[2].content[0].type: …`.
 */
import * as z from 'zod';

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly status: 400; readonly message: string };

type Issue = { readonly path: readonly PropertyKey[]; readonly message: string; readonly code?: string; readonly errors?: readonly (readonly Issue[])[] };

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** The most specific issue: inside a union, the branch that got furthest. */
function deepest(issue: Issue, prefix: readonly PropertyKey[]): { path: PropertyKey[]; message: string } {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors && issue.errors.length > 0) {
    let best: { path: PropertyKey[]; message: string } | undefined;
    for (const branch of issue.errors) {
      for (const sub of branch) {
        const found = deepest(sub, path);
        if (!best || found.path.length > best.path.length) best = found;
      }
    }
    if (best && best.path.length > path.length) return best;
    const expected = issue.errors.map((b) => b[0]?.message.replace(/^Invalid input: /, '').replace(/, received .*$/, '')).filter(Boolean);
    return { path, message: expected.length ? `Invalid input: ${[...new Set(expected)].join(' or ')}` : issue.message };
  }
  return { path, message: issue.message };
}

export function parseWith<T>(schema: z.ZodType<T>, body: unknown): Parsed<T> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, status: 400, message: 'The request body must be a JSON object.' };
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0] as unknown as Issue;
  const { path, message } = deepest(issue, []);
  const where = formatPath(path);
  return { ok: false, status: 400, message: where ? `${where}: ${message}` : message };
}

/**
 * A content block: `{type}` plus, for the types in `known`, that type's schema. Other types
 * pass through untouched (each codec skips what it cannot translate).
 */
export function typedBlock<K extends string>(known: Record<K, z.ZodType>): z.ZodType<{ type: string; [k: string]: unknown }> {
  return typedBy('type', known) as z.ZodType<{ type: string; [k: string]: unknown }>;
}

/** Like typedBlock, keyed by another field (chat messages by `role`). */
export function typedBy<K extends string>(key: string, known: Record<K, z.ZodType>, keySchema: z.ZodType<string> = z.string()): z.ZodType<{ [k: string]: unknown }> {
  const schemas = known as Record<string, z.ZodType>;
  return z.looseObject({ [key]: keySchema }).superRefine((value, ctx) => {
    const schema = schemas[value[key] as string];
    if (!schema) return;
    const r = schema.safeParse(value);
    if (!r.success) for (const issue of r.error.issues) ctx.addIssue({ ...(issue as any), path: issue.path });
  });
}

export const num = z.number();
export const optNum = z.number().nullish();
export const optStr = z.string().nullish();
export const optBool = z.boolean().nullish();
export const jsonObject = z.record(z.string(), z.unknown());
