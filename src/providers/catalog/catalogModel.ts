/**
 * From a catalog entry to a Switchboard model: the context limit, max output, modalities,
 * reasoning and its controls, and the compression threshold that goes with the context.
 * Also the one-line summary the pickers show, and which catalog section a provider type reads.
 */
import { defaultCompressionThreshold, type ModelInput } from '../model';
import type { ProviderTypeId } from '../providerTypes';
import type { ModelMetadataLookup } from '../modelList/listedModels';
import type { CatalogIndex } from './catalogIndex';
import type { CatalogModel } from './catalogSchema';

/** The models.dev section for each provider type; none for types that serve any model. */
export const catalogSections: Readonly<Record<ProviderTypeId, string | undefined>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  gemini: 'google',
  'azure-openai': 'azure',
  bedrock: 'amazon-bedrock',
  'openai-compatible': undefined,
  openrouter: 'openrouter',
  vercel: 'vercel',
  deepseek: 'deepseek',
  zai: 'zai',
  'opencode-zen': 'opencode',
  ollama: undefined,
  lmstudio: undefined,
  codex: 'openai',
};

export type CatalogMetadata = Pick<ModelInput, 'contextLimit' | 'maxOutputTokens' | 'compressionThreshold' | 'modalities' | 'reasoning' | 'reasoningControls'>;

/** What a catalog entry says about a model, in the model schema's fields. */
export function catalogMetadata(entry: CatalogModel): CatalogMetadata {
  const meta: CatalogMetadata = { contextLimit: entry.contextLimit, compressionThreshold: defaultCompressionThreshold(entry.contextLimit), reasoning: entry.reasoning };
  // Some entries give an output limit equal to or above the context; the schema refuses that.
  if (entry.maxOutputTokens !== undefined && entry.maxOutputTokens <= entry.contextLimit) meta.maxOutputTokens = entry.maxOutputTokens;
  if (entry.modalities) meta.modalities = { input: [...entry.modalities.input], output: [...entry.modalities.output] };
  if (entry.reasoningControls) meta.reasoningControls = structuredClone(entry.reasoningControls);
  return meta;
}

/** A new model for the entry, under the id the provider expects (default: the catalog's). */
export function modelFromCatalog(entry: CatalogModel, id = entry.id): ModelInput {
  const model: ModelInput = { id, ...catalogMetadata(entry) };
  if (entry.name !== id) model.displayName = entry.name.trim().slice(0, 256) || undefined;
  if (model.displayName === undefined) delete model.displayName;
  return model;
}

/**
 * Fills what a model lacks from its catalog entry; what the user set stays. The compression
 * threshold follows the context limit only when the context limit came from the catalog.
 */
export function fillFromCatalog(model: ModelInput, entry: CatalogModel): ModelInput {
  const meta = catalogMetadata(entry);
  const out: ModelInput = { ...model };
  const contextFromCatalog = out.contextLimit === undefined;
  if (contextFromCatalog) out.contextLimit = meta.contextLimit;
  if (out.compressionThreshold === undefined) out.compressionThreshold = contextFromCatalog ? meta.compressionThreshold : defaultCompressionThreshold(out.contextLimit);
  if (out.maxOutputTokens === undefined && meta.maxOutputTokens !== undefined && meta.maxOutputTokens <= out.contextLimit) out.maxOutputTokens = meta.maxOutputTokens;
  if (out.modalities === undefined && meta.modalities) out.modalities = meta.modalities;
  if (out.reasoning === undefined) out.reasoning = meta.reasoning;
  if (out.reasoningControls === undefined && meta.reasoningControls) out.reasoningControls = meta.reasoningControls;
  return out;
}

/** 1000 → "1k", 1048576 → "1M", 1000000 → "1M", 200000 → "200k", 131072 → "131k". */
export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${n % 1_048_576 === 0 ? n / 1_048_576 : +(n / 1_000_000).toFixed(1)}M`;
  if (n >= 1000) return `${+(n / 1000).toFixed(n >= 100_000 ? 0 : 1)}k`;
  return String(n);
}

const money = (n: number): string => `$${n < 1 ? +n.toFixed(3) : +n.toFixed(2)}`;

/** "200k context · 64k out · $3/$15 per 1M · reasoning (effort low–high) · tools · image, pdf in". */
export function catalogDetail(entry: CatalogModel): string {
  const parts = [`${formatTokens(entry.contextLimit)} context`];
  if (entry.maxOutputTokens !== undefined) parts.push(`${formatTokens(entry.maxOutputTokens)} out`);
  const { input, output } = entry.cost ?? {};
  if (input !== undefined && output !== undefined) parts.push(input === 0 && output === 0 ? 'free' : `${money(input)}/${money(output)} per 1M`);
  if (entry.reasoning) {
    const c = entry.reasoningControls;
    const how = [c?.effort && `effort ${c.effort.length > 2 ? `${c.effort[0]}–${c.effort[c.effort.length - 1]}` : c.effort.join('/')}`, c?.budget && 'budget', c?.toggle && 'on/off'].filter(Boolean);
    parts.push(how.length ? `reasoning (${how.join(', ')})` : 'reasoning');
  }
  if (entry.toolCall) parts.push('tools');
  const extra = entry.modalities?.input.filter((m) => m !== 'text') ?? [];
  if (extra.length) parts.push(`${extra.join(', ')} in`);
  if (entry.status) parts.push(entry.status);
  return parts.join(' · ');
}

/** Refresh Models' lookup over a loaded catalog: the entry in the type's own section first. */
export function metadataLookupOf(index: Pick<CatalogIndex, 'match'>): ModelMetadataLookup {
  return (type, id) => {
    const entry = index.match(id, { section: catalogSections[type] })?.model;
    if (!entry) return undefined;
    const { contextLimit, maxOutputTokens } = catalogMetadata(entry);
    return { displayName: entry.name, contextLimit, ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}) };
  };
}
