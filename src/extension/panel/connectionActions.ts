/** The panel's Test Connection and Refresh Models, with VS Code's progress and pickers. */
import * as vscode from 'vscode';
import type { Provider } from '../../providers/provider';
import { refreshModels } from '../commands/refreshModels';
import { abortSignalOf } from '../commands/testConnection';
import { describeTest, testEmbeddingModel, testProvider, type SecretSource } from '../connect';
import type { Services } from '../services';
import type { Reply } from './context';

/** Tests the provider, or with `embeddingModel` one of its saved embedding models (an embeddings call, as the palette's Test Connection does). */
export async function testFromPanel({ store, log }: Services, provider: Provider, secret: SecretSource, embeddingModel?: string): Promise<Reply> {
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: embeddingModel ? `Testing “${embeddingModel}” of “${provider.name}”…` : `Testing “${provider.name}”…`, cancellable: true },
    (_progress, token) => (embeddingModel ? testEmbeddingModel(store, provider, embeddingModel, abortSignalOf(token)) : testProvider(store, provider, abortSignalOf(token), secret)),
  );
  const what = `${provider.id}${embeddingModel ? ` (${embeddingModel})` : ''}`;
  if (!outcome.ok) log.warn(`Test Connection (panel) ${what}: ${outcome.failure.kind} at ${outcome.url}: ${outcome.failure.message}`);
  return { ok: outcome.ok, message: describeTest(provider, outcome) };
}

/**
 * Starts Refresh Models and answers at once: the flow goes on in VS Code (progress, then the
 * model picker), however long the user takes, and the panel sees added models in the next state.
 */
export async function refreshFromPanel(services: Services, providerId: string): Promise<Reply> {
  const provider = services.store.provider(providerId);
  if (!provider) return { ok: false, message: 'This provider was removed in another window.' };
  void refreshModels(services, provider).catch((error) => services.log.error(`Refresh Models ${providerId} failed: ${error instanceof Error ? error.message : String(error)}`));
  return { ok: true };
}
