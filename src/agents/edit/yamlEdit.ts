/**
 * YAML through the `yaml` package's Document API, which keeps comments. Its printer still
 * normalizes some spelling, so the result goes through mergeRender: lines we did not change
 * keep the user's bytes.
 */
import { isCollection, isMap, isNode, isScalar, parseDocument, type Document, type ToStringOptions } from 'yaml';
import { ConfigEditError, ConfigParseError, type KeyEdit, type PathSegment } from './editTypes';
import { mergeRender } from './lineMerge';
import { detectEol, detectIndent, withFinalEol } from './textLayout';
import { applyEditToValue, isNoop, settledEdits, sameValue } from './valuePath';

function parseYamlDocument(text: string, file: string): Document {
  const doc = parseDocument(text);
  const first = doc.errors[0];
  if (first) {
    // The message names where the parser stopped; linePos often only marks the node's start.
    const stated = / at line (\d+), column (\d+)/.exec(first.message);
    const at = stated ? { line: Number(stated[1]), col: Number(stated[2]) } : (first.linePos?.[0] ?? { line: 1, col: 1 });
    throw new ConfigParseError(file, at.line, at.col, first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''));
  }
  return doc;
}

/** The parsed value; undefined for an empty (or comment-only) file. Throws ConfigParseError. */
export function parseYaml(text: string, file: string): unknown {
  return parseYamlDocument(text, file).toJS() ?? undefined;
}

function parsesTo(text: string, value: unknown, file: string): boolean {
  try {
    return sameValue(parseYaml(text, file), value);
  } catch {
    return false;
  }
}

/** Print options that match the file: its indent, its sequence style, and no line folding. */
function printOptions(text: string): ToStringOptions {
  const indent = detectIndent(text);
  // `key:` followed by `- item` at the same indent means the user writes unindented sequences.
  const flushSequence = /^([ ]*)[^\s#-][^\n]*:[ \t]*\r?\n(?:[ ]*#[^\n]*\r?\n)*\1- /m.test(text);
  return { indent: indent.useTabs ? 2 : indent.size, indentSeq: !flushSequence, lineWidth: 0, minContentWidth: 0 };
}

/** Sets a value; a scalar replacing a scalar keeps its node, and so its trailing comment. */
function setKeepingComments(doc: Document, path: readonly PathSegment[], value: unknown): void {
  const node = doc.getIn(path, true);
  const scalarValue = value === null || typeof value !== 'object';
  if (isScalar(node) && scalarValue) {
    if (typeof node.value !== typeof value) node.type = undefined;
    node.value = value;
  } else {
    const created = doc.createNode(value);
    // An empty collection prints as `[]`/`{}`; in block style with a comment the printer puts
    // it on a line of its own at column 0, which does not parse.
    if (isCollection(created) && created.items.length === 0) created.flow = true;
    // Comments the parser attached to the replaced node are the user's: carry them over.
    if (isNode(node)) {
      created.commentBefore = node.commentBefore;
      // A block collection's trailing comment sits above the next key; keep it there.
      const parent = doc.getIn(path.slice(0, -1), true) ?? doc.contents;
      const index = isMap(parent) ? parent.items.findIndex((pair) => isScalar(pair.key) && pair.key.value === path[path.length - 1]) : -1;
      const next = isMap(parent) ? parent.items[index + 1]?.key : undefined;
      if (node.comment && isCollection(node) && isScalar(next)) next.commentBefore = next.commentBefore ? `${node.comment}\n${next.commentBefore}` : node.comment;
      else created.comment = node.comment;
    }
    doc.setIn(path, created);
  }
}

/** The text with the edits applied; the input unchanged when every edit is a no-op. */
export function editYaml(text: string, edits: readonly KeyEdit[], file: string): string {
  const doc = parseYamlDocument(text, file);
  let value: unknown = doc.toJS() ?? undefined;
  const root = doc.contents;
  if (value !== undefined && (root === null || typeof value !== 'object' || Array.isArray(value))) {
    throw new ConfigEditError(file, 'the document root is not a mapping');
  }
  const options = printOptions(text);
  const before = doc.toString(options);
  let changed = false;
  for (const edit of settledEdits(value, edits, file)) {
    if (isNoop(value, edit)) continue;
    value = applyEditToValue(value, edit, file);
    if (edit.value === undefined) doc.deleteIn(edit.path);
    else setKeepingComments(doc, edit.path, edit.value);
    changed = true;
  }
  if (!changed) return text;
  const after = doc.toString(options);
  const eol = detectEol(text);
  const merged = mergeRender(text, before, after, eol);
  // The merge is only a formatting nicety; if it ever produced something else, use the print.
  if (merged !== undefined && parsesTo(merged, value, file)) return merged;
  // The printer can keep a CR of the input inside a comment it re-renders: one line end each.
  return withFinalEol(after.replace(/\r*\n/g, eol), eol);
}
