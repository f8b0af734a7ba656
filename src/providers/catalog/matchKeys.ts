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
/**
 * Bedrock's cross-region inference prefixes (`us.`…), then its `vendor.` prefix (`anthropic.`,
 * `amazon.`: as /^[a-z][a-z-]*\.(?=[a-z])/). Checked by hand, like the date and punctuation
 * below: a third of the catalog's ids have a dot, and a regex call costs more than the scan.
 */
const regions = new Set(['us', 'eu', 'apac', 'global', 'au', 'jp', 'ca', 'us-gov']);

/** The length of s's region prefix with its dot, as /^(?:us|eu|…|us-gov)\./ matches it; 0 without one. */
function regionLength(s: string): number {
  const dot = s.indexOf('.');
  return dot > 0 && dot <= 6 && regions.has(s.slice(0, dot)) ? dot + 1 : 0;
}

/** The length of s's `vendor.` prefix, followed by a letter; 0 without one. */
function vendorDotLength(s: string): number {
  if (!isLower(s, 0)) return 0;
  let i = 1;
  while (isLower(s, i) || s.charCodeAt(i) === 45) i++;
  return s.charCodeAt(i) === 46 && isLower(s, i + 1) ? i + 1 : 0;
}

const isLower = (s: string, at: number): boolean => {
  const c = s.charCodeAt(at);
  return c >= 97 && c <= 122;
};
/** Bedrock's model version (`-v1` once `:0` went as a tag); only on Bedrock-style ids. */
const bedrockVersion = /-v\d+$/;
/** Vertex's `@20250929`/`@default`, and `-latest`. */
const alias = /(?:@[a-z0-9-]+|-latest)$/;
/**
 * The id at each match level, strictest first; one string per entry of matchLevels. Each
 * pattern runs only when the character it needs is there: most ids carry no decoration, and
 * this runs for every catalog model when the index is built.
 */
export function matchKeys(id: string): [string, string, string, string, string] {
  const keys = ['', '', '', '', ''] as [string, string, string, string, string];
  fillMatchKeys(id, keys);
  return keys;
}

/** matchKeys into an array the caller reuses: the index fills one per catalog model. */
export function fillMatchKeys(id: string, keys: string[]): void {
  const exact = id.trim().toLowerCase();
  const untagged = exact.includes(':') ? exact.replace(tag, '') : exact;
  const last = untagged.slice(untagged.lastIndexOf('/') + 1);
  const dotted = last.includes('.');
  const regionEnd = dotted ? regionLength(last) : 0;
  const unprefixed = regionEnd ? last.slice(regionEnd) : last;
  const vendorEnd = dotted ? vendorDotLength(unprefixed) : 0;
  const bedrock = regionEnd > 0 || vendorEnd > 0;
  const base = (vendorEnd ? unprefixed.slice(vendorEnd) : unprefixed) || untagged;
  let loose = bedrock ? base.replace(bedrockVersion, '') : base;
  if (loose.includes('@') || loose.endsWith('-latest')) loose = loose.replace(alias, '');
  loose = withoutDate(loose) || base;
  keys[0] = exact;
  keys[1] = untagged;
  keys[2] = base;
  keys[3] = loose;
  keys[4] = hasPunctuation(loose) ? loose.replace(punctuation, '-') : loose;
}

/**
 * s without a final date, as s.replace(/[-_](?:\d{8}|\d{4}-\d{2}-\d{2}|\d{4})$/, ''): by hand,
 * since most ids end with a digit. The regex's match starts at the leftmost place that can
 * reach the end, so `-YYYY-MM-DD` is tried first, then `-YYYYMMDD`, then `-MMDD`.
 */
function withoutDate(s: string): string {
  const n = s.length;
  if (!isDigit(s, n - 1)) return s;
  if (isSeparator(s, n - 11) && digits(s, n - 10, 4) && s.charCodeAt(n - 6) === 45 && digits(s, n - 5, 2) && s.charCodeAt(n - 3) === 45 && digits(s, n - 2, 2)) return s.slice(0, n - 11);
  if (isSeparator(s, n - 9) && digits(s, n - 8, 8)) return s.slice(0, n - 9);
  if (isSeparator(s, n - 5) && digits(s, n - 4, 4)) return s.slice(0, n - 5);
  return s;
}

const isDigit = (s: string, at: number): boolean => {
  const c = s.charCodeAt(at); // NaN outside the string: false
  return c >= 48 && c <= 57;
};
const isSeparator = (s: string, at: number): boolean => {
  const c = s.charCodeAt(at);
  return c === 45 || c === 95; // - _
};
function digits(s: string, from: number, count: number): boolean {
  for (let i = from; i < from + count; i++) if (!isDigit(s, i)) return false;
  return true;
}

/** Dots, underscores and spaces, loosened to one dash each run. */
const punctuation = /[._\s]+/g;

/** punctuation.test without the regex call for the usual ASCII id. */
function hasPunctuation(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 || c === 95 || c === 32 || (c >= 9 && c <= 13)) return true; // . _ and the ASCII spaces
    if (c > 126) return /[._\s]/.test(s); // Unicode spaces: the regex knows them
  }
  return false;
}

/** The gateway prefix of an id (`openai/gpt-5` → `openai`), lowercased; undefined without one. */
export function idPrefix(id: string): string | undefined {
  const at = id.indexOf('/');
  return at > 0 ? id.slice(0, at).toLowerCase() : undefined;
}
