/**
 * Gets a provider's missing secret on this machine: Set API Key, or Sign in with ChatGPT for
 * a Codex provider. Used by the picker (before completing a pick) and the key-needed prompt.
 */
import * as vscode from 'vscode';
import { signsIn } from '../../providers/keyNeeded';
import type { Provider } from '../../providers/provider';
import type { Services } from '../services';
import { signInWithChatGptCommand } from '../signin/signInCommand';
import { setApiKeyCommand } from './setApiKey';

/** Resolves true once the provider is usable here. */
export async function enterMissingKey(services: Services, provider: Provider): Promise<boolean> {
  if (signsIn(provider)) await signInWithChatGptCommand(services, provider.id);
  else await setApiKeyCommand(services, provider.id);
  const now = services.store.provider(provider.id);
  if (now && services.store.isUsable(now)) return true;
  void vscode.window.showInformationMessage(`“${provider.name}” still needs a ${signsIn(provider) ? 'sign-in' : 'key'} on this machine; its model was not picked.`);
  return false;
}
