/**
 * TOML through @decimalturn/toml-patch: we edit the parsed object and let `patch` diff it
 * against the file, which keeps comments and layout. Its output also goes through mergeRender
 * so that any drift outside the edited lines stays out of the user's file.
 */
import type * as TomlPatch from '@decimalturn/toml-patch' with { 'resolution-mode': 'import' };
import { ConfigEditError, ConfigParseError, formatPath, type KeyEdit } from './editTypes';
import { mergeRender } from './lineMerge';
import { detectEol, withFinalEol } from './textLayout';
import { applyEditToValue, isNoop, settledEdits, sameValue } from './valuePath';

// The package is ESM-only; Node 20.19+ and esbuild both load it through require().
const toml: typeof TomlPatch = require('@decimalturn/toml-patch');

/** The parsed value; an empty object for an empty file. Throws ConfigParseError. */
export function parseToml(text: string, file: string): Record<string, unknown> {
  try {
    return toml.parse(text) as Record<string, unknown>;
  } catch (error) {
    const { line, column } = error as { line?: unknown; column?: unknown };
    if (typeof line !== 'number') throw error;
    // toml-patch reports a 0-based column; its message leads with a position and a snippet.
    const detail = String((error as Error).message).split('\n').filter((l) => l.trim() !== '').pop() ?? 'syntax error';
    throw new ConfigParseError(file, line, (typeof column === 'number' ? column : 0) + 1, detail);
  }
}

function parsesTo(text: string, value: unknown, file: string): boolean {
  try {
    return sameValue(parseToml(text, file), value);
  } catch {
    return false;
  }
}

/** TOML has no null; other values are passed as they are. */
function assertRepresentable(edit: KeyEdit, file: string): void {
  const walk = (v: unknown): boolean => v !== null && (typeof v !== 'object' || Object.values(v as object).every(walk));
  if (edit.value !== undefined && !walk(edit.value)) {
    throw new ConfigEditError(file, `TOML cannot hold null (at ${formatPath(edit.path)})`);
  }
}

/** One patch per edit: toml-patch can throw on an add and a delete patched together. */
/**
 * toml-patch sometimes appends a table header to the end of the line before it
 * (`switchboard = { name = false }[x.env]`), which is not TOML. A header must start a line,
 * so put it on its own. If this ever misreads a line, planText's parse-back check refuses.
 */
function unglueTableHeaders(text: string): string {
  return text.replace(/^([^#\n]*[}\]"'\w])(\[\[?[A-Za-z0-9_.\-"' ]+\]\]?)[ \t]*$/gm, '$1\n$2');
}

function patchEach(lf: string, edits: readonly KeyEdit[], file: string): string {
  let text = lf;
  for (const edit of edits) {
    const next = applyEditToValue(parseToml(text, file), edit, file);
    try {
      text = unglueTableHeaders(toml.patch(text, next));
    } catch (error) {
      throw new ConfigEditError(file, `the TOML patcher failed at ${formatPath(edit.path)}: ${(error as Error).message}`);
    }
  }
  return text;
}

/**
 * Patches edit by edit, which avoids most of toml-patch's "Item not found in parent"
 * failures. Where that still fails, a table is being replaced as a whole (a delete and a
 * re-create in one change, at any depth): remove everything the edits touch first, then add
 * the new content. Only keys the edits own are removed, so no other comment is lost; either
 * way the result is checked by parsing it back.
 */
function patchWithFallback(lf: string, edits: readonly KeyEdit[], finalValue: unknown, file: string): string {
  try {
    return patchEach(lf, edits, file);
  } catch (stepwise) {
    try {
      let without: unknown = structuredClone(finalValue);
      for (const edit of edits) without = applyEditToValue(without, { path: edit.path, value: undefined }, file);
      const cleared = unglueTableHeaders(toml.patch(lf, without as Record<string, unknown>));
      return unglueTableHeaders(toml.patch(cleared, finalValue as Record<string, unknown>));
    } catch {
      throw stepwise;
    }
  }
}

const isComment = (line: string) => /^[ \t]*#/.test(line);
const isHeader = (line: string) => /^[ \t]*\[/.test(line);
const isBlankLine = (line: string) => line.trim() === '';

/**
 * toml-patch deletes a table together with the comment lines at its end, but a comment block
 * right above a header is, by convention, about that next table (`# added by codex mcp add`).
 * Such a block comes back above its header when the header is still there and none of the
 * block's lines is. Comments change no value; the caller checks that by parsing.
 */
function keepHeaderComments(original: string, edited: string, eol: string): string {
  const before = original.split(/\r?\n/);
  let out = edited;
  for (let i = 0; i < before.length; i++) {
    let start = i;
    while (start > 0 && isComment(before[start - 1]!)) start--;
    if (!isHeader(before[i]!) || start === i || before.indexOf(before[i]!) !== i) continue;
    const lines = out.split(/\r?\n/);
    const at = lines.indexOf(before[i]!);
    const block = before.slice(start, i);
    if (at < 0 || lines.indexOf(before[i]!, at + 1) >= 0 || block.some((line) => lines.includes(line))) continue;
    const blank = start > 0 && isBlankLine(before[start - 1]!) && at > 0 && !isBlankLine(lines[at - 1]!);
    let offset = 0;
    for (let n = 0; n < at; n++) offset = out.indexOf('\n', offset) + 1;
    out = out.slice(0, offset) + (blank ? eol : '') + block.map((line) => line + eol).join('') + out.slice(offset);
  }
  return out;
}

/** The text with the edits applied; the input unchanged when every edit is a no-op. */
export function editToml(text: string, edits: readonly KeyEdit[], file: string): string {
  const eol = detectEol(text);
  const lf = text.replace(/\r\n/g, '\n');
  let value: unknown = parseToml(lf, file);
  edits.forEach((edit) => assertRepresentable(edit, file));
  const effective: KeyEdit[] = [];
  for (const edit of settledEdits(value, edits, file)) {
    if (isNoop(value, edit)) continue;
    value = applyEditToValue(value, edit, file);
    effective.push(edit);
  }
  if (effective.length === 0) return text;
  // Both prints come from the same patcher, so their difference is exactly our edit.
  const before = toml.patch(lf, parseToml(lf, file));
  const after = patchWithFallback(lf, effective, value, file);
  const merged = mergeRender(text, before, after, eol);
  const result = merged !== undefined && parsesTo(merged, value, file) ? merged : withFinalEol(after.replace(/\n/g, eol), eol);
  const kept = keepHeaderComments(text, result, eol);
  return kept !== result && parsesTo(kept, value, file) ? kept : result;
}
