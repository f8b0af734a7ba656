/** Switchboard: Sign Out of ChatGPT — revokes the tokens where the issuer can, then deletes them. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { describeProvider } from '../ui/pickers';

/** Resolves to the provider id signed out, or undefined when there was nothing to do. */
export async function signOutOfChatGptCommand(services: Services, providerId?: string): Promise<string | undefined> {
  const { store, signIn } = services;
  let provider = providerId ? store.provider(providerId) : undefined;
  if (!providerId) {
    const signedIn = store.document.providers.filter((p) => p.type === 'codex' && store.secrets.hasKey(p.id));
    if (signedIn.length === 0) {
      void vscode.window.showInformationMessage('No Codex provider is signed in with ChatGPT.');
      return undefined;
    }
    provider = signedIn.length === 1 ? signedIn[0] : (await vscode.window.showQuickPick(signedIn.map((p) => ({ ...describeProvider(store, p), provider: p })), { title: 'Sign Out of ChatGPT', placeHolder: 'Choose the provider to sign out' }))?.provider;
  }
  if (!provider) return undefined;
  const result = await signIn.signOut(provider.id);
  const note = result.revocationError ? ` The server did not confirm the revocation (${result.revocationError}); the tokens were deleted here.` : '';
  void vscode.window.showInformationMessage(`Signed out of ChatGPT for “${provider.name}”.${note}`);
  return provider.id;
}
