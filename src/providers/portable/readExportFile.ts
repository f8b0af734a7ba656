/**
 * Reading an export file: JSON first (a syntax error names its line and column), then the
 * schema (the first problem names its path). Nothing is changed by reading.
 */
import { exportFileSchema, type ExportFile } from './exportFile';
import { firstProblem, type Parsed } from './problems';

/** Bigger than any real provider list; a guard against reading a wrong, huge file. */
export const maxFileBytes = 4 * 1024 * 1024;

/** Checks an already-parsed value against the export schema. */
export function validateExportFile(raw: unknown): Parsed<ExportFile> {
  const parsed = exportFileSchema.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: firstProblem(parsed.error) };
}

/** Parses the text of an export file. */
export function readExportFile(text: string): Parsed<ExportFile> {
  if (text.length > maxFileBytes) return { ok: false, problem: { path: '', message: `The file is larger than ${maxFileBytes / 1024 / 1024} MiB; it is not a Switchboard export.` } };
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, problem: { path: '', message: `Not valid JSON: ${syntaxWhere(text, error)}` } };
  }
  return validateExportFile(raw);
}

/** "Unexpected token } at line 3, column 5", from V8's "… in JSON at position 41" where it gives one. */
function syntaxWhere(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  const reason = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+.*$/, '');
  if (!position) return reason;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${reason} at line ${line}, column ${column}.`;
}
