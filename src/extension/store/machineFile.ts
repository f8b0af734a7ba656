/**
 * State that belongs to this machine and must reach every window at once: a small JSON
 * object in a file in global storage, read afresh on every get. globalState is not enough
 * for this: in VS Code for the web (code-server) it lives in the browser and reaches another
 * window only after the browser flushes it, later than the revision file tells that window to
 * look, so the other window would render the old value and keep it. The file sits beside the
 * revision file, on the machine whose agent config files it describes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MementoPort } from './ports';

export class MachineFile implements MementoPort {
  constructor(private readonly file: string) {}

  get<T>(key: string): T | undefined {
    return this.read()[key] as T | undefined;
  }

  /** Writes the whole object to a temporary file, then renames it over the old one, so a reader never sees half of it. */
  async update(key: string, value: unknown): Promise<void> {
    const next = { ...this.read() };
    if (value === undefined) delete next[key];
    else next[key] = value;
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    await fs.promises.writeFile(temporary, JSON.stringify(next));
    await fs.promises.rename(temporary, this.file);
  }

  /** A missing or unreadable file is empty: the state is a hint, never worth failing over. */
  private read(): Record<string, unknown> {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(this.file, 'utf8'));
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
}
