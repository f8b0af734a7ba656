/** The status-bar item: the active model and its provider, or a way to add a provider. */
import * as vscode from 'vscode';
import { agentLabel } from '../providers/agentCatalog';
import { modelLabel } from '../providers/model';
import { activeModel } from '../providers/modelOrder';
import type { Store } from './store/store';
import { contextText } from './ui/modelPicker';

export class ModelStatusBar implements vscode.Disposable {
  /** Public for the integration tests, which read its text. */
  readonly item = vscode.window.createStatusBarItem('switchboard.model', vscode.StatusBarAlignment.Right, 100);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: Store) {
    this.item.name = 'Switchboard Model';
    this.subscription = store.onDidChange(() => this.render());
    this.render();
    this.item.show();
  }

  render(): void {
    const doc = this.store.document;
    const active = activeModel(doc, this.store.isUsable);
    if (active) {
      const label = modelLabel(active.model);
      const agents = active.provider.agents.map(agentLabel).join(', ') || 'none';
      this.item.text = `$(sparkle) ${label} · ${active.provider.name}`;
      this.item.accessibilityInformation = { label: `Switchboard model: ${label} from ${active.provider.name}` };
      const tooltip = new vscode.MarkdownString(undefined, true);
      tooltip.appendMarkdown(`**${escape(label)}** · ${escape(active.provider.name)}\n\n`);
      tooltip.appendMarkdown(`Ref: \`${active.ref}\`  \nContext: ${contextText(active.model.contextLimit)} tokens  \nAgents: ${escape(agents)}\n\n`);
      tooltip.appendMarkdown('Click to switch models');
      this.item.tooltip = tooltip;
      this.item.command = 'switchboard.selectModel';
    } else if (doc.providers.length === 0) {
      this.item.text = '$(add) Add a provider';
      this.item.accessibilityInformation = { label: 'Switchboard: Add a provider' };
      this.item.tooltip = 'Switchboard: define a model provider once and use it from every agent';
      this.item.command = 'switchboard.addProvider';
    } else {
      this.item.text = '$(sparkle) No model';
      this.item.accessibilityInformation = { label: 'Switchboard: no model available' };
      this.item.tooltip = 'No usable model: add a model, or set the key of a provider. Click for options.';
      this.item.command = 'switchboard.selectModel';
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
