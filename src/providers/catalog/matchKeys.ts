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

/**
 * The id at each match level, strictest first; one string per entry of matchLevels. Each
 * pattern runs only when the character it needs is there: most ids carry no decoration, and
 * this runs for every catalog model when the index is built.
 */
export function matchKeys(id: string): [string, string, string, string, string] {
  const exact = id.trim().toLowerCase();
  const untagged = exact.includes(':') ? exact.replace(tag, '') : exact;
  const last = untagged.slice(untagged.lastIndexOf('/') + 1);
  const dotted = last.includes('.');
  const unprefixed = dotted ? last.replace(region, '') : last;
  const bedrock = dotted && (unprefixed !== last || vendorDot.test(unprefixed));
  const base = (bedrock ? unprefixed.replace(vendorDot, '') : unprefixed) || untagged;
  let loose = bedrock ? base.replace(bedrockVersion, '') : base;
  if (loose.includes('@') || loose.endsWith('-latest')) loose = loose.replace(alias, '');
  if (endsWithDigit(loose)) loose = loose.replace(date, '');
  loose ||= base;
  const punctuation = /[._\s]/.test(loose) ? loose.replace(/[._\s]+/g, '-') : loose;
  return [exact, untagged, base, loose, punctuation];
}

function endsWithDigit(s: string): boolean {
  const c = s.charCodeAt(s.length - 1);
  return c >= 48 && c <= 57;
}

/** The gateway prefix of an id (`openai/gpt-5` → `openai`), lowercased; undefined without one. */
export function idPrefix(id: string): string | undefined {
  const at = id.indexOf('/');
  return at > 0 ? id.slice(0, at).toLowerCase() : undefined;
}
