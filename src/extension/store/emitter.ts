import type { Disposable, Event, Listener } from './ports';

/** A minimal event emitter with vscode.Event's shape, so the store stays free of `vscode`. */
export class Emitter<T> implements Disposable {
  private readonly listeners = new Set<Listener<T>>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        // One bad listener must not stop the status bar or panel from updating.
        console.error('Switchboard listener failed', error);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
