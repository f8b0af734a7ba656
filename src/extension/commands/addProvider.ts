import * as vscode from 'vscode';
import { addProvider } from '../../providers/operations';
import type { Services } from '../services';
import { refusePersonalProviders } from '../team/teamGuards';
import { draftToProvider } from '../ui/draft';
import { runProviderSteps, type ProviderDraft } from '../ui/providerSteps';

/** Switchboard: Add Provider — type, name, base URL, key, agents; Escape saves nothing. */
export async function addProviderCommand(services: Services): Promise<string | undefined> {
  const { store } = services;
  refusePersonalProviders(services);
  const draft: ProviderDraft = { otherNames: store.document.providers.map((p) => p.name) };
  if (!(await runProviderSteps(draft))) return undefined;
  const provider = await store.apply(addProvider(draftToProvider(draft)), `Added provider ${draft.name} (${draft.type}).`);
  if (draft.key) await store.secrets.setKey(provider.id, draft.key);
  if (provider.type === 'codex') {
    // Codex has no key: signing in is what makes it usable.
    void vscode.window.showInformationMessage(`Added provider “${provider.name}”. Sign in with ChatGPT now?`, 'Sign in with ChatGPT').then((action) => {
      if (action) void vscode.commands.executeCommand('switchboard.signInWithChatGpt', provider.id);
    });
    return provider.id;
  }
  void vscode.window.showInformationMessage(`Added provider “${provider.name}”. Add its first model now?`, 'Add Model').then((action) => {
    if (action) void vscode.commands.executeCommand('switchboard.addModel', provider.id);
  });
  return provider.id;
}
