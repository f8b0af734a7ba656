/**
 * Reads a team file's text into the managed catalog, or says exactly what is wrong and where
 * (`providers[0].models[2].contextLimit: …`). Order matters: a file that carries a key is
 * refused before anything else reads it; then the schema; then the header templates, which
 * are expanded with this machine's environment.
 */
import type { ModelRef } from '../refs';
import type { Provider } from '../provider';
import { expandHeaders, templateProblem, type Env } from './headerTemplates';
import { findKeyFields } from './keyFields';
import { teamFileSchema, type TeamAuth, type TeamContact } from './teamFile';
import { formatPath } from './teamPaths';
import { maxTeamFileBytes } from './teamSource';

/** What a valid team file gives this machine. */
export interface TeamCatalog {
  /** The managed providers, headers expanded, in the file's order; each lists exactly its enabled models. */
  readonly providers: readonly Provider[];
  /** How developers authenticate, by provider id. */
  readonly auth: ReadonlyMap<string, TeamAuth>;
  /** The administrator's default; a developer's last pick still comes first. */
  readonly defaultRef?: ModelRef;
  readonly embeddingRef?: ModelRef;
  readonly contact?: TeamContact;
}

export type TeamParse =
  | { readonly ok: true; readonly catalog: TeamCatalog; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly errors: readonly string[] };

export function parseTeamText(text: string, env: Env): TeamParse {
  if (Buffer.byteLength(text, 'utf8') > maxTeamFileBytes) return { ok: false, errors: [`The team file is larger than ${maxTeamFileBytes / 1024 / 1024} MiB.`] };
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, errors: [`The team file is not valid JSON: ${(error as Error).message}`] };
  }
  return parseTeamValue(raw, env);
}

export function parseTeamValue(raw: unknown, env: Env): TeamParse {
  const keys = findKeyFields(raw);
  if (keys.length) {
    return { ok: false, errors: keys.map((where) => `${where}: a team file must not hold a key, token or secret. Say how developers authenticate with "auth" instead ({ "kind": "personalToken" }, { "kind": "env", "variable": "…" } or { "kind": "none" }).`) };
  }
  const parsed = teamFileSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`) };

  const errors = parsed.data.providers.flatMap((p, i) =>
    Object.entries(p.headers ?? {}).flatMap(([header, value]) => {
      const problem = templateProblem(value);
      return problem ? [`${formatPath(['providers', i, 'headers', header])}: ${problem}`] : [];
    }),
  );
  if (errors.length) return { ok: false, errors };

  const warnings: string[] = [];
  const auth = new Map<string, TeamAuth>();
  const providers = parsed.data.providers.map((teamProvider, i): Provider => {
    const { auth: providerAuth, ...provider } = teamProvider;
    auth.set(provider.id, providerAuth);
    if (!provider.headers) return provider;
    const expanded = expandHeaders(provider.headers, env);
    for (const w of expanded.warnings) warnings.push(`${formatPath(['providers', i, 'headers', w.header])}: ${w.message}`);
    return { ...provider, headers: expanded.headers };
  });
  const { defaultRef, embeddingRef, contact } = parsed.data;
  return {
    ok: true,
    catalog: { providers, auth, ...(defaultRef ? { defaultRef } : {}), ...(embeddingRef ? { embeddingRef } : {}), ...(contact ? { contact } : {}) },
    warnings,
  };
}
