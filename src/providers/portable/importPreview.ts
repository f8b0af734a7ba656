/**
 * What importing a file would do to the stored document, before anything is decided:
 * providers added, providers that conflict (the same id with different content), the ones
 * already there as they are, and the settings (default, embedding model, agents' models)
 * the file would change.
 */
import { agentLabel, type AgentId } from '../agentCatalog';
import type { StoredDocument } from '../document';
import type { Provider } from '../provider';
import type { ModelRef } from '../refs';
import { providerDifferences, sameJson } from './compare';
import type { ExportFile } from './exportFile';

export interface ProviderConflict {
  readonly current: Provider;
  readonly incoming: Provider;
  /** What differs, e.g. ["base URL", "models: +gpt-5"]. */
  readonly differences: readonly string[];
}

export interface SettingChange {
  /** "Default model", "Embedding model", or "Claude Code's model". */
  readonly what: string;
  readonly from: ModelRef | undefined;
  readonly to: ModelRef;
}

export interface ImportPreview {
  readonly added: readonly Provider[];
  readonly conflicts: readonly ProviderConflict[];
  readonly unchanged: readonly Provider[];
  readonly changes: readonly SettingChange[];
}

export function previewImport(doc: StoredDocument, file: ExportFile): ImportPreview {
  const added: Provider[] = [];
  const conflicts: ProviderConflict[] = [];
  const unchanged: Provider[] = [];
  for (const incoming of file.providers) {
    const current = doc.providers.find((p) => p.id === incoming.id);
    if (!current) added.push(incoming);
    else if (sameJson(current, incoming)) unchanged.push(incoming);
    else conflicts.push({ current, incoming, differences: providerDifferences(current, incoming) });
  }
  const changes: SettingChange[] = [];
  const change = (what: string, from: ModelRef | undefined, to: ModelRef | undefined) => to !== undefined && to !== from && changes.push({ what, from, to });
  change('Default model', doc.defaultRef, file.defaultRef);
  change('Embedding model', doc.embeddingRef, file.embeddingRef);
  for (const [agent, ref] of Object.entries(file.assignments) as [AgentId, ModelRef][]) change(`${agentLabel(agent)}’s model`, doc.assignments[agent], ref);
  return { added, conflicts, unchanged, changes };
}

/** True when importing would change nothing. */
export function nothingToImport(preview: ImportPreview): boolean {
  return !preview.added.length && !preview.conflicts.length && !preview.changes.length;
}
