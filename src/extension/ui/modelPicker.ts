/**
 * The status-bar model picker: last used and default first, then every available chat
 * model grouped by provider, then models whose provider needs a key on this machine, then
 * the ways to add or manage providers.
 */
import * as vscode from 'vscode';
import { agentLabel } from '../../providers/agentCatalog';
import type { StoredDocument } from '../../providers/document';
import { keyNeededLabel } from '../../providers/keyNeeded';
import { modelLabel } from '../../providers/model';
import { pickerOrder, type ModelChoice } from '../../providers/modelOrder';
import type { Store } from '../store/store';
import { teamEmptyRows } from '../team/teamPicker';
import { teamBadge } from '../team/teamView';

type Item = vscode.QuickPickItem & { choice?: ModelChoice; command?: string; args?: readonly unknown[] };

export function contextText(tokens: number): string {
  if (tokens >= 1_000_000 && tokens % 100_000 === 0) return `${tokens / 1_000_000}M`;
  if (tokens >= 1000 && tokens % 1000 === 0) return `${tokens / 1000}k`;
  return tokens.toLocaleString('en-US');
}

/**
 * Builds the picker's rows from `doc` (the document as this window sees it: its scope's last
 * used model); pure apart from vscode's item shapes, so benchmarks can time it.
 */
export function pickerItems(store: Store, doc: StoredDocument = store.document): Item[] {
  const { pinned, groups, keyNeeded } = pickerOrder(doc, store.isUsable);
  const defaultRef = doc.defaultRef;
  const row = (c: ModelChoice, note?: string): Item => {
    const agents = c.provider.agents.length ? c.provider.agents.map(agentLabel).join(', ') : 'no agents';
    return {
      label: `${c.ref === defaultRef ? '$(star-full) ' : ''}${modelLabel(c.model)}`,
      description: [note ? `${c.provider.name} · ${note}` : c.ref, teamBadge(store, c.provider.id)].filter(Boolean).join(' · '),
      detail: `${contextText(c.model.contextLimit)} context · ${agents}`,
      choice: c,
    };
  };
  const items: Item[] = [];
  if (pinned.length) {
    items.push({ label: 'recently used', kind: vscode.QuickPickItemKind.Separator });
    pinned.forEach((c) => items.push(row(c, c.ref === doc.lastUsedRef ? 'last used' : 'default')));
  }
  for (const g of groups) {
    items.push({ label: g.provider.name, kind: vscode.QuickPickItemKind.Separator });
    g.models.forEach((c) => items.push(row(c)));
  }
  for (const g of keyNeeded) {
    const needed = keyNeededLabel(g.provider);
    items.push({ label: `${g.provider.name} · ${needed}`, kind: vscode.QuickPickItemKind.Separator });
    g.models.forEach((c) => items.push({ ...row(c, `$(key) ${needed}`), detail: `${contextText(c.model.contextLimit)} context · pick to enter the ${needed.startsWith('Sign-in') ? 'sign-in' : 'key'} first` }));
  }
  if (!pinned.length && !groups.length) items.push(...teamEmptyRows(store));
  // With a team source that allows no personal providers, adding either would only be refused.
  const personal = !store.teamLayer || store.teamLayer.allowPersonalProviders;
  items.push(
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    ...(personal
      ? [
          { label: '$(add) Add provider…', command: 'switchboard.addProvider', alwaysShow: true },
          { label: '$(add) Add model…', command: 'switchboard.addModel', alwaysShow: true },
        ]
      : []),
    { label: '$(gear) Manage providers…', command: 'switchboard.manageProviders', alwaysShow: true },
  );
  return items;
}

/** Opens the picker; resolves with the chosen model, or undefined when dismissed or an action was chosen. */
export function showModelPicker(store: Store, onShown?: () => void, doc: StoredDocument = store.document): Promise<ModelChoice | undefined> {
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = 'Switchboard: Select Model';
  qp.placeholder = 'Type to filter models by name, provider or id';
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.items = pickerItems(store, doc);
  const first = qp.items.find((i) => i.choice);
  if (first) qp.activeItems = [first];
  return new Promise<ModelChoice | undefined>((resolve) => {
    qp.onDidAccept(() => {
      // An Enter that reaches the extension host before the selection does still means the highlighted row.
      const picked = qp.selectedItems[0] ?? qp.activeItems[0];
      if (!picked) return;
      qp.hide();
      if (picked?.command) void vscode.commands.executeCommand(picked.command, ...(picked.args ?? []));
      resolve(picked?.choice);
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
    onShown?.();
  });
}
