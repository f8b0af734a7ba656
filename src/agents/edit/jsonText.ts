/**
 * Text edits for one owned JSON key, written by hand because jsonc-parser's formatted `modify`
 * re-formats every line it touches: inserting after `"a": {"b": 1}` would re-indent that
 * sibling too. Here new lines copy their neighbours' indentation and nothing else moves.
 * Rare layouts (a closing brace on the last property's line, array items) fall back to
 * jsonc-parser's own edit.
 */
import { applyEdits, createScanner, findNodeAtLocation, modify, parseTree, SyntaxKind, type Edit, type Node } from 'jsonc-parser';
import type { PathSegment } from './editTypes';

export interface JsonLayout {
  readonly eol: string;
  /** One level of indentation, e.g. '\t' or '  '. */
  readonly unit: string;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  if (end < 0) return text.length;
  return text[end - 1] === '\r' ? end - 1 : end;
}

function indentOf(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart(text, offset)))![0];
}

/** Whether only whitespace precedes `offset` on its line. */
function startsLine(text: string, offset: number): boolean {
  return text.slice(lineStart(text, offset), offset).trim() === '';
}

/** Offset of the comma after `offset` (skipping whitespace and comments), or -1. */
function commaAfter(text: string, offset: number): number {
  const scanner = createScanner(text, true);
  scanner.setPosition(offset);
  let kind = scanner.scan();
  while (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) kind = scanner.scan();
  return kind === SyntaxKind.CommaToken ? scanner.getTokenOffset() : -1;
}

/** The value printed pretty at `indent` (multi-line containers) or on one line. */
function render(value: unknown, layout: JsonLayout, indent: string, pretty: boolean): string {
  if (!pretty) return JSON.stringify(value);
  return JSON.stringify(value, null, layout.unit).replace(/\n/g, layout.eol + indent);
}

function isMultiline(text: string, node: Node): boolean {
  return text.slice(node.offset, node.offset + node.length).includes('\n');
}

function endOf(node: Node): number {
  return node.offset + node.length;
}

/** jsonc-parser's own edit, used for the layouts we do not handle by hand. */
function fallback(text: string, path: readonly PathSegment[], value: unknown, layout: JsonLayout): Edit[] {
  const formattingOptions = { insertSpaces: layout.unit !== '\t', tabSize: layout.unit === '\t' ? 1 : layout.unit.length, eol: layout.eol };
  return modify(text, [...path], value, { formattingOptions });
}

function insertProperty(text: string, object: Node, key: string, value: unknown, layout: JsonLayout, isRoot: boolean): Edit[] | undefined {
  const props = object.children ?? [];
  const open = object.offset;
  const close = endOf(object) - 1;
  const name = JSON.stringify(key);
  if (props.length === 0 && isRoot && !isMultiline(text, object)) {
    // A bare `{}` file grows into an ordinary, multi-line settings file.
    const body = `${layout.unit}${name}: ${render(value, layout, layout.unit, true)}`;
    return [{ offset: open, length: close + 1 - open, content: `{${layout.eol}${body}${layout.eol}}` }];
  }
  if (!isMultiline(text, object)) {
    if (props.length === 0) return [{ offset: open + 1, length: 0, content: `${name}: ${render(value, layout, '', false)}` }];
    return [{ offset: endOf(props[props.length - 1]!), length: 0, content: `, ${name}: ${render(value, layout, '', false)}` }];
  }
  if (props.length === 0) {
    const indent = indentOf(text, open) + layout.unit;
    return [{ offset: open + 1, length: 0, content: `${layout.eol}${indent}${name}: ${render(value, layout, indent, true)}` }];
  }
  const last = props[props.length - 1]!;
  const comma = commaAfter(text, endOf(last));
  const insertAt = lineEnd(text, comma >= 0 ? comma : endOf(last));
  if (insertAt > close) return undefined;
  const indent = startsLine(text, last.offset) ? indentOf(text, last.offset) : indentOf(text, open) + layout.unit;
  const line = `${layout.eol}${indent}${name}: ${render(value, layout, indent, true)}${comma >= 0 ? ',' : ''}`;
  // Edits are applied right to left by applyEdits, so their order here does not matter.
  return comma >= 0 ? [{ offset: insertAt, length: 0, content: line }] : [{ offset: endOf(last), length: 0, content: ',' }, { offset: insertAt, length: 0, content: line }];
}

