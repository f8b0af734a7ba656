/**
 * In-memory stand-ins for vscode.Memento and vscode.SecretStorage that behave like the real
 * ones: values are copied on write, and secret changes are announced to every listener,
 * as SecretStorage does across windows.
 */
import type { Disposable, LogPort, MementoPort, SecretsPort } from '../../src/extension/store/ports';

export class MemoryMemento implements MementoPort {
  readonly values = new Map<string, unknown>();
  /** What setKeysForSync was last given; globalState's sync list. */
  synced: readonly string[] = [];

  setKeysForSync(keys: readonly string[]): void {
    this.synced = [...keys];
  }

  get<T>(key: string): T | undefined {
    const value = this.values.get(key);
    return value === undefined ? undefined : (structuredClone(value) as T);
  }

  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, structuredClone(value));
  }
}

export class MemorySecrets implements SecretsPort {
  readonly values = new Map<string, string>();
  private readonly listeners = new Set<(e: { key: string }) => unknown>();

  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.listeners.forEach((l) => l({ key }));
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
    this.listeners.forEach((l) => l({ key }));
  }

  onDidChange = (listener: (e: { key: string }) => unknown): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
}

/** Keeps every line, so tests can check that no key was ever logged. */
export class MemoryLog implements LogPort {
  readonly lines: string[] = [];
  info(message: string): void {
    this.lines.push(`info ${message}`);
  }
  warn(message: string): void {
    this.lines.push(`warn ${message}`);
  }
  error(message: string): void {
    this.lines.push(`error ${message}`);
  }
}
