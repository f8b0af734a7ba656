/**
 * Switchboard: Sign in with ChatGPT. Picks the Codex provider to sign in (or creates one when
 * there is none, since signing in is how a user sets up Codex), shows the code with Copy and
 * Open buttons, and waits in a cancellable progress notification while the user approves.
 */
import * as vscode from 'vscode';
import { SwitchboardError } from '../../providers/errors';
import { DeviceFlowError } from '../../providers/oauth/deviceFlow';
import { addProvider } from '../../providers/operations';
import type { Provider } from '../../providers/provider';
import type { Services } from '../services';
import { describeProvider } from '../ui/pickers';
import type { PendingSignIn } from './signInService';

/** The name a provider created by signing in gets. */
export const newProviderName = 'ChatGPT';

type Target = { readonly provider: Provider } | { readonly create: true };

/** Resolves to the provider id signed in, or undefined when cancelled. */
export async function signInWithChatGptCommand(services: Services, providerId?: string): Promise<string | undefined> {
  const { store, signIn } = services;
  const target = await chooseTarget(services, providerId);
  if (!target) return undefined;
  const tokens = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Sign in with ChatGPT', cancellable: true },
    async (progress, cancel) => {
      const controller = new AbortController();
      const subscription = cancel.onCancellationRequested(() => controller.abort());
      try {
        progress.report({ message: 'Asking for a sign-in code…' });
        const pending = await signIn.begin(controller.signal);
        progress.report({ message: `Enter code ${pending.userCode} at ${displayUrl(pending.verificationUri)}. Waiting…` });
        void offerCode(pending, controller.signal);
        return await pending.complete();
      } catch (error) {
        if (error instanceof DeviceFlowError && error.reason === 'cancelled') return undefined;
        if (controller.signal.aborted) return undefined;
        throw error;
      } finally {
        subscription.dispose();
      }
    },
  );
  if (!tokens) return undefined;
  const provider = 'provider' in target ? target.provider : await store.apply(addProvider({ name: uniqueName(services), type: 'codex' }), 'Added a Codex provider for the ChatGPT sign-in.');
  await signIn.save(provider.id, tokens);
  const created = 'create' in target;
  void vscode.window
    .showInformationMessage(`Signed in with ChatGPT${created ? `: added provider “${provider.name}”.` : ` for “${provider.name}”.`}`, ...(provider.models.length ? [] : ['Add Model']))
    .then((action) => action && vscode.commands.executeCommand('switchboard.addModel', provider.id));
  return provider.id;
}

async function chooseTarget({ store }: Services, providerId?: string): Promise<Target | undefined> {
  if (providerId) {
    const provider = store.provider(providerId);
    if (!provider || provider.type !== 'codex') throw new SwitchboardError(`“${providerId}” is not a Codex (ChatGPT sign-in) provider.`);
    return { provider };
  }
  const codex = store.document.providers.filter((p) => p.type === 'codex');
  if (codex.length === 0) return { create: true };
  if (codex.length === 1) return { provider: codex[0]! };
  // Several: ask, listing the ones that are not signed in first.
  const items = [...codex]
    .sort((a, b) => Number(store.secrets.hasKey(a.id)) - Number(store.secrets.hasKey(b.id)))
    .map((p) => ({ ...describeProvider(store, p), provider: p }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Sign in with ChatGPT', placeHolder: 'Choose the Codex provider to sign in' });
  return picked && { provider: picked.provider };
}

/** Shows the code with buttons; the progress notification keeps showing it too. */
async function offerCode(pending: PendingSignIn, signal: AbortSignal): Promise<void> {
  const copyAndOpen = 'Copy Code & Open Browser';
  const action = await vscode.window.showInformationMessage(
    `Your ChatGPT sign-in code is ${pending.userCode}. Enter it at ${displayUrl(pending.verificationUri)} within ${Math.max(1, Math.round((pending.expiresAt - Date.now()) / 60_000))} minutes.`,
    copyAndOpen,
    'Open Browser',
  );
  if (!action || signal.aborted) return;
  if (action === copyAndOpen) await vscode.env.clipboard.writeText(pending.userCode);
  await vscode.env.openExternal(vscode.Uri.parse(pending.verificationUriComplete ?? pending.verificationUri, true));
}

function displayUrl(url: string): string {
  return url.replace(/^https:\/\//, '');
}

function uniqueName({ store }: Services): string {
  const names = new Set(store.document.providers.map((p) => p.name.toLowerCase()));
  for (let n = 1; ; n++) {
    const name = n === 1 ? newProviderName : `${newProviderName} ${n}`;
    if (!names.has(name.toLowerCase())) return name;
  }
}
