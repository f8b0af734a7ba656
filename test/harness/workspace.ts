/** A small sample workspace for the workbench to open: a couple of ordinary files. */
import * as fs from 'node:fs';
import * as path from 'node:path';

const sampleFiles: Readonly<Record<string, string>> = {
  'README.md': '# Sample workspace\n\nOpened by the Switchboard test harness.\n',
  'src/hello.ts': 'export const hello = (name: string): string => `hello ${name}`;\n',
};

/** Writes the sample files that are missing (a developer's edits in start.sh's folder stay),
 * then `files` (relative path -> text), which always win. Returns `dir`. */
export function createSampleWorkspace(dir: string, files: Record<string, string> = {}): string {
  const write = (name: string, text: string, overwrite: boolean): void => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (overwrite || !fs.existsSync(file)) fs.writeFileSync(file, text);
  };
  for (const [name, text] of Object.entries(sampleFiles)) write(name, text, false);
  for (const [name, text] of Object.entries(files)) write(name, text, true);
  return dir;
}
