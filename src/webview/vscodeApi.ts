/**
 * The one wrapper around acquireVsCodeApi(). Everything the webview says to the host goes
 * through post/request, and everything it keeps across reloads goes through get/setUiState,
 * so the secret-handling rules live in a single place.
 */
import type { ResultMessage, StateMessage, ToHost, ToWebview } from '../protocol/messages';
import type { PersistedUi } from './uiState';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** acquireVsCodeApi may be called only once per page, so it is cached here. */
const api: VsCodeApi = acquireVsCodeApi();

/** Requests without their requestId: request() adds it. */
export type RequestMessage = ToHost extends infer M ? (M extends { requestId: string } ? Omit<M, 'requestId'> : never) : never;

/** A host that never answers must not leave a form spinning forever. */
const requestTimeoutMs = 30_000;

const pending = new Map<string, (result: ResultMessage) => void>();
let counter = 0;

export function post(message: ToHost): void {
  api.postMessage(message);
}

function nextRequestId(): string {
  counter += 1;
  return `w${Date.now().toString(36)}-${counter}`;
}

/** Sends a request and resolves with the result carrying the same requestId; `timeoutMs` for slow ones (network). */
export function request(message: RequestMessage, timeoutMs = requestTimeoutMs): Promise<ResultMessage> {
  const requestId = nextRequestId();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      pending.delete(requestId);
      resolve({ type: 'result', requestId, ok: false, message: 'The extension did not answer. Try again.' });
    }, timeoutMs);
    pending.set(requestId, (result) => {
      clearTimeout(timer);
      resolve(result);
    });
    post({ ...message, requestId } as ToHost);
  });
}

/** Listens to host messages; results for request() are routed to their promise first. */
export function onMessage(handler: (message: ToWebview) => void): () => void {
  const listener = (event: MessageEvent) => {
    const message = event.data as ToWebview | undefined;
    if (!message || typeof message !== 'object' || typeof message.type !== 'string') return;
    if (message.type === 'result') {
      const settle = pending.get(message.requestId);
      if (settle) {
        pending.delete(message.requestId);
        settle(message);
        return;
      }
    }
    handler(message);
  };
  window.addEventListener('message', listener);
  return () => window.removeEventListener('message', listener);
}

/** The persisted UI state; undefined on first open. */
export function getUiState(): PersistedUi | undefined {
  const state = api.getState();
  return state && typeof state === 'object' ? (state as PersistedUi) : undefined;
}

/**
 * Persists the UI state. PersistedUi has no key field by construction; this only passes
 * the object through a JSON round trip so no live proxy or function slips in.
 */
export function setUiState(state: PersistedUi): void {
  api.setState(JSON.parse(JSON.stringify(state)));
}

/**
 * The state the host built the page with (a JSON data block), so the first render needs no
 * round trip; undefined when the page has none (the dev harness), and the `ready` answer
 * brings it instead.
 */
export function initialState(): StateMessage | undefined {
  const text = document.getElementById('initial-state')?.textContent;
  return text ? (JSON.parse(text) as StateMessage) : undefined;
}
