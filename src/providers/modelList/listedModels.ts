/**
 * Turns listed models into models to add. Limits come from the list when the provider says
 * them, then from a metadata lookup (the models.dev catalog plugs in here), then a default.
 */
import { contextLimitSchema, modelIdSchema } from '../fields';
import type { ModelInput } from '../model';
import type { ProviderTypeId } from '../providerTypes';
import type { ListedModel } from './parse';

/** What a catalog may know about a model; every field optional. */
export interface ModelMetadata {
  readonly displayName?: string;
  readonly contextLimit?: number;
  readonly maxOutputTokens?: number;
  readonly kind?: 'chat' | 'embedding';
}

/** Looks a listed model up; undefined when nothing is known. */
export type ModelMetadataLookup = (providerType: ProviderTypeId, modelId: string) => ModelMetadata | undefined;

export const noMetadata: ModelMetadataLookup = () => undefined;

/** When neither the provider nor the catalog says: a common window that agents handle well. */
export const fallbackContextLimit = 128_000;

/** modelSchema's bound on maxOutputTokens. */
const maxOutputTokensLimit = 10_000_000;

/** The model to add for a listed id, or undefined when the id cannot be stored as a model id. */
export function modelFromListing(providerType: ProviderTypeId, listed: ListedModel, lookup: ModelMetadataLookup = noMetadata): ModelInput | undefined {
  if (!modelIdSchema.safeParse(listed.id).success) return undefined;
  const meta = lookup(providerType, listed.id) ?? {};
  const limit = listed.contextLimit ?? meta.contextLimit;
  const contextLimit = limit !== undefined && contextLimitSchema.safeParse(limit).success ? limit : fallbackContextLimit;
  const maxOut = listed.maxOutputTokens ?? meta.maxOutputTokens;
  const displayName = listed.displayName ?? meta.displayName;
  return {
    id: listed.id,
    ...(displayName && displayName.trim() && displayName.length <= 256 ? { displayName: displayName.trim() } : {}),
    contextLimit,
    ...(maxOut !== undefined && Number.isInteger(maxOut) && maxOut > 0 && maxOut <= contextLimit && maxOut <= maxOutputTokensLimit ? { maxOutputTokens: maxOut } : {}),
    kind: meta.kind ?? listed.kind,
  };
}
