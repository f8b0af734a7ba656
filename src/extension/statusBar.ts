/**
 * The status-bar item: the active model and its provider (with the scope it belongs to, and
 * which window's pick the agents use), a key needed on this machine, or, with no provider
 * yet, a way to add one and to the Get Started walkthrough.
 */
import * as vscode from 'vscode';
import { agentLabel } from '../providers/agentCatalog';
import { resolveRef } from '../providers/document';
import { keyPromptMessage, providersNeedingKey } from '../providers/keyNeeded';
import { modelLabel } from '../providers/model';
import { activeModel } from '../providers/modelOrder';
import { noModelsMessage } from '../providers/team/teamLayer';
import type { ModelRef } from '../providers/refs';
import type { ActiveModelScope } from './activeModelScope';
import type { Store } from './store/store';
import { contextText } from './ui/modelPicker';
import { openWalkthroughCommand, walkthroughId } from './walkthrough';

export class ModelStatusBar implements vscode.Disposable {
  /** Public for the integration tests, which read its text. */
  readonly item = vscode.window.createStatusBarItem('switchboard.model', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly store: Store,
    private readonly scope: ActiveModelScope,
  ) {
    this.item.name = 'Switchboard Model';
    this.subscriptions = [store.onDidChange(() => this.render()), scope.onDidChange(() => this.render())];
    this.render();
    this.item.show();
  }

  render(): void {
    const doc = this.scope.windowDocument();
    const active = activeModel(doc, this.store.isUsable);
    const needing = providersNeedingKey(doc.providers, (id) => this.store.secrets.keySettled(id));
    const workspace = this.scope.scope === 'workspace';
    if (active) {
      const label = modelLabel(active.model);
      const agents = active.provider.agents.map(agentLabel).join(', ') || 'none';
      this.item.text = `${workspace ? '$(folder)' : '$(sparkle)'} ${label} · ${active.provider.name}`;
      this.item.accessibilityInformation = { label: `Switchboard model${workspace ? ' for this workspace' : ''}: ${label} from ${active.provider.name}` };
      const tooltip = new vscode.MarkdownString(undefined, true);
      tooltip.appendMarkdown(`**${escape(label)}** · ${escape(active.provider.name)}${workspace ? ' · this workspace' : ''}\n\n`);
      tooltip.appendMarkdown(`Ref: \`${active.ref}\`  \nContext: ${contextText(active.model.contextLimit)} tokens  \nAgents: ${escape(agents)}\n\n`);
      const note = this.scope.agentsNote(active.ref, (ref) => this.refLabel(ref));
      if (note) tooltip.appendMarkdown(`$(info) ${escape(note)}\n\n`);
      if (needing.length) tooltip.appendMarkdown(`$(key) ${escape(keyPromptMessage(needing))}\n\n`);
      tooltip.appendMarkdown(workspace ? 'Click to switch the model of this workspace' : 'Click to switch models');
      this.item.tooltip = tooltip;
      this.item.command = 'switchboard.selectModel';
    } else if (doc.providers.length === 0) {
      this.item.text = '$(plug) Switchboard: Add a provider';
      this.item.accessibilityInformation = { label: 'Switchboard: Add a provider' };
      const tooltip = new vscode.MarkdownString(undefined, true);
      tooltip.isTrusted = { enabledCommands: [openWalkthroughCommand] };
      tooltip.appendMarkdown('Define a model provider once and use it from every agent. Click to add one.\n\n');
      tooltip.appendMarkdown(`[$(book) Get started in four steps](command:${openWalkthroughCommand}?${encodeURIComponent(JSON.stringify([walkthroughId, false]))})`);
      this.item.tooltip = tooltip;
      this.item.command = 'switchboard.addProvider';
    } else if (needing.length) {
      this.item.text = '$(key) Switchboard: Key needed';
      this.item.accessibilityInformation = { label: `Switchboard: ${keyPromptMessage(needing)}` };
      this.item.tooltip = `${keyPromptMessage(needing)} Keys stay on each machine; Settings Sync brings providers and models, not keys. Click to pick a model and enter its key.`;
      this.item.command = 'switchboard.selectModel';
    } else {
      this.item.text = '$(sparkle) No model';
      this.item.accessibilityInformation = { label: 'Switchboard: no model available' };
      // In team mode the developer adds nothing: the administrator enables models.
      const team = this.store.teamLayer;
      this.item.tooltip = team ? `${noModelsMessage(team)} Click for options.` : 'No usable model: add a model, or set the key of a provider. Click for options.';
      this.item.command = 'switchboard.selectModel';
    }
  }

  private refLabel(ref: ModelRef): string {
    const found = resolveRef(this.store.document, ref);
    return found ? `${modelLabel(found.model)} · ${found.provider.name}` : ref;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.item.dispose();
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
