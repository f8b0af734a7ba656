import * as vscode from 'vscode';
import { apiKeySchema, firstMessage } from '../../providers/fields';
import type { Services } from '../services';
import { refuseTeamKey } from '../team/teamGuards';
import { pickProvider } from '../ui/pickers';

/** Switchboard: Set API Key — stored in SecretStorage only; an empty entry offers to clear it. */
export async function setApiKeyCommand(services: Services, providerId?: string): Promise<void> {
  const { store } = services;
  const provider = providerId ? store.provider(providerId) : await pickProvider(store, 'Set API Key', (p) => p.type !== 'codex');
  if (!provider) return;
  refuseTeamKey(services, provider.id);
  const hasKey = store.hasKey(provider.id);
  const key = await vscode.window.showInputBox({
    title: `API key for “${provider.name}”`,
    prompt: store.hasKeyCommand(provider.id)
      ? 'The key comes from a command. Type a key to use it instead, or leave empty to clear the command.'
      : hasKey
        ? 'A key is set. Type a new one to replace it, or leave empty to clear it.'
        : "Kept in VS Code's secret storage, never in settings.",
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (v === '') return hasKey ? undefined : 'Enter a key.';
      const parsed = apiKeySchema.safeParse(v);
      return parsed.success ? undefined : firstMessage(parsed.error);
    },
  });
  if (key === undefined) return;
  if (key === '') {
    const clear = await vscode.window.showWarningMessage(`Clear the key of “${provider.name}”?`, { modal: true }, 'Clear Key');
    if (clear) await store.deleteKey(provider.id);
    return;
  }
  await store.setKey(provider.id, key);
  void vscode.window.showInformationMessage(`Key for “${provider.name}” saved.`);
}
