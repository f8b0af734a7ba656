/**
 * "Switchboard: Show Usage": the requests that went through the gateway (in any window), per
 * agent and per model: requests, errors, tokens and latency. In memory only; "Export Usage…"
 * writes the records as JSON or CSV.
 */
import * as vscode from 'vscode';
import { agentLabel, isAgentId } from '../../providers/agentCatalog';
import type { UsageAggregate } from '../../gateway/usage';
import type { GatewayHost } from './gatewayHost';

type Node = { readonly kind: 'group'; readonly label: string; readonly rows: readonly UsageAggregate[]; readonly name: (key: string) => string } | { readonly kind: 'row'; readonly row: UsageAggregate; readonly label: string };

export const usageViewId = 'switchboard.usage';

const count = (n: number) => n.toLocaleString('en-US');

export class UsageView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly gateway: GatewayHost) {
    // At most one refresh a second: a busy agent sends many requests.
    this.subscriptions = [gateway.onDidChangeUsage(() => (this.pending ??= setTimeout(() => ((this.pending = undefined), this.changed.fire()), 1000)))];
    this.subscriptions.push(vscode.window.registerTreeDataProvider(usageViewId, this));
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      const { byAgent, byModel } = this.gateway.usage.aggregates();
      if (!byAgent.length) return [];
      return [
        { kind: 'group', label: 'By agent', rows: byAgent, name: (key) => (isAgentId(key) ? agentLabel(key) : key) },
        { kind: 'group', label: 'By model', rows: byModel, name: (key) => key },
      ];
    }
    return node.kind === 'group' ? node.rows.map((row) => ({ kind: 'row', row, label: node.name(row.key) })) : [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') return Object.assign(new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded), { id: node.label });
    const { row } = node;
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.description = `${count(row.count)} request${row.count === 1 ? '' : 's'} · ${count(row.inputTokens)} in / ${count(row.outputTokens)} out tokens · p50 ${Math.round(row.p50LatencyMs)} ms`;
    item.tooltip = new vscode.MarkdownString(
      [`**${node.label}**`, `${count(row.count)} request${row.count === 1 ? '' : 's'}, ${count(row.errors)} failed`, `${count(row.inputTokens)} input and ${count(row.outputTokens)} output tokens`, `latency p50 ${Math.round(row.p50LatencyMs)} ms, p95 ${Math.round(row.p95LatencyMs)} ms`].join('\n\n'),
    );
    item.iconPath = new vscode.ThemeIcon(row.errors ? 'warning' : 'pulse');
    return item;
  }

  dispose(): void {
    clearTimeout(this.pending);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

export async function showUsage(): Promise<void> {
  await vscode.commands.executeCommand(`${usageViewId}.focus`);
}

export async function exportUsage(gateway: GatewayHost): Promise<vscode.Uri | undefined> {
  if (!gateway.usage.size) {
    void vscode.window.showInformationMessage('No request has gone through Switchboard’s gateway yet.');
    return undefined;
  }
  const uri = await vscode.window.showSaveDialog({ title: 'Export Usage', saveLabel: 'Export', filters: { JSON: ['json'], CSV: ['csv'] }, defaultUri: vscode.Uri.file('switchboard-usage.json') });
  if (!uri) return undefined;
  const text = uri.path.endsWith('.csv') ? gateway.usage.toCsv() : gateway.usage.toJson();
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  void vscode.window.showInformationMessage(`Exported ${count(gateway.usage.size)} requests to ${uri.fsPath}.`);
  return uri;
}
