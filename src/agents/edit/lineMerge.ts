/**
 * Keeps a re-rendering library's formatting drift out of the user's file.
 *
 * YAML's and TOML's document APIs print the whole document again, and that print may differ
 * from the file in places we did not touch (spacing, quoting, sequence indent, CRLF). We print
 * the document twice, unedited (`before`) and edited (`after`), and take from `after` only the
 * lines that differ from `before`; every other line comes from the original file, byte for
 * byte. Lines are aligned with a longest-common-subsequence match.
 */

/** Past this many cell comparisons the alignment costs too much; callers fall back. */
const MAX_CELLS = 16_000_000;

interface Line {
  readonly content: string;
  /** The line's own ending: '\n', '\r\n', or '' for a last line without one. */
  readonly ending: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const pattern = /\r?\n/g;
  let start = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    lines.push({ content: text.slice(start, match.index), ending: match[0] });
    start = match.index + match[0].length;
  }
  if (start < text.length) lines.push({ content: text.slice(start), ending: '' });
  return lines;
}

/** For each index of `a`, the index in `b` it is matched to, or -1. */
function matchLines(a: readonly string[], b: readonly string[]): Int32Array | undefined {
  const n = a.length;
  const m = b.length;
  const map = new Int32Array(n).fill(-1);
  if ((n + 1) * (m + 1) > MAX_CELLS) return undefined;
  // suffix[i][j] = LCS length of a[i..] and b[j..], in one flat array.
  const width = m + 1;
  const suffix = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      suffix[i * width + j] = a[i] === b[j] ? suffix[(i + 1) * width + j + 1]! + 1 : Math.max(suffix[(i + 1) * width + j]!, suffix[i * width + j + 1]!);
    }
  }
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (a[i] === b[j]) map[i++] = j++;
    else if (suffix[(i + 1) * width + j]! >= suffix[i * width + j + 1]!) i++;
    else j++;
  }
  return map;
}

function leadingBlanks(lines: readonly string[]): number {
  const index = lines.findIndex((line) => line.trim() !== '');
  return index < 0 ? lines.length : index;
}

/**
 * A changed gap takes `after`'s lines, but blank lines the printer collapsed at the gap's
 * edges (two blank lines printed as one) are the user's spacing, so they are kept.
 */
function keepBlankEdges(oGap: readonly Line[], aGap: readonly string[], replacement: Line[]): Line[] {
  const oContent = oGap.map((l) => l.content);
  const lead = Math.max(0, leadingBlanks(oContent) - leadingBlanks(aGap));
  const trail = Math.max(0, Math.min(leadingBlanks([...oContent].reverse()) - leadingBlanks([...aGap].reverse()), oGap.length - lead));
  return [...oGap.slice(0, lead), ...replacement, ...oGap.slice(oGap.length - trail)];
}

/**
 * The original text with the before→after change carried over, or undefined when the texts
 * are too large to align. `eol` ends the lines that come from `after`.
 */
export function mergeRender(original: string, before: string, after: string, eol: string): string | undefined {
  if (before === after) return original;
  const o = splitLines(original);
  const a = splitLines(before).map((l) => l.content);
  const b = splitLines(after).map((l) => l.content);
  const oContent = o.map((l) => l.content);
  const aToO = matchLines(a, oContent);
  const aToB = matchLines(a, b);
  if (!aToO || !aToB) return undefined;
  // Anchors: lines on which the original, `before` and `after` all agree.
  const anchors: { a: number; b: number; o: number }[] = [{ a: -1, b: -1, o: -1 }];
  for (let i = 0; i < a.length; i++) {
    if (aToO[i]! >= 0 && aToB[i]! >= 0) anchors.push({ a: i, b: aToB[i]!, o: aToO[i]! });
  }
  anchors.push({ a: a.length, b: b.length, o: o.length });
  const out: Line[] = [];
  for (let k = 0; k + 1 < anchors.length; k++) {
    const from = anchors[k]!;
    const to = anchors[k + 1]!;
    const aGap = a.slice(from.a + 1, to.a);
    const bGap = b.slice(from.b + 1, to.b);
    const untouched = aGap.length === bGap.length && aGap.every((line, i) => line === bGap[i]);
    // Untouched gaps (and the anchor lines) keep the user's bytes; changed gaps take `after`.
    const oGap = o.slice(from.o + 1, to.o);
    if (untouched) out.push(...oGap);
    else out.push(...keepBlankEdges(oGap, aGap, bGap.map((content) => ({ content, ending: eol }))));
    if (to.o < o.length) out.push(o[to.o]!);
  }
  const endsWithEol = original === '' || /\n$/.test(original);
  return out
    .map((line, i) => line.content + (i < out.length - 1 ? line.ending || eol : endsWithEol ? line.ending || eol : ''))
    .join('');
}
