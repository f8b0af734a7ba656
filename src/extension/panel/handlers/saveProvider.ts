/** Adds or edits a provider from the panel's form, with the palette's validation, field by field. */
import { isAgentId } from '../../../providers/agentCatalog';
import { apiKeySchema } from '../../../providers/fields';
import { addProvider, updateProvider } from '../../../providers/operations';
import { providerSchema, typeFieldsOf, type Provider } from '../../../providers/provider';
import { isProviderTypeId, providerType } from '../../../providers/providerTypes';
import { managedMessage } from '../../../providers/team/teamLayer';
import { needsSecret } from '../../../providers/usability';
import type { ProviderForm, ToHostOf } from '../../../protocol/messages';
import { ConflictError, fieldErrors, unchangedSince, type Handler } from '../context';
import { caFileProblem, networkCandidate, networkErrorKey } from './networkForm';
import { proxyPasswordError, proxyPasswordField } from './proxyPassword';

/** The stored shape of what the form says; fields foreign to the type are left out. */
export function candidate(form: ProviderForm, id: string, models: Provider['models']): Record<string, unknown> {
  const { network } = networkCandidate(form.network);
  const headers = Object.fromEntries(Object.entries(form.headers ?? {}).filter(([name]) => name.trim() !== ''));
  return {
    id,
    name: form.name,
    type: form.type,
    ...(form.baseUrl?.trim() ? { baseUrl: form.baseUrl.trim() } : {}),
    agents: form.agents,
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(form.type === 'azure-openai' ? { apiVersion: form.apiVersion ?? '' } : {}),
    ...(form.type === 'bedrock' ? { region: form.region ?? '', aws: form.aws ?? {} } : {}),
    ...(network ? { network } : {}),
    models,
  };
}

/** Parses the form as the provider it would save, with every problem keyed by form field. */
export async function checkProviderForm(form: ProviderForm, existing: Provider | undefined): Promise<{ parsed: ReturnType<typeof providerSchema.safeParse>; errors: Record<string, string> }> {
  const parsed = providerSchema.safeParse(candidate(form, existing?.id ?? 'new', existing?.models ?? []));
  const errors: Record<string, string> = {};
  for (const [key, message] of Object.entries(parsed.success ? {} : fieldErrors(parsed.error.issues))) errors[networkErrorKey(key)] ??= message;
  const { timeoutError } = networkCandidate(form.network);
  if (timeoutError) errors['network.timeout'] = timeoutError;
  if (parsed.success) {
    const ca = await caFileProblem(parsed.data.network);
    if (ca) errors['network.caBundlePath'] = ca;
  }
  return { parsed, errors };
}

export const saveProvider: Handler<'saveProvider'> = async (message: ToHostOf<'saveProvider'>, { store }) => {
  const { provider: form, key, id } = message;
  const existing = id ? store.provider(id) : undefined;
  if (id && !existing) throw new ConflictError('This provider was removed in another window.');
  if (existing && store.teamLayer && store.teamAuth(existing.id)) return { ok: false, message: managedMessage(store.teamLayer, existing.name, 'be edited') };
  if (!isProviderTypeId(form.type)) return { ok: false, fieldErrors: { type: 'Choose a provider type.' } };
  if (existing && existing.type !== form.type) return { ok: false, fieldErrors: { type: 'The type of a saved provider cannot change; add a new provider instead.' } };

  const { parsed, errors } = await checkProviderForm(form, existing);
  const unknownAgent = form.agents.find((a) => !isAgentId(a));
  if (unknownAgent) errors.agents = `Unknown agent “${unknownAgent}”.`;
  const others = store.document.providers.filter((p) => p.id !== id).map((p) => p.name.toLowerCase());
  if (others.includes(form.name.trim().toLowerCase())) errors.name ??= `A provider named “${form.name.trim()}” exists already.`;
  if (key.action === 'set') {
    const checked = apiKeySchema.safeParse(key.value);
    if (!checked.success) errors.key = checked.error.issues[0]?.message ?? 'Invalid key.';
  } else if (!existing && parsed.success && needsSecret(parsed.data) && providerType(parsed.data.type).auth !== 'oauth' && key.action !== 'clear') {
    errors.key = 'Enter the key: this provider needs one.';
  }
  const passwordError = proxyPasswordError(message.proxyPassword);
  if (passwordError) errors[proxyPasswordField] = passwordError;
  if (Object.keys(errors).length || !parsed.success) return { ok: false, fieldErrors: errors, message: 'Fix the highlighted fields; nothing was saved.' };

  const { id: _ignored, models: _models, ...input } = parsed.data;
  let saved: Provider;
  if (existing) {
    const patch = { name: input.name, baseUrl: input.baseUrl ?? null, agents: input.agents, headers: input.headers ?? null, network: input.network ?? null, typeFields: typeFieldsOf(parsed.data) };
    saved = await store.apply(unchangedSince(existing.id, message.etag, updateProvider(existing.id, patch)), `Edited provider ${existing.id} in the settings panel.`);
  } else {
    saved = await store.apply(addProvider(input as never), `Added provider ${input.name} in the settings panel.`);
  }
  if (key.action === 'set') await store.secrets.setKey(saved.id, key.value);
  if (key.action === 'clear') await store.secrets.deleteKey(saved.id);
  await store.secrets.saveProxyPassword(saved, message.proxyPassword, existing?.network?.proxy);
  return existing ? { ok: true } : { ok: true, createdId: saved.id };
};
