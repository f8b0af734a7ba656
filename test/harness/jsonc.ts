/** Reads VS Code's JSON-with-comments files (settings.json may hold comments and trailing
 * commas once a user or VS Code has edited it). */
import * as fs from 'node:fs';

/** Drops // and /* *\/ comments and trailing commas outside strings, then JSON.parse. */
export function parseJsonc(text: string): unknown {
  let out = '';
  let pendingComma = false; // a comma kept back until we see whether '}' or ']' follows
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
      continue;
    }
    if (/\s/.test(c)) continue;
    if (pendingComma && c !== '}' && c !== ']') out += ',';
    pendingComma = false;
    if (c === ',') {
      pendingComma = true;
    } else if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else {
      out += c;
    }
  }
  return JSON.parse(out);
}

/** The object in a JSONC file; {} when the file does not exist or is empty. */
export function readJsoncFile(file: string): Record<string, unknown> {
  if (!fs.existsSync(file)) return {};
  const text = fs.readFileSync(file, 'utf8');
  return text.trim() ? (parseJsonc(text) as Record<string, unknown>) : {};
}
