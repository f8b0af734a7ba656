import * as vscode from 'vscode';
import { firstMessage } from '../../providers/fields';
import { keyCommandSchema, runKeyCommand } from '../../providers/keyCommand';
import type { Services } from '../services';
import { refuseTeamKey } from '../team/teamGuards';
import { pickProvider } from '../ui/pickers';

/**
 * Switchboard: Use a Key Command… — the provider's key comes from a command, such as a
 * password manager's, run in the user's shell on this machine whenever a key is needed. The
 * command is run once before it is kept, so a typo is caught here rather than by an agent.
 */
export async function setKeyCommandCommand(services: Services, providerId?: string): Promise<boolean> {
  const { store } = services;
  const provider = providerId ? store.provider(providerId) : await pickProvider(store, 'Use a Key Command', (p) => p.type !== 'codex');
  if (!provider) return false;
  refuseTeamKey(services, provider.id);
  const input = vscode.window.createInputBox();
  input.title = `Key command for “${provider.name}”`;
  input.placeholder = 'op read "op://Private/OpenAI/credential"';
  input.prompt = `${store.hasKeyCommand(provider.id) ? 'A key command is set; type a new one to replace it. ' : ''}A command that prints the key, e.g. 1Password's op read, pass show, or security find-generic-password -w. It runs in your shell on this machine, and its key is kept in memory for 10 minutes.`;
  input.ignoreFocusOut = true;
  let hidden = false;
  try {
    return await new Promise<boolean>((resolve) => {
      input.onDidChangeValue(() => (input.validationMessage = undefined));
      input.onDidAccept(async () => {
        const parsed = keyCommandSchema.safeParse(input.value);
        if (!parsed.success) {
          input.validationMessage = firstMessage(parsed.error);
          return;
        }
        input.busy = true;
        input.enabled = false;
        const ran = await runKeyCommand(parsed.data);
        // Escape while it ran: the user changed their mind, so nothing is kept.
        if (hidden) return;
        input.busy = false;
        input.enabled = true;
        if (!ran.ok) {
          input.validationMessage = ran.message;
          return;
        }
        try {
          await store.setKeyCommand(provider.id, parsed.data);
        } catch (error) {
          input.validationMessage = error instanceof Error ? error.message : String(error);
          return;
        }
        resolve(true);
        input.hide();
        void vscode.window.showInformationMessage(`The key of “${provider.name}” now comes from your command.`);
      });
      input.onDidHide(() => {
        hidden = true;
        resolve(false);
      });
      input.show();
    });
  } finally {
    input.dispose();
  }
}
