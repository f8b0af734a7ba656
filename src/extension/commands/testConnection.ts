import * as vscode from 'vscode';
import type { TestOutcome } from '../../providers/connect/operations';
import { describeTest, testProvider } from '../connect';
import type { Services } from '../services';
import { pickProvider } from '../ui/pickers';

/** Failures fixed by the base URL (Edit Provider), and by the network settings (the panel's Advanced section). */
const fixInUrl = new Set(['dns', 'refused', 'bad-port', 'tls-hostname', 'tls-other', 'not-found', 'not-json', 'redirect', 'malformed']);
const fixInNetwork = new Set(['tls-untrusted', 'proxy', 'ca-file', 'timeout']);

/** The buttons of a failure message, and what each does. */
export function failureActions(kind: string): string[] {
  return [...(kind === 'auth' ? ['Set API Key'] : fixInUrl.has(kind) ? ['Edit Provider'] : fixInNetwork.has(kind) ? ['Network Settings'] : []), 'Show Log'];
}

export function runFailureAction(action: string | undefined, providerId: string, log: Services['log']): void {
  if (action === 'Set API Key') void vscode.commands.executeCommand('switchboard.setApiKey', providerId);
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

/**
 * Switchboard: Test Connection — the cheapest real call that proves the URL and the key (the
 * model list). The answer says what failed and what to change. Returns the outcome (tests).
 */
export async function testConnectionCommand({ store, log }: Services, providerId?: string): Promise<TestOutcome | undefined> {
  const provider = providerId ? store.provider(providerId) : await pickProvider(store, 'Test Connection');
  if (!provider) return undefined;
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Testing “${provider.name}”…`, cancellable: true },
    (_progress, token) => testProvider(store, provider, abortSignalOf(token)),
  );
  const text = describeTest(provider, outcome);
  if (outcome.ok) {
    log.info(`Test Connection ${provider.id}: ok (${outcome.via}, ${outcome.ms} ms).`);
    void vscode.window.showInformationMessage(text);
  } else if (outcome.failure.kind === 'cancelled') {
    log.info(`Test Connection ${provider.id}: cancelled.`);
  } else {
    log.warn(`Test Connection ${provider.id}: ${outcome.failure.kind} at ${outcome.url}: ${outcome.failure.message}`);
    void vscode.window.showErrorMessage(text, ...failureActions(outcome.failure.kind)).then((action) => runFailureAction(action, provider.id, log));
  }
  return outcome;
}
