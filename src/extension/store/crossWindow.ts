/**
 * Tells other windows that the stored document changed. globalState is shared between
 * windows but has no change event, so each write also rewrites a small revision file in
 * global storage, and every window watches it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Disposable } from './ports';

export class CrossWindowSignal implements Disposable {
  private readonly file: string;
  private readonly own = new Set<string>();
  private watcher?: fs.FSWatcher;
  private timer?: NodeJS.Timeout;

  constructor(folder: string, private readonly onOtherWindow: () => void) {
    this.file = path.join(folder, 'revision');
    try {
      fs.mkdirSync(folder, { recursive: true });
      this.watcher = fs.watch(folder, (_event, name) => name === 'revision' && this.schedule());
    } catch {
      // Without a watcher, this window still sees other windows' data on its next write.
    }
  }

  /** Called after this window wrote the document. */
  announce(): void {
    const revision = `${process.pid}:${Date.now()}:${Math.random().toString(36).slice(2)}`;
    this.own.add(revision);
    fs.writeFile(this.file, revision, () => undefined);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    // Watchers fire several times per write; settle before reading.
    this.timer = setTimeout(() => {
      fs.readFile(this.file, 'utf8', (error, revision) => {
        if (error || this.own.has(revision)) return;
        this.own.clear();
        this.onOtherWindow();
      });
    }, 50);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
  }
}
