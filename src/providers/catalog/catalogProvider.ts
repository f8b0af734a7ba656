/**
 * One models.dev provider section, without its models (parseCatalog checks those one by
 * one): its id, name, env, api and doc. Read by hand when its shape is the usual one; zod
 * only for a section it rejects, so that the reason logged is zod's.
 */
import * as z from 'zod';
import { limits } from '../fields';
import { isRecord, isText } from './catalogChecks';

const text = (max: number) => z.string().min(1).max(max);
const optionalText = (max: number) => text(max).optional().catch(undefined);

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

export type ProviderSection = z.infer<typeof catalogProviderSchema>;
export type SectionRead = { readonly section: ProviderSection } | { readonly error: string };

/**
 * The section as catalogProviderSchema parses it. Its only failures are a section or a
 * models that is not an object (every other field falls back to undefined), so an object
 * with an object of models is read here, the same way, and anything else goes to zod.
 */
export function readProviderSection(raw: unknown, viaZodOnly = false): SectionRead {
  if (!viaZodOnly && isRecord(raw) && isRecord(raw.models)) return { section: plainSection(raw, raw.models) };
  const parsed = catalogProviderSchema.safeParse(raw);
  return parsed.success ? { section: parsed.data } : { error: parsed.error.issues[0]?.message ?? 'not a provider' };
}

function plainSection(raw: Record<string, unknown>, models: Record<string, unknown>): ProviderSection {
  const { id, name, api, doc, env } = raw;
  return {
    id: isText(id, 200) ? id : undefined,
    name: isText(name, 256) ? name : undefined,
    api: isText(api, limits.urlMax) ? api : undefined,
    doc: isText(doc, limits.urlMax) ? doc : undefined,
    env: isEnv(env) ? env.slice() : undefined,
    models,
  };
}

/** As z.array(z.string().max(200)).max(32); a hole is undefined there, so not a string here either. */
function isEnv(v: unknown): v is string[] {
  if (!Array.isArray(v) || v.length > 32) return false;
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string' || (v[i] as string).length > 200) return false;
  return true;
}
