/**
 * JSON and JSONC (comments, trailing commas): jsonc-parser reads the file and finds the owned
 * key's bytes; jsonText changes only those bytes, everything else stays as written.
 */
import { createScanner, parse, printParseErrorCode, SyntaxKind, type ParseError } from 'jsonc-parser';
import { ConfigEditError, ConfigParseError, type KeyEdit } from './editTypes';
import { setJsonKey } from './jsonText';
import { detectEol, detectIndent, positionAt, withFinalEol } from './textLayout';
import { applyEditToValue, isNoop, settledEdits } from './valuePath';

/** True when the text holds no JSON token at all (only whitespace and comments). */
function hasNoValue(text: string): boolean {
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind !== SyntaxKind.Trivia && kind !== SyntaxKind.LineBreakTrivia && kind !== SyntaxKind.LineCommentTrivia && kind !== SyntaxKind.BlockCommentTrivia) return false;
  }
  return true;
}

/** The parsed value; undefined for an empty (or comment-only) file. Throws ConfigParseError. */
export function parseJson(text: string, file: string): unknown {
  if (hasNoValue(text)) return undefined;
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  const first = errors[0];
  if (first) {
    const { line, column } = positionAt(text, first.offset);
    throw new ConfigParseError(file, line, column, printParseErrorCode(first.error));
  }
  return value;
}

/** The text with the edits applied; the input unchanged when every edit is a no-op. */
export function editJson(text: string, edits: readonly KeyEdit[], file: string): string {
  let value = parseJson(text, file);
  if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw new ConfigEditError(file, 'the document root is not an object');
  }
  const indent = detectIndent(text);
  const eol = detectEol(text);
  const layout = { eol, unit: indent.useTabs ? '\t' : ' '.repeat(indent.size) };
  let out = text;
  for (const edit of settledEdits(value, edits, file)) {
    if (isNoop(value, edit)) continue;
    // Validates the path (and throws a readable error) before touching the text.
    value = applyEditToValue(value, edit, file);
    out = setJsonKey(out, edit.path, edit.value, layout);
  }
  return out === text ? text : hasNoValue(text) ? withFinalEol(out, eol) : out;
}
