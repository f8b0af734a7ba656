import * as vscode from 'vscode';
import { firstMessage } from '../../providers/fields';
import { keyCommandSchema, runKeyCommand } from '../../providers/keyCommand';
import type { Services } from '../services';
import { refuseTeamKey } from '../team/teamGuards';
import { pickProvider } from '../ui/pickers';

const shell = process.platform === 'win32' ? 'cmd.exe' : '/bin/sh';

/**
 * Switchboard: Use a Key Command… — the provider's key comes from a command, such as a
 * password manager's, run on this machine whenever a key is needed. The command is run once
 * before it is kept, so a typo is caught here rather than by an agent, and the key it printed
 * serves the first use.
 */
export async function setKeyCommandCommand(services: Services, providerId?: string): Promise<boolean> {
  const { store } = services;
  const provider = providerId ? store.provider(providerId) : await pickProvider(store, 'Use a Key Command', (p) => p.type !== 'codex');
  if (!provider) return false;
  refuseTeamKey(services, provider.id);
  const input = vscode.window.createInputBox();
  input.title = `Key command for “${provider.name}”`;
  input.placeholder = 'op read "op://Private/OpenAI/credential"';
  input.prompt = `${store.secrets.hasKeyCommand(provider.id) ? 'A key command is set; type a new one to replace it. ' : ''}A command that prints the key, e.g. 1Password's op read, pass show, or security find-generic-password -w. It runs with ${shell} on this machine, and its key is kept in memory for 10 minutes.`;
  input.ignoreFocusOut = true;
  // Escape while the command runs stops it (and an unlock prompt it opened), and keeps nothing.
  const cancel = new AbortController();
  let running = false;
  try {
    return await new Promise<boolean>((resolve) => {
      input.onDidChangeValue(() => (input.validationMessage = undefined));
      input.onDidAccept(async () => {
        if (running) return;
        const parsed = keyCommandSchema.safeParse(input.value);
        if (!parsed.success) {
          input.validationMessage = firstMessage(parsed.error);
          return;
        }
        running = true;
        input.busy = true;
        input.enabled = false;
        const failed = (message: string) => {
          running = false;
          input.busy = false;
          input.enabled = true;
          input.validationMessage = message;
        };
        const ran = await runKeyCommand(parsed.data, { signal: cancel.signal });
        if (cancel.signal.aborted) return;
        if (!ran.ok) return failed(ran.message);
        try {
          await store.secrets.setKeyCommand(provider.id, parsed.data, ran.key);
        } catch (error) {
          return failed(error instanceof Error ? error.message : String(error));
        }
        resolve(true);
        input.hide();
        void vscode.window.showInformationMessage(`The key of “${provider.name}” now comes from your command.`);
      });
      input.onDidHide(() => {
        cancel.abort();
        resolve(false);
      });
      input.show();
    });
  } finally {
    input.dispose();
  }
}
