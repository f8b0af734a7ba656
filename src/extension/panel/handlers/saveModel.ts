/** Adds or replaces a model from the generated form; errors come back per field. */
import { modelSchema, validateModelOptions } from '../../../providers/model';
import { addModel, replaceModel } from '../../../providers/operations';
import { providerType } from '../../../providers/providerTypes';
import { ConflictError, fieldErrors, unchangedSince, type Handler } from '../context';

export const saveModel: Handler<'saveModel'> = async ({ providerId, originalId, etag, model }, { store }) => {
  const provider = store.provider(providerId);
  if (!provider) throw new ConflictError('This provider was removed in another window.');
  const parsed = modelSchema.safeParse(model);
  // General-field errors win over option errors for the same key.
  // The model's own reasoning controls (from the catalog) narrow the family's options on save;
  // stored documents are only held to the family, so an older value never blocks loading.
  const controls = parsed.success ? parsed.data.reasoningControls : undefined;
  const errors = { ...fieldErrors(validateModelOptions(providerType(provider.type).optionFamily, model.options, controls)), ...(parsed.success ? {} : fieldErrors(parsed.error.issues)) };
  if (parsed.success && parsed.data.id !== originalId && provider.models.some((m) => m.id === parsed.data.id)) {
    errors.id = `“${provider.name}” already has a model “${parsed.data.id}”.`;
  }
  if (parsed.success && parsed.data.kind === 'embedding' && !providerType(provider.type).embeddings) errors.kind = `${providerType(provider.type).label} has no embedding models.`;
  if (Object.keys(errors).length || !parsed.success) return { ok: false, fieldErrors: errors, message: 'Fix the highlighted fields; nothing was saved.' };

  const operation = originalId === undefined ? addModel(providerId, parsed.data) : replaceModel(providerId, originalId, parsed.data);
  await store.apply(unchangedSince(providerId, etag, operation), `Saved model ${providerId}/${parsed.data.id} in the settings panel.`);
  return { ok: true };
};
