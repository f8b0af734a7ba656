/**
 * The seam between the picker and whatever reacts to a pick. The agent adapters and the
 * gateway subscribe to onDidSelectModel; the picker only records the pick (in the active
 * model's scope) and fires.
 */
import * as vscode from 'vscode';
import type { ModelChoice } from '../providers/modelOrder';
import type { ActiveModelScope } from './activeModelScope';

export class ModelSwitch implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ModelChoice>();
  /** Fires after the user picked a model and it was recorded as last used. */
  readonly onDidSelectModel = this.emitter.event;

  constructor(readonly scope: ActiveModelScope) {}

  async select(choice: ModelChoice): Promise<void> {
    await this.scope.record(choice);
    this.emitter.fire(choice);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
