/**
 * The app's reactive state: the host's latest `state` message plus the persisted UI state.
 * One module so every tab reads the same snapshot, and App persists `ui` in one place.
 */
import type { StateMessage } from '../protocol/messages';
import { initialUi, type PersistedUi } from './uiState';
import { getUiState, initialState } from './vscodeApi';

export interface Banner {
  text: string;
  kind: 'error' | 'info';
}

export const app: { host: StateMessage | undefined; ui: PersistedUi; banner: Banner | undefined } = $state({
  host: initialState(),
  ui: initialUi(getUiState()),
  banner: undefined,
});

export function showBanner(text: string, kind: Banner['kind'] = 'error'): void {
  app.banner = { text, kind };
}

/** Moves focus to an element once Svelte has rendered it (after a form closes, for keyboard users). */
export function focusTestId(testId: string): void {
  requestAnimationFrame(() => {
    const el = document.querySelector<HTMLElement>(`[data-testid="${CSS.escape(testId)}"]`);
    el?.focus();
  });
}
