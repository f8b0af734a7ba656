import * as vscode from 'vscode';
import type { Services } from '../services';
import { describeProvider } from '../ui/pickers';

const actions = [
  { label: '$(edit) Edit provider', command: 'switchboard.editProvider' },
  { label: '$(key) Set API key', command: 'switchboard.setApiKey' },
  { label: '$(add) Add model', command: 'switchboard.addModel' },
  { label: '$(trash) Remove provider', command: 'switchboard.removeProvider' },
];

/**
 * Switchboard: Manage Providers — a keyboard-first console over the provider list.
 * The settings webview takes this command over when it lands.
 */
export async function manageProvidersCommand({ store }: Services): Promise<void> {
  type Item = vscode.QuickPickItem & { providerId?: string; command?: string };
  const items: Item[] = store.document.providers.map((p) => ({ ...describeProvider(store, p), providerId: p.id }));
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: '$(add) Add provider…', command: 'switchboard.addProvider', alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, { title: 'Switchboard: Manage Providers', placeHolder: 'Choose a provider to manage', matchOnDescription: true });
  if (!picked) return;
  if (picked.command) return void vscode.commands.executeCommand(picked.command);
  const action = await vscode.window.showQuickPick(actions, { title: `Manage “${picked.label}”` });
  if (action) await vscode.commands.executeCommand(action.command, picked.providerId);
}
