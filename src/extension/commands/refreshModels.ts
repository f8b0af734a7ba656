import * as vscode from 'vscode';
import type { ListOutcome } from '../../providers/connect/operations';
import { addListedModels } from '../../providers/modelList/addListed';
import { modelFromListing } from '../../providers/modelList/listedModels';
import type { ListedModel } from '../../providers/modelList/parse';
import type { ModelInput } from '../../providers/model';
import type { Provider } from '../../providers/provider';
import type { ModelRef } from '../../providers/refs';
import { cachedModelList, listProviderModels } from '../connect';
import type { Services } from '../services';
import { refuseManaged } from '../team/teamGuards';
import { pickProvider } from '../ui/pickers';
import { failureActions, setProxyPasswordAction } from './failureActions';
import { abortSignalOf, runFailureAction } from './testConnection';

/** The models the user may add: listed, and not on the provider yet. */
export interface ModelChoice {
  readonly listed: ListedModel;
  readonly model: ModelInput;
}

/** How the flow asks the user; tests replace it (see testingApi.ts). */
export interface RefreshUi {
  /** Returns the ids to add, or undefined when the user cancels. */
  pick(provider: Provider, choices: readonly ModelChoice[], note: string | undefined): Promise<readonly string[] | undefined>;
  /**
   * After a failed refresh: whether to pick from the last good list instead (true), or not
   * (false); or the label of one of `actions` (fixes for the failure) the user chose instead.
   */
  useCached(provider: Provider, message: string, fetchedAt: string, actions?: readonly string[]): Promise<boolean | string>;
}

export interface RefreshResult {
  readonly outcome: ListOutcome;
  /** The list the user picked from: fresh, cached or none. */
  readonly source: 'fresh' | 'cached' | 'none';
  readonly added: readonly ModelRef[];
}

const kindLabel = (m: ModelInput) => (m.kind === 'embedding' ? 'embedding · ' : '');

export const quickPickUi: RefreshUi = {
  async pick(provider, choices, note) {
    type Item = vscode.QuickPickItem & { id: string };
    const items: Item[] = choices.map(({ model }) => ({
      id: model.id,
      label: model.id,
      description: `${kindLabel(model)}${model.displayName ?? ''}`,
      detail: `${model.contextLimit.toLocaleString('en-US')} tokens of context${model.maxOutputTokens ? `, ${model.maxOutputTokens.toLocaleString('en-US')} out` : ''}`,
    }));
    const picked = await vscode.window.showQuickPick(items, {
      title: `Add models to “${provider.name}”`,
      placeHolder: note ?? 'Pick the models to add',
      canPickMany: true,
      matchOnDescription: true,
      ignoreFocusOut: true,
    });
    return picked?.map((i) => i.id);
  },
  async useCached(_provider, message, fetchedAt, actions = []) {
    const use = 'Use the Last List';
    const answer = await vscode.window.showWarningMessage(`${message} The last list was fetched ${new Date(fetchedAt).toLocaleString()}.`, use, ...actions, 'Cancel');
    return answer === use || (answer !== undefined && actions.includes(answer) ? answer : false);
  },
};

/**
 * Switchboard: Refresh Models — lists the provider's models (cancellable, bounded by the
 * provider's timeout), lets the user pick which to add, and adds them in one write. The last
 * good list is kept, so a failed refresh can still offer it.
 */
export async function refreshModels(services: Services, provider: Provider, ui: RefreshUi = quickPickUi): Promise<RefreshResult> {
  const { store, log } = services;
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Listing the models of “${provider.name}”…`, cancellable: true },
    (_progress, token) => listProviderModels(store, provider, abortSignalOf(token)),
  );
  let listed: readonly ListedModel[];
  let source: RefreshResult['source'] = 'fresh';
  if (outcome.ok) {
    log.info(`Refresh Models ${provider.id}: ${outcome.models.length} model(s) in ${outcome.ms} ms.`);
    listed = outcome.models;
  } else {
    if (outcome.failure.kind === 'cancelled') return { outcome, source: 'none', added: [] };
    log.warn(`Refresh Models ${provider.id}: ${outcome.failure.kind} at ${outcome.url}: ${outcome.failure.message}`);
    const message = `${outcome.failure.message} ${outcome.failure.hint}`.trim();
    const cached = cachedModelList(store, provider.id);
    if (!cached) {
      void vscode.window.showErrorMessage(message, ...failureActions(outcome.failure)).then((a) => runFailureAction(a, provider.id, log));
      return { outcome, source: 'none', added: [] };
    }
    // Beside the last list, only a 407's fix is offered, to keep the question short.
    const answer = await ui.useCached(provider, message, cached.fetchedAt, failureActions(outcome.failure).filter((a) => a === setProxyPasswordAction));
    if (answer !== true) {
      if (typeof answer === 'string') runFailureAction(answer, provider.id, log);
      return { outcome, source: 'none', added: [] };
    }
    listed = cached.models;
    source = 'cached';
  }

  const current = store.provider(provider.id) ?? provider;
  const have = new Set(current.models.map((m) => m.id));
  // The catalog fills in what the list does not say; without one, listed models get defaults.
  const lookup = await services.catalog.metadataLookup();
  const choices = listed.flatMap((l): ModelChoice[] => {
    const model = have.has(l.id) ? undefined : modelFromListing(current.type, l, lookup);
    return model ? [{ listed: l, model }] : [];
  });
  const already = listed.length - choices.length;
  if (choices.length === 0) {
    void vscode.window.showInformationMessage(listed.length ? `“${provider.name}” has all ${listed.length} listed models already.` : `“${provider.name}” lists no models.`);
    return { outcome, source, added: [] };
  }
  const note = already ? `Pick the models to add (${already} listed model${already === 1 ? ' is' : 's are'} added already)` : undefined;
  const ids = await ui.pick(current, choices, note);
  if (!ids?.length) return { outcome, source, added: [] };
  const wanted = new Set(ids);
  const added = await store.apply(addListedModels(provider.id, choices.filter((c) => wanted.has(c.model.id)).map((c) => c.model)), `Added ${wanted.size} listed model(s) to ${provider.id}.`);
  void vscode.window.showInformationMessage(`Added ${added.length} model${added.length === 1 ? '' : 's'} to “${provider.name}”.`);
  return { outcome, source, added };
}

export async function refreshModelsCommand(services: Services, providerId?: string): Promise<RefreshResult | undefined> {
  const provider = providerId ? services.store.provider(providerId) : await pickProvider(services.store, 'Refresh Models', (p) => p.type !== 'codex');
  if (!provider) return undefined;
  refuseManaged(services, provider.id, 'get models added');
  return refreshModels(services, provider);
}
