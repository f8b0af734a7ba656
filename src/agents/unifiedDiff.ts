/**
 * A unified diff of one file's text before and after Switchboard's edits, as `diff -u` and
 * `git diff` print it: what the CLI's `plan` shows where VS Code's Preview opens a diff editor.
 * Line based; the middle that differs is aligned by longest common subsequence.
 */

export interface DiffLabels {
  /** Shown after `---`, e.g. "a/home/me/.codex/config.toml" or "/dev/null" for a new file. */
  readonly from: string;
  /** Shown after `+++`. */
  readonly to: string;
}

type Op = { readonly kind: ' ' | '-' | '+'; readonly line: string; readonly a: number; readonly b: number };

const noNewline = '\\ No newline at end of file';

/**
 * Lines of a text. A last line without a newline keeps a "\n" on the end (no line can hold
 * one), so it differs from the same line with a newline, as diff sees it; printing drops it.
 */
function lines(text: string): { lines: string[]; missingNewline: boolean } {
  if (text === '') return { lines: [], missingNewline: false };
  const parts = text.split('\n');
  const missingNewline = parts.at(-1) !== '';
  if (missingNewline) parts[parts.length - 1] += '\n';
  else parts.pop();
  return { lines: parts, missingNewline };
}

/** Cells the LCS table may use before the middle is shown as one replacement (config files are small). */
const maxCells = 4_000_000;

function align(a: readonly string[], b: readonly string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: Op[] = [];
  for (let i = 0; i < start; i++) ops.push({ kind: ' ', line: a[i], a: i, b: i });
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length * midB.length > maxCells) {
    midA.forEach((line, i) => ops.push({ kind: '-', line, a: start + i, b: start }));
    midB.forEach((line, j) => ops.push({ kind: '+', line, a: endA, b: start + j }));
  } else {
    // lcs[i][j]: length of the common subsequence of midA[i..] and midB[j..].
    const width = midB.length + 1;
    const lcs = new Uint32Array((midA.length + 1) * width);
    for (let i = midA.length - 1; i >= 0; i--) {
      for (let j = midB.length - 1; j >= 0; j--) {
        lcs[i * width + j] = midA[i] === midB[j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < midA.length || j < midB.length) {
      if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
        ops.push({ kind: ' ', line: midA[i], a: start + i++, b: start + j++ });
      } else if (i < midA.length && (j === midB.length || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])) {
        // On a tie, removals first, as diff prints them.
        ops.push({ kind: '-', line: midA[i], a: start + i++, b: start + j });
      } else {
        ops.push({ kind: '+', line: midB[j], a: start + i, b: start + j++ });
      }
    }
  }
  for (let k = 0; k < a.length - endA; k++) ops.push({ kind: ' ', line: a[endA + k], a: endA + k, b: endB + k });
  return ops;
}

/** The diff, ending in a newline; '' when the texts are the same. */
export function unifiedDiff(before: string, after: string, labels: DiffLabels, context = 3): string {
  if (before === after) return '';
  const a = lines(before);
  const b = lines(after);
  const ops = align(a.lines, b.lines);
  const changed = ops.map((op, i) => (op.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  const out = [`--- ${labels.from}`, `+++ ${labels.to}`];
  let k = 0;
  while (k < changed.length) {
    const first = Math.max(0, changed[k] - context);
    let last = Math.min(ops.length - 1, changed[k] + context);
    while (k + 1 < changed.length && changed[k + 1] - context <= last + 1) last = Math.min(ops.length - 1, changed[++k] + context);
    k++;
    const hunk = ops.slice(first, last + 1);
    const countA = hunk.filter((op) => op.kind !== '+').length;
    const countB = hunk.filter((op) => op.kind !== '-').length;
    const startA = countA ? hunk.find((op) => op.kind !== '+')!.a + 1 : hunk[0].a;
    const startB = countB ? hunk.find((op) => op.kind !== '-')!.b + 1 : hunk[0].b;
    out.push(`@@ -${startA}${countA === 1 ? '' : `,${countA}`} +${startB}${countB === 1 ? '' : `,${countB}`} @@`);
    for (const op of hunk) {
      out.push(op.kind + op.line.replace(/\n$/, ''));
      // The marker follows the last line of a side that has no final newline.
      if (op.kind !== '+' && a.missingNewline && op.a === a.lines.length - 1) out.push(noNewline);
      else if (op.kind === '+' && b.missingNewline && op.b === b.lines.length - 1) out.push(noNewline);
    }
  }
  return out.join('\n') + '\n';
}
