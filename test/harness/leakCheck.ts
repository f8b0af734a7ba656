/**
 * Finds every file that holds a secret in plain text. Binary-safe: files are read as bytes and
 * searched for the UTF-8 and the UTF-16LE form (Chromium's localStorage/LevelDB and SQLite
 * store strings as UTF-16). Symlinks are not followed, so a linked-in folder is not scanned
 * twice or outside the given roots.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function leakCheck(secretText: string, dirs: readonly string[]): string[] {
  if (secretText.length < 8) throw new Error('leakCheck needs a distinctive secret (8+ characters)');
  const needles = [Buffer.from(secretText, 'utf8'), Buffer.from(secretText, 'utf16le')];
  const hits = new Set<string>();
  const visit = (entry: string): void => {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(entry);
    } catch {
      return; // Vanished while scanning (a lock or temp file).
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(entry)) visit(path.join(entry, name));
    } else if (stat.isFile()) {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(entry);
      } catch {
        return;
      }
      if (needles.some((needle) => bytes.includes(needle))) hits.add(entry);
    }
  };
  for (const dir of dirs) visit(path.resolve(dir));
  return [...hits].sort();
}
