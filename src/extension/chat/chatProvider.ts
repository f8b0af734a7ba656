/**
 * Switchboard's models in VS Code's own chat: a LanguageModelChatProvider (vendor
 * "switchboard") that sends each request through the local gateway, so VS Code chat gets the
 * same translation, keys, headers, network settings and usage records as the agents.
 */
import * as vscode from 'vscode';
import type { Store } from '../store/store';
import { chatRequestBody, estimateTokens } from './chatMessages';
import { chatModelInformation } from './chatModels';
import { reportChatStream } from './chatStream';

/** What the chat provider needs of the gateway. */
export interface GatewayAccess {
  /** Starts the gateway if it is not running; its origin and token. */
  ensureRunning(): Promise<{ readonly origin: string; readonly token: string }>;
}

export class SwitchboardChatProvider implements vscode.LanguageModelChatProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;

  constructor(
    private readonly store: Store,
    private readonly gateway: GatewayAccess,
  ) {
    this.subscription = store.onDidChange(() => this.changed.fire());
  }

  provideLanguageModelChatInformation(): vscode.LanguageModelChatInformation[] {
    return chatModelInformation(this.store.document, this.store.isUsable);
  }

  async provideLanguageModelChatResponse(
    model: vscode.LanguageModelChatInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const { origin, token: gatewayToken } = await this.gateway.ensureRunning();
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    try {
      const response = await fetch(`${origin}/a/vscode-chat/openai/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${gatewayToken}` },
        body: JSON.stringify(chatRequestBody(model.id, messages, options)),
        signal: abort.signal,
      });
      if (!response.ok || !response.body) throw new Error(`${model.name}: ${await errorMessage(response)}`);
      await reportChatStream(response.body, progress);
    } catch (error) {
      if (token.isCancellationRequested) return;
      throw error;
    } finally {
      // A reply that failed midway must not keep the gateway (and the upstream) streaming.
      abort.abort();
      cancel.dispose();
    }
  }

  async provideTokenCount(_model: vscode.LanguageModelChatInformation, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    return estimateTokens(text);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

async function errorMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    // Not JSON: fall through to the status.
  }
  return `the gateway answered ${response.status}`;
}
