/**
 * The Get Started walkthrough (contributes.walkthroughs in package.json) and the context keys
 * its steps complete on. The keys follow the store, so a step is ticked however the user did
 * it: from the walkthrough's button, the palette, the panel, or Settings Sync.
 */
import * as vscode from 'vscode';
import type { ActiveModelScope } from './activeModelScope';
import type { Store } from './store/store';

/** `<publisher>.<name>#<walkthrough id>`, as workbench.action.openWalkthrough takes it. */
export const walkthroughId = 'switchboard.switchboard#switchboard.getStarted';
export const openWalkthroughCommand = 'workbench.action.openWalkthrough';

/** The context keys the steps' completionEvents name (`onContext:<key>`). */
export const walkthroughKeys = {
  /** At least one provider exists. */
  hasProvider: 'switchboard.hasProvider',
  /** A model was picked in this window's scope (or reached the agents). */
  modelPicked: 'switchboard.modelPicked',
  /** Some provider lists an agent, or an agent has its own model. */
  agentsAssigned: 'switchboard.agentsAssigned',
} as const;

export class WalkthroughProgress implements vscode.Disposable {
  private readonly last = new Map<string, boolean>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    store: Store,
    private readonly scope: ActiveModelScope,
  ) {
    this.subscriptions = [store.onDidChange(() => this.update()), scope.onDidChange(() => this.update())];
    this.update();
  }

  update(): void {
    const doc = this.scope.windowDocument();
    this.set(walkthroughKeys.hasProvider, doc.providers.length > 0);
    this.set(walkthroughKeys.modelPicked, doc.lastUsedRef !== undefined || this.scope.agentsPick() !== undefined);
    this.set(walkthroughKeys.agentsAssigned, doc.providers.some((p) => p.agents.length > 0) || Object.keys(doc.assignments).length > 0);
  }

  private set(key: string, value: boolean): void {
    if (this.last.get(key) === value) return;
    this.last.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
  }
}
