/**
 * How a model id is loosened, step by step, to find its catalog entry when a gateway or a
 * cloud spells it differently: `OpenAI/GPT-5:free` → `openai/gpt-5` → `gpt-5`;
 * `us.anthropic.claude-sonnet-4-5-20250929-v1:0` → `claude-sonnet-4-5`;
 * `claude-sonnet-4.5` → `claude-sonnet-4-5`. Each step keeps everything the previous one
 * kept but one kind of decoration, so a match at an earlier step is a closer match.
 */

export const matchLevels = ['exact', 'tag', 'prefix', 'version', 'punctuation'] as const;
export type MatchLevel = (typeof matchLevels)[number];

/** `:free`, `:thinking`, `:beta`, `:7b`… (but not Bedrock's `-v1:0`, handled with versions). */
const tag = /:[a-z0-9][a-z0-9._-]*$/;
/** Bedrock's cross-region inference prefixes, then its `vendor.` prefix (`anthropic.`, `amazon.`). */
const region = /^(?:us|eu|apac|global|au|jp|ca|us-gov)\./;
const vendorDot = /^[a-z][a-z-]*\.(?=[a-z])/;
/** Bedrock's model version (`-v1` once `:0` went as a tag); only on Bedrock-style ids. */
const bedrockVersion = /-v\d+$/;
/** Vertex's `@20250929`/`@default`, and `-latest`. */
const alias = /(?:@[a-z0-9-]+|-latest)$/;
/** `-20250929`, `-2025-09-29`, `-0324`/`-2507` (MMDD or YYMM); only at the end. */
const date = /[-_](?:\d{8}|\d{4}-\d{2}-\d{2}|\d{4})$/;

/** The id at each match level, strictest first; one string per entry of matchLevels. */
export function matchKeys(id: string): [string, string, string, string, string] {
  const exact = id.trim().toLowerCase();
  const untagged = exact.replace(tag, '');
  const last = untagged.slice(untagged.lastIndexOf('/') + 1);
  const unprefixed = last.replace(region, '');
  const bedrock = unprefixed !== last || vendorDot.test(unprefixed);
  const base = unprefixed.replace(vendorDot, '') || untagged;
  const loose = (bedrock ? base.replace(bedrockVersion, '') : base).replace(alias, '').replace(date, '') || base;
  const punctuation = loose.replace(/[._\s]+/g, '-');
  return [exact, untagged, base, loose, punctuation];
}

/** The gateway prefix of an id (`openai/gpt-5` → `openai`), lowercased; undefined without one. */
export function idPrefix(id: string): string | undefined {
  const at = id.indexOf('/');
  return at > 0 ? id.slice(0, at).toLowerCase() : undefined;
}
