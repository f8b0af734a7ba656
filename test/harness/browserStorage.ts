/**
 * Where code-server keeps an extension's globalState: not on the server (there is no
 * state.vscdb under the user-data dir), but in the browser, in the IndexedDB database
 * `vscode-web-state-db-global`, object store `ItemTable` (out-of-line string keys, string
 * values). The default profile's state lives there (VS Code 1.139's IndexedDBStorageDatabase,
 * `createApplicationStorage`). An extension's whole globalState is one JSON string under its
 * lower-cased id; the keys it registered with `setKeysForSync` are a JSON array under
 * `extensionKeys/<id>@<version>` (ExtensionStorageService.toKey).
 *
 * Settings Sync carries exactly those registered keys of an extension's state to another
 * machine and writes them into its state; SecretStorage (browser localStorage, encrypted)
 * never travels. `syncedState` reads what would travel; `putSyncedState` lands it in a fresh
 * browser profile before its workbench loads, the way the synced state is there when the
 * extension activates on the second machine.
 */
import type { Page } from 'playwright-core';
import { sleep } from './paths';

const database = 'vscode-web-state-db-global';
const objectStore = 'ItemTable';

/** Every row of the workbench's global state database, as the page's origin sees it. */
async function readRows(page: Page): Promise<Record<string, string>> {
  return page.evaluate(
    ({ database, objectStore }) =>
      new Promise<Record<string, string>>((resolve, reject) => {
        const open = indexedDB.open(database);
        open.onerror = () => reject(open.error);
        // A database the workbench has not made yet: nothing stored, and no stray empty one left behind.
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onsuccess = () => {
          const db = open.result;
          const rows: Record<string, string> = {};
          const cursor = db.transaction(objectStore, 'readonly').objectStore(objectStore).openCursor();
          cursor.onerror = () => reject(cursor.error);
          cursor.onsuccess = () => {
            const at = cursor.result;
            if (!at) {
              db.close();
              return resolve(rows);
            }
            if (typeof at.value === 'string') rows[String(at.key)] = at.value;
            at.continue();
          };
        };
      }).catch(() => ({})),
    { database, objectStore },
  );
}

/** The extension's globalState object; undefined until the workbench has stored one. */
export async function extensionState(page: Page, extensionId: string): Promise<Record<string, unknown> | undefined> {
  const raw = (await readRows(page))[extensionId.toLowerCase()];
  return raw === undefined ? undefined : (JSON.parse(raw) as Record<string, unknown>);
}

/** The keys the extension registered for Settings Sync; undefined before it registered any. */
export async function keysForSync(page: Page, extensionId: string): Promise<string[] | undefined> {
  const rows = await readRows(page);
  const prefix = `extensionKeys/${extensionId.toLowerCase()}@`;
  const found = Object.entries(rows).find(([key]) => key.startsWith(prefix));
  return found ? (JSON.parse(found[1]) as string[]) : undefined;
}

/**
 * What Settings Sync would carry of the extension's state: only its registered keys. Waits
 * (bounded) until the workbench has flushed both the registration and `expectKey`, since the
 * browser storage writes behind a short delay.
 */
export async function syncedState(page: Page, extensionId: string, expectKey: string, timeoutMs = 15_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [state, keys] = await Promise.all([extensionState(page, extensionId), keysForSync(page, extensionId)]);
    if (state && keys && expectKey in state) return Object.fromEntries(keys.filter((key) => key in state).map((key) => [key, state[key]]));
    if (Date.now() > deadline) throw new Error(`the workbench stored no ${expectKey} for ${extensionId} within ${timeoutMs} ms (keys for sync: ${JSON.stringify(keys)})`);
    await sleep(250);
  }
}

/**
 * Writes `state` as the extension's globalState into the browser profile of `page`, on
 * `serverUrl`'s origin (IndexedDB is per origin), before any workbench of that origin loaded.
 * The page is left on a blank server route; open the workbench next.
 */
export async function putSyncedState(page: Page, serverUrl: string, extensionId: string, state: Record<string, unknown>): Promise<void> {
  // Any same-origin page runs the write; /healthz is cheap and loads no workbench.
  await page.goto(`${serverUrl}/healthz`, { timeout: 15_000 });
  await page.evaluate(
    ({ database, objectStore, key, value }) =>
      new Promise<void>((resolve, reject) => {
        // No version: the workbench opens it the same way, and finds its one object store.
        const open = indexedDB.open(database);
        open.onerror = () => reject(open.error);
        open.onupgradeneeded = () => {
          if (!open.result.objectStoreNames.contains(objectStore)) open.result.createObjectStore(objectStore);
        };
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(objectStore, 'readwrite');
          tx.objectStore(objectStore).put(value, key);
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { database, objectStore, key: extensionId.toLowerCase(), value: JSON.stringify(state) },
  );
}
