/**
 * The seam between the picker and whatever reacts to a pick. The agent adapters and the
 * gateway subscribe to onDidSelectModel; the picker only records the pick and fires.
 */
import * as vscode from 'vscode';
import type { ModelChoice } from '../providers/modelOrder';
import { recordLastUsed } from '../providers/operations';
import type { Store } from './store/store';

export class ModelSwitch implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ModelChoice>();
  /** Fires after the user picked a model and it was recorded as last used. */
  readonly onDidSelectModel = this.emitter.event;

  constructor(private readonly store: Store) {}

  async select(choice: ModelChoice): Promise<void> {
    await this.store.apply(recordLastUsed(choice.ref), `Selected model ${choice.ref}.`);
    this.emitter.fire(choice);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
