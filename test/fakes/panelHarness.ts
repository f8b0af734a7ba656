/**
 * The settings panel's host boundary on in-memory storage, as the panel unit tests drive it: a
 * loaded Store, and messages through the router with the context the test adds (handlers such
 * as testConnection or applyAgent). `request` numbers each request; `state` is the answer to `ready`.
 */
import type { PanelContext } from '../../src/extension/panel/context';
import { routeMessage } from '../../src/extension/panel/router';
import { Store } from '../../src/extension/store/store';
import type { ResultMessage, StateMessage } from '../../src/protocol/messages';
import { MemoryLog, MemoryMemento, MemorySecrets } from './memory';

export interface PanelParts {
  readonly store: Store;
  readonly memento: MemoryMemento;
  readonly secrets: MemorySecrets;
  readonly log: MemoryLog;
}

export async function panelHarness(extend: (parts: PanelParts) => Partial<PanelContext> = () => ({})) {
  const memento = new MemoryMemento();
  const secrets = new MemorySecrets();
  const log = new MemoryLog();
  const store = new Store(memento, secrets, log);
  await store.load();
  const parts = { store, memento, secrets, log };
  const context: PanelContext = { store, log, ...extend(parts) };
  let n = 0;
  const send = (message: Record<string, unknown>) => routeMessage({ requestId: `r${++n}`, ...message }, context);
  const request = async (message: Record<string, unknown>) => (await send(message)) as ResultMessage;
  const state = async () => (await routeMessage({ type: 'ready' }, context)) as StateMessage;
  return { ...parts, send, request, state };
}
