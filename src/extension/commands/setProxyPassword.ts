import * as vscode from 'vscode';
import { proxyPasswordProblem, proxyUserOf } from '../../providers/network/proxyPassword';
import type { Services } from '../services';
import { pickProvider } from '../ui/pickers';

/**
 * Switchboard: Set Proxy Password — the password of the provider's forward proxy, kept in
 * SecretStorage only; the user name is the one in the proxy URL. An empty entry clears it.
 */
export async function setProxyPasswordCommand(services: Services, providerId?: string): Promise<void> {
  const { store } = services;
  const provider = providerId ? store.provider(providerId) : await pickProvider(store, 'Set Proxy Password', (p) => p.network?.proxy !== undefined);
  if (!provider) return;
  const user = proxyUserOf(provider.network?.proxy);
  if (!user) {
    const open = 'Network Settings';
    const why = provider.network?.proxy ? 'Its proxy URL names no user' : 'It has no proxy';
    const answer = await vscode.window.showWarningMessage(`${why}: set the proxy as http://user@host:port in “${provider.name}”'s network settings first.`, open);
    if (answer === open) await vscode.commands.executeCommand('switchboard.manageProviders');
    return;
  }
  const password = await vscode.window.showInputBox({
    title: `Proxy password of ${user} for “${provider.name}”`,
    prompt: "Kept in VS Code's secret storage, never in settings. Leave empty to clear it.",
    password: true,
    ignoreFocusOut: true,
    validateInput: proxyPasswordProblem,
  });
  if (password === undefined) return;
  await store.secrets.setProxyPassword(provider.id, password === '' ? undefined : password);
  void vscode.window.showInformationMessage(password === '' ? `Cleared the proxy password for “${provider.name}”.` : `Proxy password for “${provider.name}” saved.`);
}
