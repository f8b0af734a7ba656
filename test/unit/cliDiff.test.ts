/** The unified diff the CLI's `plan` prints: the same text `diff -u` would, hunk by hunk. */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { unifiedDiff } from '../../src/agents/unifiedDiff';

const labels = { from: 'a/f', to: 'b/f' };

/** Applies a unified diff to `before`, the way patch(1) does, to check the diff says all and only what changed. */
function patch(before: string, diff: string): string {
  if (!diff) return before;
  const old = before === '' ? [] : before.split('\n');
  if (before.endsWith('\n')) old.pop();
  const out: string[] = [];
  let at = 0;
  let endsWithNewline = before === '' || before.endsWith('\n');
  const lines = diff.split('\n').slice(2, -1);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const hunk = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(line);
    if (hunk) {
      const start = Number(hunk[1]) - (hunk[2] === '0' ? 0 : 1);
      while (at < start) out.push(old[at++]);
      continue;
    }
    const marker = lines[i + 1] === '\\ No newline at end of file';
    if (line.startsWith(' ')) {
      assert.equal(old[at], line.slice(1), 'context matches');
      out.push(old[at++]);
      if (marker) endsWithNewline = false;
    } else if (line.startsWith('-')) {
      assert.equal(old[at], line.slice(1), 'removed line matches');
      at++;
      if (marker) endsWithNewline = true;
    } else if (line.startsWith('+')) {
      out.push(line.slice(1));
      endsWithNewline = !marker;
    }
    if (marker) i++;
  }
  // Lines after the last hunk are the old file's own: so is its final newline.
  if (at < old.length) endsWithNewline = before.endsWith('\n');
  while (at < old.length) out.push(old[at++]);
  if (!out.length) return '';
  return out.join('\n') + (endsWithNewline ? '\n' : '');
}

describe('unified diff', () => {
  it('is empty for equal texts, and a whole-file addition for a new file', () => {
    assert.equal(unifiedDiff('a\n', 'a\n', labels), '');
    assert.equal(unifiedDiff('', 'x\ny\n', { from: '/dev/null', to: 'b/f' }), '--- /dev/null\n+++ b/f\n@@ -0,0 +1,2 @@\n+x\n+y\n');
  });

  it('shows a change with three lines of context, and separate hunks for distant changes', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const after = before.replace('line 2\n', 'line two\n').replace('line 18\n', 'line 18\nline 18b\n');
    assert.equal(
      unifiedDiff(before, after, labels),
      ['--- a/f', '+++ b/f', '@@ -1,5 +1,5 @@', ' line 1', '-line 2', '+line two', ' line 3', ' line 4', ' line 5', '@@ -16,5 +16,6 @@', ' line 16', ' line 17', ' line 18', '+line 18b', ' line 19', ' line 20', ''].join('\n'),
    );
  });

  it('marks a last line without a newline', () => {
    assert.equal(unifiedDiff('a\nb', 'a\nb\n', labels), '--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n');
  });

  it('is as small as diff(1)\'s and patches back to the new text, for random edits', function () {
    this.timeout(60_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-diff-'));
    const hasDiff = (() => {
      try {
        execFileSync('diff', ['--version'], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    })();
    try {
      const text = fc.array(fc.constantFrom('a', 'b', 'c', '{', '}', '  "k": 1,', ''), { maxLength: 14 }).chain((ls) => fc.tuple(fc.constant(ls), fc.boolean()));
      let compared = 0;
      fc.assert(
        fc.property(text, text, ([a, aEnd], [b, bEnd]) => {
          const before = a.join('\n') + (a.length && aEnd ? '\n' : '');
          const after = b.join('\n') + (b.length && bEnd ? '\n' : '');
          const diff = unifiedDiff(before, after, labels);
          assert.equal(patch(before, diff), after);
          if (hasDiff && compared < 150) {
            compared++;
            fs.writeFileSync(path.join(dir, 'a'), before);
            fs.writeFileSync(path.join(dir, 'b'), after);
            let expected = '';
            try {
              execFileSync('diff', ['-u', '--minimal', '--label', 'a/f', '--label', 'b/f', 'a', 'b'], { cwd: dir, encoding: 'utf8' });
            } catch (error) {
              expected = (error as { stdout: string }).stdout;
            }
            // Both minimal: as many lines removed and as many added. Which ones may differ: two
            // longest common subsequences of equal length can keep different lines ("a b" → "b a"
            // keeps either a or b), and diff(1) and this diff may pick either.
            const counts = (d: string) => {
              const lines = d.split('\n').slice(2);
              return { removed: lines.filter((l) => l.startsWith('-')).length, added: lines.filter((l) => l.startsWith('+')).length };
            };
            assert.deepEqual(counts(diff), counts(expected), `${JSON.stringify(before)} → ${JSON.stringify(after)}`);
          }
        }),
        // The first is a case CI hit: diff(1) and this diff keep different, equally long common parts.
        { numRuns: 600, examples: [[[['a', 'a', 'b', 'b', '  "k": 1,', 'b', 'a', '', 'c'], true], [['b', 'a', 'b', 'b', 'a', '{', '{', 'c', '  "k": 1,', 'b'], true]]] },
      );
      if (hasDiff) assert.equal(compared, 150, 'diff(1) was consulted');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
