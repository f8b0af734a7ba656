/** Test Connection (a saved provider, the form's unsaved values, or a saved embedding model), Refresh Models and Use a Key Command, from the panel. */
import type { Provider } from '../../../providers/provider';
import { needsSecret } from '../../../providers/usability';
import { unavailable, type Handler, type PanelContext, type Reply } from '../context';
import { proxyPasswordError, proxyPasswordField, proxyPasswordSource } from './proxyPassword';
import { checkProviderForm } from './saveProvider';

export const testConnection: Handler<'testConnection'> = async (message, { store, testConnection: run }) => {
  if (!run) return unavailable;
  const existing = message.id ? store.provider(message.id) : undefined;
  if (message.id && !existing) return { ok: false, message: 'This provider was removed in another window.' };
  if (message.model !== undefined) {
    const model = existing?.models.find((m) => m.id === message.model);
    if (!existing || !model) return { ok: false, message: 'This model was removed in another window.' };
    if (model.kind !== 'embedding') return { ok: false, message: `“${message.model}” is a chat model; Test Connection calls embedding models only. Test the provider instead.` };
    return run(existing, { from: 'store' }, model.id);
  }
  if (!message.provider) {
    if (!existing) return { ok: false, message: 'Choose a provider to test.' };
    return run(existing, { from: 'store' });
  }
  const { parsed, errors } = await checkProviderForm(message.provider, existing);
  if (!parsed.success || Object.keys(errors).length) return { ok: false, fieldErrors: errors, message: 'Fix the highlighted fields to test the connection.' };
  const passwordError = proxyPasswordError(message.proxyPassword);
  if (passwordError) return { ok: false, fieldErrors: { [proxyPasswordField]: passwordError } };
  const provider = parsed.data as Provider;
  const password = proxyPasswordSource(provider, message.proxyPassword, existing);
  const key = message.key ?? { action: 'keep' };
  if (key.action === 'set') return run(provider, { from: 'value', value: key.value.trim() }, undefined, password);
  if (key.action === 'clear' || !existing) {
    if (needsSecret(provider) && provider.type !== 'codex') return { ok: false, fieldErrors: { key: 'Enter the key to test the connection.' } };
    return run(provider, { from: 'value', value: undefined }, undefined, password);
  }
  // Editing with the stored key: test the form's values under the saved provider's id, so the key is found.
  return run({ ...provider, id: existing.id }, { from: 'store' }, undefined, password);
};

/** Starts a flow of VS Code's own (a picker, an input box) for a saved provider, unless it was removed meanwhile. */
function forSavedProvider(id: string, store: PanelContext['store'], run: ((providerId: string) => Promise<Reply>) | undefined): Promise<Reply> | Reply {
  if (!run) return unavailable;
  if (!store.provider(id)) return { ok: false, message: 'This provider was removed in another window.' };
  return run(id);
}

export const refreshModels: Handler<'refreshModels'> = async ({ id }, { store, refreshModels: run }) => forSavedProvider(id, store, run);

export const useKeyCommand: Handler<'useKeyCommand'> = async ({ id }, { store, useKeyCommand: run }) => forSavedProvider(id, store, run);
