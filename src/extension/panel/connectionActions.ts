/** The panel's Test Connection, Refresh Models and Use a Key Command, with VS Code's progress, pickers and input box. */
import * as vscode from 'vscode';
import type { Provider } from '../../providers/provider';
import { refreshModels } from '../commands/refreshModels';
import { setKeyCommandCommand } from '../commands/setKeyCommand';
import { abortSignalOf } from '../commands/testConnection';
import { describeTest, proxyPasswordFor, testEmbeddingModel, testProvider, type SecretSource } from '../connect';
import type { Services } from '../services';
import type { Reply } from './context';
import { proxyAuthReply } from './proxyAuthReply';

/**
 * Tests the provider, or with `embeddingModel` one of its saved embedding models (an embeddings
 * call, as the palette's Test Connection does). A 407 names the form's Proxy password field.
 */
export async function testFromPanel({ store, log }: Services, provider: Provider, secret: SecretSource, embeddingModel?: string, proxyPassword?: SecretSource): Promise<Reply> {
  // Resolved once, so the answer to a 407 knows whether a password went with the request.
  const password = await proxyPasswordFor(store, provider, proxyPassword);
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: embeddingModel ? `Testing “${embeddingModel}” of “${provider.name}”…` : `Testing “${provider.name}”…`, cancellable: true },
    (_progress, token) =>
      embeddingModel ? testEmbeddingModel(store, provider, embeddingModel, abortSignalOf(token)) : testProvider(store, provider, abortSignalOf(token), secret, { from: 'value', value: password }),
  );
  const what = `${provider.id}${embeddingModel ? ` (${embeddingModel})` : ''}`;
  if (outcome.ok) return { ok: true, message: describeTest(provider, outcome) };
  log.warn(`Test Connection (panel) ${what}: ${outcome.failure.kind} at ${outcome.url}: ${outcome.failure.message}`);
  return proxyAuthReply(outcome.failure, provider.network?.proxy, password !== undefined) ?? { ok: false, message: describeTest(provider, outcome) };
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

/** Starts Use a Key Command and answers at once; the panel sees the key's new state in the next state. */
export async function keyCommandFromPanel(services: Services, providerId: string): Promise<Reply> {
  void setKeyCommandCommand(services, providerId).catch((error) => services.log.error(`Use a Key Command ${providerId} failed: ${error instanceof Error ? error.message : String(error)}`));
  return { ok: true };
}
