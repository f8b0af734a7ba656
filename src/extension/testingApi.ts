import type * as vscode from 'vscode';
import type { ModelStatusBar } from './statusBar';
import type { Services } from './services';
import { refreshModels, type RefreshResult, type RefreshUi } from './commands/refreshModels';
import { routeMessage } from './panel/router';
import type { ToWebview } from '../protocol/messages';
import { pickerItems, showModelPicker } from './ui/modelPicker';

/**
 * Handles for the integration tests and benchmarks, returned from activate only when the
 * extension host runs with SWITCHBOARD_TEST=1. Never exposed to other extensions otherwise.
 */
export interface TestingApi {
  readonly services: Services;
  readonly statusBar: ModelStatusBar;
  /** For asserting on the real globalState and SecretStorage. */
  readonly context: vscode.ExtensionContext;
  readonly pickerItems: typeof pickerItems;
  readonly showModelPicker: typeof showModelPicker;
  /** Refresh Models for one provider, with the QuickPick (and the use-cached question) answered by `ui`. */
  refreshModels(providerId: string, ui: RefreshUi): Promise<RefreshResult>;
  /** A message as the settings panel would post it, through the panel's own router; its answer. */
  panelMessage(raw: unknown): Promise<ToWebview | undefined>;
}

export function testingApi(services: Services, statusBar: ModelStatusBar, context: vscode.ExtensionContext): TestingApi {
  return {
    services,
    statusBar,
    context,
    pickerItems,
    showModelPicker,
    refreshModels(providerId, ui) {
      const provider = services.store.provider(providerId);
      if (!provider) throw new Error(`No provider ${providerId}`);
      return refreshModels(services, provider, ui);
    },
    panelMessage: (raw) => routeMessage(raw, { store: services.store, log: services.log }),
  };
}
