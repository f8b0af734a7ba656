import * as vscode from 'vscode';
import { apiKeySchema, firstMessage } from '../../providers/fields';
import type { Services } from '../services';
import { refuseTeamKey } from '../team/teamGuards';
import { pickProvider } from '../ui/pickers';
import { setKeyCommandCommand } from './setKeyCommand';

/** The key box's way to "Use a Key Command…" instead, for the same provider; Shift+Tab from the input reaches it. */
export const keyCommandButtonTooltip = 'Use a Key Command… (take the key from a password manager’s command)';

const useCommand = Symbol('use a key command');

/**
 * Switchboard: Set API Key — stored in SecretStorage only; an empty entry offers to clear it.
 * The box's button goes to Use a Key Command… instead (also from the key-needed prompt and the
 * picker, which ask for a key here).
 */
export async function setApiKeyCommand(services: Services, providerId?: string): Promise<void> {
  const { store } = services;
  const provider = providerId ? store.provider(providerId) : await pickProvider(store, 'Set API Key', (p) => p.type !== 'codex');
  if (!provider) return;
  refuseTeamKey(services, provider.id);
  const hasKey = store.secrets.hasKey(provider.id);
  const fromCommand = store.secrets.hasKeyCommand(provider.id);
  const key = await askKey(
    `API key for “${provider.name}”`,
    fromCommand
      ? 'The key comes from a command. Type a key to use it instead, or leave empty to clear the command.'
      : hasKey
        ? 'A key is set. Type a new one to replace it, or leave empty to clear it.'
        : "Kept in VS Code's secret storage, never in settings. Or take it from your password manager: Use a Key Command… (the button above; Shift+Tab, Enter).",
    hasKey,
  );
  if (key === undefined) return;
  if (key === useCommand) {
    await setKeyCommandCommand(services, provider.id);
    return;
  }
  if (key === '') {
    // deleteKey removes the command too: say so, since the key itself stays in the password manager.
    const clear = await vscode.window.showWarningMessage(
      `Clear the key of “${provider.name}”?`,
      { modal: true, ...(fromCommand ? { detail: 'Its key comes from a command: the key command is removed too. The key itself stays in your password manager.' } : {}) },
      'Clear Key',
    );
    if (clear) await store.secrets.deleteKey(provider.id);
    return;
  }
  await store.secrets.setKey(provider.id, key);
  void vscode.window.showInformationMessage(`Key for “${provider.name}” saved.`);
}

/** The typed key, '' to clear (only when `canClear`), the key command route, or undefined on Escape. */
async function askKey(title: string, prompt: string, canClear: boolean): Promise<string | typeof useCommand | undefined> {
  const input = vscode.window.createInputBox();
  input.title = title;
  input.prompt = prompt;
  input.password = true;
  input.ignoreFocusOut = true;
  const button: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('terminal'), tooltip: keyCommandButtonTooltip };
  input.buttons = [button];
  const problem = (value: string): string | undefined => {
    if (value === '') return canClear ? undefined : 'Enter a key.';
    const parsed = apiKeySchema.safeParse(value);
    return parsed.success ? undefined : firstMessage(parsed.error);
  };
  try {
    return await new Promise((resolve) => {
      input.onDidChangeValue((value) => (input.validationMessage = value === '' ? undefined : problem(value)));
      input.onDidAccept(() => {
        input.validationMessage = problem(input.value);
        if (input.validationMessage !== undefined) return;
        resolve(input.value);
        input.hide();
      });
      input.onDidTriggerButton((pressed) => {
        if (pressed !== button) return;
        resolve(useCommand);
        input.hide();
      });
      input.onDidHide(() => resolve(undefined));
      input.show();
    });
  } finally {
    input.dispose();
  }
}
