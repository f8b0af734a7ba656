/**
 * Settings Sync writes globalState without telling the extension, so the store looks again
 * when the window gets focus and once a minute: a cheap comparison, and a merge only when
 * the stored document is not what this window last saw.
 */
import * as vscode from 'vscode';
import type { LogPort } from './store/ports';
import type { Store } from './store/store';

export const syncCheckIntervalMs = 60_000;

export function watchForSync(store: Store, log: LogPort): vscode.Disposable {
  const check = () =>
    void store.loadIfChanged().catch((error: unknown) => log.error(`Reading synced settings failed: ${error instanceof Error ? error.message : String(error)}`));
  const timer = setInterval(check, syncCheckIntervalMs);
  timer.unref?.();
  const focus = vscode.window.onDidChangeWindowState((state) => state.focused && check());
  return { dispose: () => (clearInterval(timer), focus.dispose()) };
}
