/**
 * How a file is laid out (line endings, indentation, BOM), detected so that what we add looks
 * like what the user wrote, and helpers to turn offsets into the line numbers people read.
 */

/** The file's dominant line ending; LF for a file with none. */
export function detectEol(text: string): '\n' | '\r\n' {
  const crlf = text.match(/\r\n/g)?.length ?? 0;
  const lf = (text.match(/\n/g)?.length ?? 0) - crlf;
  return crlf > lf ? '\r\n' : '\n';
}

export interface Indentation {
  readonly useTabs: boolean;
  /** Spaces per level (1 when tabs are used). */
  readonly size: number;
}

/**
 * The indentation unit: tabs if the first indented line uses a tab, else the smallest
 * positive run of leading spaces. Two spaces for a file with no indented line.
 */
export function detectIndent(text: string, fallback = 2): Indentation {
  let smallest = Infinity;
  for (const line of text.split(/\r?\n/)) {
    const lead = /^[ \t]+/.exec(line)?.[0];
    if (!lead || lead.length === line.length) continue;
    if (lead.startsWith('\t')) {
      if (smallest === Infinity) return { useTabs: true, size: 1 };
      continue;
    }
    smallest = Math.min(smallest, lead.length);
  }
  return { useTabs: false, size: smallest === Infinity ? fallback : smallest };
}

/** 1-based line and column of an offset into `text`. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: (before.match(/\n/g)?.length ?? 0) + 1, column: offset - lineStart + 1 };
}

const BOM = '\uFEFF';

/** Splits off a leading byte-order mark, which parsers reject but the user's file may carry. */
export function splitBom(text: string): { bom: string; body: string } {
  return text.startsWith(BOM) ? { bom: BOM, body: text.slice(1) } : { bom: '', body: text };
}

/** True for a document with nothing in it but whitespace. */
export function isBlank(text: string): boolean {
  return text.trim() === '';
}

/** Appends the file's line ending when we created the content from nothing. */
export function withFinalEol(text: string, eol: string): string {
  return text === '' || text.endsWith('\n') ? text : text + eol;
}
