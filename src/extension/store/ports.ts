/**
 * The narrow slices of VS Code's storage that the store needs. vscode.Memento and
 * vscode.SecretStorage satisfy them; tests pass in-memory versions.
 */
export interface Disposable {
  dispose(): void;
}

export type Listener<T> = (value: T) => unknown;
export type Event<T> = (listener: Listener<T>) => Disposable;

export interface MementoPort {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
  /** globalState only: the keys Settings Sync carries to the user's other machines. */
  setKeysForSync?(keys: readonly string[]): void;
}

export interface SecretsPort {
  get(key: string): Thenable<string | undefined>;
  store(key: string, value: string): Thenable<void>;
  delete(key: string): Thenable<void>;
  readonly onDidChange: Event<{ readonly key: string }>;
}

/** Logs actions; callers never pass a key. */
export interface LogPort {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
