import type * as vscode from 'vscode';
import type { KeyNeededPrompt } from './keyPrompt';
import type { ModelStatusBar } from './statusBar';
import type { Services } from './services';
import { refreshModels, type RefreshResult, type RefreshUi } from './commands/refreshModels';
import { testFromPanel } from './panel/connectionActions';
import { routeMessage } from './panel/router';
import type { ToWebview } from '../protocol/messages';
import { pickerItems, showModelPicker } from './ui/modelPicker';
import { importProvidersCommand } from './commands/importProviders';
import type { ImportResult } from './portable/importFlow';
import type { ImportUi } from './portable/importUi';
import { handleLink } from './uriHandler';

/**
 * Handles for the integration tests and benchmarks, returned from activate only when the
 * extension host runs with SWITCHBOARD_TEST=1. Never exposed to other extensions otherwise.
 */
export interface TestingApi {
  readonly services: Services;
  readonly statusBar: ModelStatusBar;
  /** The once-per-window offer to enter keys missing on this machine. */
  readonly keyPrompt: KeyNeededPrompt;
  /** For asserting on the real globalState and SecretStorage. */
  readonly context: vscode.ExtensionContext;
  readonly pickerItems: typeof pickerItems;
  readonly showModelPicker: typeof showModelPicker;
  /** Refresh Models for one provider, with the QuickPick (and the use-cached question) answered by `ui`. */
  refreshModels(providerId: string, ui: RefreshUi): Promise<RefreshResult>;
  /** Import Providers from `source`, with the preview, conflicts and key prompts answered by `ui`. */
  importProviders(source: vscode.Uri, ui: ImportUi): Promise<ImportResult | undefined>;
  /** What the registered URI handler does with a link, with its modal and prompts answered by `ui`. */
  handleLink(uri: vscode.Uri, ui: ImportUi): Promise<ImportResult>;
  /** A message as the settings panel would post it, through the panel's own router (with its Test Connection); its answer. */
  panelMessage(raw: unknown): Promise<ToWebview | undefined>;
}

export function testingApi(services: Services, statusBar: ModelStatusBar, context: vscode.ExtensionContext, keyPrompt: KeyNeededPrompt): TestingApi {
  return {
    services,
    statusBar,
    keyPrompt,
    context,
    pickerItems,
    showModelPicker,
    refreshModels(providerId, ui) {
      const provider = services.store.provider(providerId);
      if (!provider) throw new Error(`No provider ${providerId}`);
      return refreshModels(services, provider, ui);
    },
    importProviders: (source, ui) => importProvidersCommand(services, source, ui),
    handleLink: (uri, ui) => handleLink(services, uri, ui),
    panelMessage: (raw) =>
      routeMessage(raw, {
        store: services.store,
        log: services.log,
        testConnection: (provider, secret, embeddingModel, proxyPassword) => testFromPanel(services, provider, secret, embeddingModel, proxyPassword),
      }),
  };
}
