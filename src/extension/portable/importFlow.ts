/**
 * The import both "Import Providers" and share links run: preview, a decision per conflict,
 * one store transaction, then the missing keys one provider at a time. Cancelling before the
 * transaction changes nothing; a skipped key leaves that provider without one.
 */
import * as vscode from 'vscode';
import { SwitchboardError } from '../../providers/errors';
import { nothingToImport, previewImport } from '../../providers/portable/importPreview';
import type { ExportFile } from '../../providers/portable/exportFile';
import { endpointChanged, importProviders, type Decisions, type ImportOutcome } from '../../providers/portable/mergeImport';
import { outcomeSummary, previewLines } from '../../providers/portable/previewText';
import type { Provider } from '../../providers/provider';
import { providerType } from '../../providers/providerTypes';
import { needsSecret } from '../../providers/usability';
import { joinAnd } from '../../providers/wording';
import type { Services } from '../services';
import type { ImportUi } from './importUi';

export interface ImportResult {
  readonly status: 'imported' | 'nothing' | 'cancelled' | 'refused';
  /** What the user was told. */
  readonly message: string;
  readonly outcome?: ImportOutcome;
  readonly keysSet: readonly string[];
  readonly keysSkipped: readonly string[];
}

const nothing = (status: ImportResult['status'], message: string): ImportResult => ({ status, message, keysSet: [], keysSkipped: [] });

/** Keys are typed for key-based providers; a ChatGPT sign-in has its own command. */
const asksForKey = (p: Provider) => needsSecret(p) && providerType(p.type).auth !== 'oauth';

export async function runImport({ store, log }: Pick<Services, 'store' | 'log'>, file: ExportFile, source: string, ui: ImportUi): Promise<ImportResult> {
  const preview = previewImport(store.document, file);
  if (nothingToImport(preview)) {
    const message = `Nothing to import from ${source}: everything in it is already here.`;
    void vscode.window.showInformationMessage(message);
    return nothing('nothing', message);
  }
  if (!(await ui.confirm(`Import from ${source}?`, previewLines(preview)))) return nothing('cancelled', 'Nothing was imported.');
  const decisions: Record<string, Decisions[string]> = {};
  for (const conflict of preview.conflicts) {
    const decision = await ui.resolve(conflict);
    if (!decision) return nothing('cancelled', 'Nothing was imported.');
    decisions[conflict.incoming.id] = decision;
  }

  const before = new Map(store.document.providers.map((p) => [p.id, p]));
  let outcome: ImportOutcome;
  try {
    outcome = await store.apply(importProviders(file, decisions), `Imported providers from ${source}.`);
  } catch (error) {
    // Another window changed a provider between the preview and now: nothing was written.
    if (!(error instanceof SwitchboardError)) throw error;
    void vscode.window.showErrorMessage(error.message);
    return nothing('refused', error.message);
  }
  log.info(outcomeSummary(outcome));
  // A replaced provider that now points elsewhere (a shared link, say) must not take the old key with it.
  for (const id of outcome.replaced) {
    const was = before.get(id);
    const now = store.provider(id);
    if (was && now && store.secrets.hasKey(id) && endpointChanged(was, now)) {
      await store.secrets.deleteKey(id);
      log.info(`Removed the key of ${now.name}: the import points it at ${now.baseUrl ?? 'another endpoint'}, so it is asked for again.`);
    }
  }

  const waiting = outcome.imported.map((id) => store.provider(id)).filter((p): p is Provider => p !== undefined && asksForKey(p) && !store.secrets.hasKey(p.id));
  const keysSet: string[] = [];
  const keysSkipped: string[] = [];
  for (const [i, provider] of waiting.entries()) {
    const answer = await ui.askKey(provider, i + 1, waiting.length);
    if (answer === undefined) {
      keysSkipped.push(...waiting.slice(i).map((p) => p.id));
      break;
    }
    if (answer === 'skip') keysSkipped.push(provider.id);
    else {
      await store.secrets.setKey(provider.id, answer);
      keysSet.push(provider.id);
    }
  }
  const signIns = outcome.imported.map((id) => store.provider(id)).filter((p): p is Provider => p !== undefined && providerType(p.type).auth === 'oauth' && !store.secrets.hasKey(p.id));
  const name = (id: string) => store.provider(id)?.name ?? id;
  const message = [
    outcomeSummary(outcome),
    keysSet.length ? `Keys saved for ${joinAnd(keysSet.map(name))}.` : '',
    keysSkipped.length ? `No key yet for ${joinAnd(keysSkipped.map(name))}: use Set API Key.` : '',
    signIns.length ? `Sign in with ChatGPT for ${joinAnd(signIns.map((p) => p.name))}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  void vscode.window.showInformationMessage(message);
  return { status: 'imported', message, outcome, keysSet, keysSkipped };
}
