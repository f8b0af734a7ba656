/**
 * An in-memory FileSystemPort that behaves like the real one where the edit layer can tell:
 * writes need an existing parent folder, bytes are copied in and out, and permission bits
 * are kept on rewrite unless a mode is given.
 */
import * as path from 'node:path';
import type { FileSystemPort } from '../../src/agents/edit/fileSystemPort';

interface Entry {
  data: Uint8Array;
  mode: number;
}

function missing(syscall: string, file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOENT: no such file or directory, ${syscall} '${file}'`), { code: 'ENOENT' });
}

export class MemoryFileSystem implements FileSystemPort {
  readonly files = new Map<string, Entry>();
  readonly folders = new Set<string>(['/']);
  /** Every path written, in order; lets a test assert "no write happened". */
  readonly writes: string[] = [];

  /** Test helper: puts a file (and its folders) in place without counting a write. */
  seed(file: string, content: string | Uint8Array, mode = 0o644): void {
    this.addFolders(path.dirname(file));
    const data = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    this.files.set(file, { data: new Uint8Array(data), mode });
  }

  /** Test helper: the file's text, or undefined when missing. */
  text(file: string): string | undefined {
    const entry = this.files.get(file);
    return entry && new TextDecoder().decode(entry.data);
  }

  async readFile(file: string): Promise<Uint8Array | undefined> {
    const entry = this.files.get(file);
    return entry && new Uint8Array(entry.data);
  }

  async writeFileAtomic(file: string, data: Uint8Array, options: { mode?: number } = {}): Promise<void> {
    if (!this.folders.has(path.dirname(file))) throw missing('open', file);
    const mode = options.mode ?? this.files.get(file)?.mode ?? 0o644;
    this.files.set(file, { data: new Uint8Array(data), mode });
    this.writes.push(file);
  }

  async rename(from: string, to: string): Promise<void> {
    const entry = this.files.get(from);
    if (!entry) throw missing('rename', from);
    if (!this.folders.has(path.dirname(to))) throw missing('rename', to);
    this.files.delete(from);
    this.files.set(to, entry);
  }

  async remove(file: string): Promise<void> {
    this.files.delete(file);
  }

  async exists(file: string): Promise<boolean> {
    return this.files.has(file) || this.folders.has(file);
  }

  async mkdirp(folder: string): Promise<void> {
    this.addFolders(folder);
  }

  async statMode(file: string): Promise<number | undefined> {
    return this.files.get(file)?.mode;
  }

  async readDir(folder: string): Promise<string[]> {
    const names = new Set<string>();
    for (const entry of [...this.files.keys(), ...this.folders]) {
      if (entry !== folder && path.dirname(entry) === folder) names.add(path.basename(entry));
    }
    return [...names].sort();
  }

  private addFolders(folder: string): void {
    for (let current = folder; !this.folders.has(current); current = path.dirname(current)) this.folders.add(current);
  }
}
