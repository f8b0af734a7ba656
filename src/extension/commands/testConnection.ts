import * as vscode from 'vscode';
import type { TestOutcome } from '../../providers/connect/operations';
import { resolveRef } from '../../providers/document';
import { modelLabel } from '../../providers/model';
import type { Provider } from '../../providers/provider';
import { bedrockEmbeddingFamily } from '../../providers/connect/bedrockFamily';
import { formatRef, isRef } from '../../providers/refs';
import { describeTest, testEmbeddingModel, testProvider } from '../connect';
import type { Services } from '../services';
import { pickProvider } from '../ui/pickers';
import { failureActions, setProxyPasswordAction } from './failureActions';

/** Runs the button the user chose on a failure message (see failureActions). */
export function runFailureAction(action: string | undefined, providerId: string, log: Services['log']): void {
  if (action === setProxyPasswordAction) void vscode.commands.executeCommand('switchboard.setProxyPassword', providerId);
  else if (action === 'Set API Key') void vscode.commands.executeCommand('switchboard.setApiKey', providerId);
  else if (action === 'Edit Provider') void vscode.commands.executeCommand('switchboard.editProvider', providerId);
  else if (action === 'Network Settings') void vscode.commands.executeCommand('switchboard.manageProviders');
  else if (action === 'Show Log') log.show();
}

/** Turns a cancellation token into an AbortSignal for the network layer. */
export function abortSignalOf(token: vscode.CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}

/** Embedding models Test Connection can call: on Bedrock, those whose InvokeModel body it knows (Titan, Cohere). */
function embeddingTestable(provider: Provider, modelId: string): boolean {
  return provider.type !== 'bedrock' || bedrockEmbeddingFamily(modelId) !== undefined;
}

/**
 * Which test to run on a provider with embedding models: the connection (the model list), or
 * one embeddings call with one of them. Undefined when the user cancels; null for the list.
 */
async function pickTest(store: Services['store'], provider: Provider): Promise<string | null | undefined> {
  const embedding = provider.models.filter((m) => m.kind === 'embedding' && embeddingTestable(provider, m.id));
  if (!embedding.length) return null;
  type Item = vscode.QuickPickItem & { modelId: string | null };
  const items: Item[] = [
    { label: '$(plug) Connection and key', description: 'lists the models', modelId: null },
    ...embedding.map((m) => ({
      label: `$(symbol-array) ${modelLabel(m)}`,
      description: formatRef(provider.id, m.id) === store.document.embeddingRef ? 'embeddings call · the embedding model' : 'embeddings call',
      modelId: m.id,
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `Test Connection: ${provider.name}`, placeHolder: 'Test the connection, or an embedding model with one embeddings call' });
  return picked?.modelId;
}

/**
 * Switchboard: Test Connection — the cheapest real call that proves the URL and the key (the
 * model list); for an embedding model, one embeddings call, which also proves the model.
 * Takes a provider id (a provider with embedding models asks which test), or a model ref (an
 * embedding model is tested with an embeddings call, a chat model as its provider).
 * The answer says what failed and what to change. Returns the outcome (tests).
 */
export async function testConnectionCommand({ store, log }: Services, providerIdOrRef?: string): Promise<TestOutcome | undefined> {
  const byRef = providerIdOrRef && isRef(providerIdOrRef) ? resolveRef(store.document, providerIdOrRef) : undefined;
  const provider = byRef?.provider ?? (providerIdOrRef ? store.provider(providerIdOrRef) : await pickProvider(store, 'Test Connection'));
  if (!provider) return undefined;
  const modelId = byRef ? (byRef.model.kind === 'embedding' ? byRef.model.id : null) : await pickTest(store, provider);
  if (modelId === undefined) return undefined;
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: modelId ? `Testing “${modelId}” of “${provider.name}”…` : `Testing “${provider.name}”…`, cancellable: true },
    (_progress, token) => (modelId ? testEmbeddingModel(store, provider, modelId, abortSignalOf(token)) : testProvider(store, provider, abortSignalOf(token))),
  );
  const text = describeTest(provider, outcome);
  if (outcome.ok) {
    log.info(`Test Connection ${provider.id}${modelId ? ` (${modelId})` : ''}: ok (${outcome.via}, ${outcome.ms} ms).`);
    void vscode.window.showInformationMessage(text);
  } else if (outcome.failure.kind === 'cancelled') {
    log.info(`Test Connection ${provider.id}: cancelled.`);
  } else {
    log.warn(`Test Connection ${provider.id}: ${outcome.failure.kind} at ${outcome.url}: ${outcome.failure.message}`);
    void vscode.window.showErrorMessage(text, ...failureActions(outcome.failure)).then((action) => runFailureAction(action, provider.id, log));
  }
  return outcome;
}
