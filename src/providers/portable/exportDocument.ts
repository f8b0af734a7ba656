/**
 * What "Export Providers" writes: the stored providers, models and options, the default and
 * embedding models and the agent assignments. Not the last-used model (this machine's), and
 * never a key: keys are not in the document, and headers that carry one are left out.
 */
import { resolveRef, type StoredDocument } from '../document';
import type { ModelKind } from '../model';
import type { ModelRef } from '../refs';
import type { Provider } from '../provider';
import { isCredentialHeader } from './credentials';
import { exportFileSchema, exportFormat, exportVersion, type ExportFile } from './exportFile';

export interface ExportResult {
  readonly file: ExportFile;
  /** Headers left out because they look like credentials, as "Provider name: Header". */
  readonly leftOut: readonly string[];
}

function withoutCredentialHeaders(provider: Provider, leftOut: string[]): Provider {
  if (!provider.headers) return provider;
  const kept = Object.entries(provider.headers).filter(([name]) => {
    const secret = isCredentialHeader(name);
    if (secret) leftOut.push(`${provider.name}: ${name}`);
    return !secret;
  });
  if (kept.length === Object.keys(provider.headers).length) return provider;
  const { headers: _all, ...rest } = provider;
  return (kept.length ? { ...rest, headers: Object.fromEntries(kept) } : rest) as Provider;
}

export function exportDocument(doc: StoredDocument): ExportResult {
  const leftOut: string[] = [];
  // A ref to a model that has since changed kind would make the file unreadable: leave it out.
  const fits = (ref: ModelRef | undefined, kind: ModelKind): ref is ModelRef => resolveRef(doc, ref)?.model.kind === kind;
  const file: ExportFile = {
    format: exportFormat,
    version: exportVersion,
    providers: doc.providers.map((p) => withoutCredentialHeaders(p, leftOut)),
    ...(fits(doc.defaultRef, 'chat') ? { defaultRef: doc.defaultRef } : {}),
    ...(fits(doc.embeddingRef, 'embedding') ? { embeddingRef: doc.embeddingRef } : {}),
    assignments: Object.fromEntries(Object.entries(doc.assignments).filter(([, ref]) => fits(ref, 'chat'))),
  };
  // The store validated all of this; parsing again proves the file will import.
  return { file: exportFileSchema.parse(file), leftOut };
}

/** The file's text: two-space JSON with a final newline, as people keep it in dotfiles. */
export function exportText(file: ExportFile): string {
  return JSON.stringify(file, null, 2) + '\n';
}