/** Removes a property of an object, or an item of a list, with its comma. */
function removeProperty(text: string, prop: Node): Edit[] {
  const object = prop.parent!;
  const props = object.children!;
  const index = props.indexOf(prop);
  const comma = commaAfter(text, endOf(prop));
  const end = comma >= 0 ? comma + 1 : endOf(prop);
  const rest = text.slice(end, lineEnd(text, end)).trim();
  const ownsLines = startsLine(text, prop.offset) && (rest === '' || rest.startsWith('//'));
  const edits: Edit[] = [];
  if (ownsLines) {
    // Remove the whole lines, with a comment that trails the removed key on its last line.
    const from = lineStart(text, prop.offset);
    let to = lineEnd(text, end);
    to += text.startsWith('\r\n', to) ? 2 : text.startsWith('\n', to) ? 1 : 0;
    edits.push({ offset: from, length: to - from, content: '' });
  } else if (comma >= 0) {
    const spaces = /^[ \t]*/.exec(text.slice(end))![0].length;
    edits.push({ offset: prop.offset, length: end + spaces - prop.offset, content: '' });
  } else if (index > 0) {
    const previousComma = commaAfter(text, endOf(props[index - 1]!));
    return [{ offset: previousComma, length: endOf(prop) - previousComma, content: '' }];
  } else {
    edits.push({ offset: prop.offset, length: prop.length, content: '' });
  }
  // Removing the last property must not leave the previous one with a trailing comma.
  if (comma < 0 && index > 0) {
    const previousComma = commaAfter(text, endOf(props[index - 1]!));
    if (previousComma >= 0) edits.push({ offset: previousComma, length: 1, content: '' });
  }
  return edits;
}

/** A nested object holding `value` at `path` (for keys whose parents do not exist yet). */
function nest(path: readonly PathSegment[], value: unknown): unknown {
  return path.reduceRight<unknown>((inner, segment) => ({ [segment]: inner }), value);
}

/**
 * Sets (or, with `value` undefined, deletes) one key in `text`, which must parse and have an
 * object root (or be empty). The caller has checked the path fits the document.
 */
export function setJsonKey(text: string, path: readonly PathSegment[], value: unknown, layout: JsonLayout): string {
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root) {
    const body = `{${layout.eol}${layout.unit}${JSON.stringify(path[0])}: ${render(nest(path.slice(1), value), layout, layout.unit, true)}${layout.eol}}${layout.eol}`;
    return text + (text === '' || text.endsWith('\n') ? '' : layout.eol) + body;
  }
  const node = findNodeAtLocation(root, [...path]);
  let edits: Edit[] | undefined;
  if (node && value === undefined) {
    // A list item is removed as a property is: its own lines go, its neighbours stay as written.
    edits = node.parent?.type === 'property' ? removeProperty(text, node.parent) : node.parent?.type === 'array' ? removeProperty(text, node) : undefined;
  } else if (node) {
    const container = node.parent?.type === 'property' ? node.parent.parent! : node.parent!;
    const pretty = isMultiline(text, container);
    edits = [{ offset: node.offset, length: node.length, content: render(value, layout, indentOf(text, node.offset), pretty) }];
  } else if (value !== undefined) {
    let depth = path.length - 1;
    while (depth > 0 && !findNodeAtLocation(root, path.slice(0, depth) as PathSegment[])) depth--;
    const parent = depth === 0 ? root : findNodeAtLocation(root, path.slice(0, depth) as PathSegment[])!;
    if (parent.type === 'object') {
      edits = insertProperty(text, parent, String(path[depth]), nest(path.slice(depth + 1), value), layout, parent === root);
    }
  }
  return applyEdits(text, edits ?? fallback(text, path, value, layout));
}
