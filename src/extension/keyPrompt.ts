/**
 * After a load brings in providers whose key is missing on this machine (Settings Sync
 * carries providers, never keys): "N providers need a key on this machine" with Enter Key…,
 * once per window for each set of such providers. Closing it is remembered for that set on
 * this machine only, so the same set never asks again and a new provider does. Enter Key…
 * clicked after every key came in another way says so rather than doing nothing.
 */
import * as vscode from 'vscode';
import { everyKeyHereMessage, keyPromptMessage, keyPromptSignature, providersNeedingKey, shouldPromptForKeys } from '../providers/keyNeeded';
import type { Provider } from '../providers/provider';
import { enterMissingKey } from './commands/enterKey';
import type { Services } from './services';
import type { MementoPort } from './store/ports';
import { describeProvider } from './ui/pickers';

/** In globalState, never synced: the provider sets whose prompt was dismissed. */
export const dismissedKeyPromptsKey = 'switchboard.keyPrompt.dismissed';
const maxDismissed = 20;
export const enterKeyAction = 'Enter Key…';

export class KeyNeededPrompt implements vscode.Disposable {
  /** The provider sets this window already asked about. */
  private readonly asked = new Set<string>();
  /** The message this window offered, if any; the integration tests read it. */
  offered: string | undefined;
  /** What Enter Key… answered when no provider needed a key any more, if it did; the integration tests read it. */
  answered: string | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly services: Services,
    private readonly globalState: MementoPort,
  ) {
    this.subscription = services.store.onDidChange((change) => change.kind === 'document' && change.external && void this.checkQuietly());
  }

  /** check(), with a failure logged rather than left unhandled. */
  checkQuietly(): Promise<void> {
    return this.check().catch((error: unknown) => this.services.log.warn(`Key prompt: ${error instanceof Error ? error.message : String(error)}`));
  }

  /** Offers to enter the missing keys, unless this window already asked about this set or it was dismissed. */
  async check(): Promise<void> {
    const { store } = this.services;
    const needing = providersNeedingKey(store.document.providers, (id) => store.secrets.keySettled(id));
    if (!shouldPromptForKeys(needing, [...this.asked, ...this.dismissed()])) return;
    this.asked.add(keyPromptSignature(needing));
    this.offered = keyPromptMessage(needing);
    const answer = await vscode.window.showInformationMessage(this.offered, enterKeyAction);
    if (answer !== enterKeyAction) return this.dismiss(needing);
    // A notification cannot be withdrawn: the keys may have come in another way while it showed.
    const still = providersNeedingKey(store.document.providers, (id) => store.secrets.keySettled(id));
    if (!still.length) {
      this.answered = everyKeyHereMessage;
      void vscode.window.showInformationMessage(everyKeyHereMessage);
      return;
    }
    const provider = await this.choose(still);
    if (provider) await enterMissingKey(this.services, provider);
  }

  private async choose(needing: Provider[]): Promise<Provider | undefined> {
    if (needing.length <= 1) return needing[0];
    const items = needing.map((p) => ({ ...describeProvider(this.services.store, p), provider: p }));
    return (await vscode.window.showQuickPick(items, { title: 'Enter a key on this machine', placeHolder: 'Choose the provider' }))?.provider;
  }

  private dismissed(): string[] {
    const stored = this.globalState.get<unknown>(dismissedKeyPromptsKey);
    return Array.isArray(stored) ? stored.filter((s): s is string => typeof s === 'string') : [];
  }

  private async dismiss(needing: Provider[]): Promise<void> {
    const signature = keyPromptSignature(needing);
    await this.globalState.update(dismissedKeyPromptsKey, [...this.dismissed().filter((s) => s !== signature), signature].slice(-maxDismissed));
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
