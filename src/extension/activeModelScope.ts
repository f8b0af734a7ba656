/**
 * The `switchboard.activeModel.scope` setting at work. `global`: a pick is the synced
 * last-used model, shared by every window. `workspace`: a pick is remembered in this
 * workspace's state. Either way the pick reaches the agents, whose files are per user, so
 * this machine remembers (unsynced) which window picked for them last; other windows read
 * it to say so in their status bar.
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { agentsNote, agentsView, parseAgentsPick, parseScope, windowView, type ActiveModelScope as Scope, type AgentsPick } from '../providers/activeScope';
import { resolveRef, type StoredDocument } from '../providers/document';
import { SwitchboardError } from '../providers/errors';
import type { ModelChoice } from '../providers/modelOrder';
import { recordLastUsed } from '../providers/operations';
import { isRef, type ModelRef } from '../providers/refs';
import { Emitter } from './store/emitter';
import { MachineFile } from './store/machineFile';
import type { LogPort, MementoPort } from './store/ports';
import type { Store } from './store/store';

export const scopeSetting = 'switchboard.activeModel.scope';
/** In workspaceState: this workspace's last pick (workspace scope). */
export const workspaceLastUsedKey = 'switchboard.lastUsedRef';
/** In workspaceState: a random id naming this workspace in the agents' pick; no path. */
export const workspaceIdKey = 'switchboard.workspaceId';
/** In this machine's file (never synced): the pick that last reached the agents on this machine. */
export const agentsPickKey = 'switchboard.agentsPick';
/** That file, in global storage beside the revision file. */
export const machineStateFile = 'machine.json';

export interface ScopePorts {
  readonly store: Store;
  readonly log: LogPort;
  /** This machine's state that every window must see at once (a MachineFile). */
  readonly machineState: MementoPort;
  readonly workspaceState: MementoPort;
  /** The setting's current value. */
  readonly setting: () => unknown;
  /** The workspace's name as VS Code shows it. */
  readonly workspaceName: () => string;
  /** Tells other windows to look again (the revision file). */
  readonly announce: () => void;
}

export class ActiveModelScope implements vscode.Disposable {
  private readonly changes = new Emitter<void>();
  /** Fires when the scope setting changed or this window recorded a pick. */
  readonly onDidChange = this.changes.event;

  constructor(private readonly ports: ScopePorts) {}

  /** Reads VS Code's own setting, state and workspace name. */
  static forContext(context: vscode.ExtensionContext, store: Store, log: LogPort, announce: () => void): ActiveModelScope {
    const scope = new ActiveModelScope({
      store,
      log,
      machineState: new MachineFile(path.join(context.globalStorageUri.fsPath, machineStateFile)),
      workspaceState: context.workspaceState,
      setting: () => vscode.workspace.getConfiguration().get(scopeSetting),
      workspaceName: () => vscode.workspace.name ?? 'a window with no folder',
      announce,
    });
    context.subscriptions.push(scope, vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(scopeSetting) && scope.changes.fire()));
    return scope;
  }

  get scope(): Scope {
    return parseScope(this.ports.setting());
  }

  /** This workspace's own last pick, whatever the scope. */
  workspaceLastUsed(): ModelRef | undefined {
    const ref = this.ports.workspaceState.get<unknown>(workspaceLastUsedKey);
    return isRef(ref) ? ref : undefined;
  }

  /** The document as this window's status bar and picker see it. */
  windowDocument(): StoredDocument {
    return windowView(this.ports.store.document, this.scope, this.workspaceLastUsed());
  }

  /** The document as the agents see it: their model comes from the last pick that reached them. */
  agentsDocument(): StoredDocument {
    return agentsView(this.ports.store.document, this.scope, this.agentsPick());
  }

  agentsPick(): AgentsPick | undefined {
    return parseAgentsPick(this.ports.machineState.get(agentsPickKey));
  }

  /** The tooltip line about the agents' model, when there is something to say. */
  agentsNote(activeRef: ModelRef | undefined, label: (ref: ModelRef) => string): string | undefined {
    return agentsNote({ scope: this.scope, workspaceId: this.workspaceId(), activeRef }, this.agentsPick(), label);
  }

  /** Records a pick in the scope's place, and as the agents' pick on this machine. */
  async record(choice: ModelChoice): Promise<void> {
    const { store, log, workspaceState, machineState } = this.ports;
    if (this.scope === 'global') await store.apply(recordLastUsed(choice.ref), `Selected model ${choice.ref}.`);
    else {
      if (!resolveRef(store.document, choice.ref)) throw new SwitchboardError(`No model “${choice.ref}”; it may have been removed in another window.`);
      await workspaceState.update(workspaceLastUsedKey, choice.ref);
      log.info(`Selected model ${choice.ref} for this workspace.`);
    }
    const pick: AgentsPick = { ref: choice.ref, workspaceId: await this.ensureWorkspaceId(), workspaceName: this.ports.workspaceName(), at: new Date().toISOString() };
    await machineState.update(agentsPickKey, pick);
    this.ports.announce();
    this.changes.fire();
  }

  private workspaceId(): string {
    const id = this.ports.workspaceState.get<unknown>(workspaceIdKey);
    return typeof id === 'string' && id ? id : '';
  }

  private async ensureWorkspaceId(): Promise<string> {
    const id = this.workspaceId();
    if (id) return id;
    const fresh = randomUUID();
    await this.ports.workspaceState.update(workspaceIdKey, fresh);
    return fresh;
  }

  dispose(): void {
    this.changes.dispose();
  }
}
