/**
 * Switchboard: Add Model from Catalog. Picks a provider, then a model from the provider's
 * models.dev section (or the whole catalog), and adds it with the catalog's context limit,
 * max output, modalities and reasoning controls. The id is asked for only when it may differ
 * from the catalog's: a model from another section, or an Azure deployment name.
 */
import * as vscode from 'vscode';
import { catalogDetail, catalogSections, modelFromCatalog } from '../../providers/catalog/catalogModel';
import type { CatalogModel } from '../../providers/catalog/catalogSchema';
import { firstMessage, modelIdSchema } from '../../providers/fields';
import { addModel } from '../../providers/operations';
import type { Provider } from '../../providers/provider';
import { providerType } from '../../providers/providerTypes';
import type { ModelRef } from '../../providers/refs';
import { SwitchboardError } from '../../providers/errors';
import type { Services } from '../services';
import { refuseManaged } from '../team/teamGuards';
import { pickProvider } from '../ui/pickers';
import type { CatalogService, CatalogSnapshot } from './catalogService';

/** Skips the pickers: the command's second argument, for scripts and tests. */
export interface CatalogPick {
  /** The models.dev section, e.g. "anthropic". */
  readonly section: string;
  /** The model's id in that section. */
  readonly model: string;
  /** The id to store, when the provider expects another (an Azure deployment name). */
  readonly id?: string;
}

type Item = vscode.QuickPickItem & { entry?: CatalogModel; wholeCatalog?: true };

const title = (p: Provider) => `Add Model from Catalog to “${p.name}”`;

function items(models: readonly CatalogModel[], existing: ReadonlySet<string>, showSection: boolean): Item[] {
  return models.map((entry) => ({
    label: entry.name,
    description: `${showSection ? `${entry.providerId}/` : ''}${entry.id}${existing.has(entry.id) ? ' · already added' : ''}`,
    detail: catalogDetail(entry),
    entry,
  }));
}

function wholeCatalogItems(snapshot: CatalogSnapshot, existing: ReadonlySet<string>): Item[] {
  const out: Item[] = [];
  for (const section of snapshot.index.allSections()) {
    if (!section.models.length) continue;
    out.push({ label: section.name, kind: vscode.QuickPickItemKind.Separator }, ...items(section.models, existing, true));
  }
  return out;
}

function placeholder(snapshot: CatalogSnapshot, what: string): string {
  const notes = [snapshot.state === 'stale' ? `cached ${new Date(snapshot.fetchedAt).toLocaleString()}` : '', snapshot.skippedCount ? `${snapshot.skippedCount} invalid entries skipped, see the log` : ''].filter(Boolean);
  return `Search ${what} by name or id${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

/** The QuickPick: the section first when there is one, with a way to the whole catalog. */
async function pickEntry(provider: Provider, snapshot: CatalogSnapshot): Promise<CatalogModel | undefined> {
  const existing = new Set(provider.models.map((m) => m.id));
  const section = snapshot.index.section(catalogSections[provider.type] ?? '');
  const total = snapshot.index.catalog.modelCount;
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = title(provider);
  qp.matchOnDescription = true;
  // A search through thousands of models should survive a stray focus change, as Switchboard's
  // other multi-step flows do; it also outlives VS Code handing focus back to a webview after
  // the command palette closes, which otherwise can shut a quick pick that opened fast.
  qp.ignoreFocusOut = true;
  const showWhole = () => {
    qp.items = wholeCatalogItems(snapshot, existing);
    qp.placeholder = placeholder(snapshot, `all ${total.toLocaleString('en-US')} catalog models`);
  };
  if (section?.models.length) {
    const whole: Item = { label: '$(globe) Search the whole catalog…', description: `${total.toLocaleString('en-US')} models from ${snapshot.index.catalog.providers.size} providers`, wholeCatalog: true, alwaysShow: true };
    qp.items = [...items(section.models, existing, false), { label: '', kind: vscode.QuickPickItemKind.Separator }, whole];
    qp.placeholder = placeholder(snapshot, `${section.name}'s ${section.models.length} models`);
  } else showWhole();
  try {
    return await new Promise<CatalogModel | undefined>((resolve) => {
      qp.onDidAccept(() => {
        const picked = qp.selectedItems[0];
        if (picked?.wholeCatalog) {
          qp.value = '';
          showWhole();
        } else if (picked?.entry) resolve(picked.entry);
      });
      qp.onDidHide(() => resolve(undefined));
      qp.show();
    });
  } finally {
    qp.dispose();
  }
}

async function askId(provider: Provider, entry: CatalogModel, existing: ReadonlySet<string>): Promise<string | undefined> {
  const meaning = providerType(provider.type).modelIdMeaning;
  return vscode.window.showInputBox({
    title: title(provider),
    value: entry.id,
    ignoreFocusOut: true,
    prompt: `Model id, exactly as “${provider.name}” expects it${meaning ? ` (the ${meaning})` : ''}`,
    validateInput: (v) => {
      const parsed = modelIdSchema.safeParse(v);
      if (!parsed.success) return v === '' ? 'Enter a model id.' : firstMessage(parsed.error);
      return existing.has(v) ? `“${provider.name}” already has “${v}”.` : undefined;
    },
  });
}

async function loadCatalog(catalog: CatalogService): Promise<CatalogSnapshot> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Switchboard: loading the model catalog' }, () => catalog.get());
}

export async function addModelFromCatalogCommand(services: Services, catalog: CatalogService, providerId?: string, pick?: CatalogPick): Promise<ModelRef | undefined> {
  const { store } = services;
  const provider = providerId ? store.provider(providerId) : await pickProvider(store, 'Add Model from Catalog');
  if (!provider) {
    if (providerId) throw new SwitchboardError(`No provider with id "${providerId}".`);
    return undefined;
  }
  refuseManaged(services, provider.id, 'get models added');
  const snapshot = await loadCatalog(catalog);
  const existing = new Set(provider.models.map((m) => m.id));
  let entry: CatalogModel | undefined;
  if (pick) {
    entry = snapshot.index.section(pick.section)?.models.find((m) => m.id === pick.model);
    if (!entry) throw new SwitchboardError(`The catalog has no model “${pick.section}/${pick.model}”.`);
  } else {
    entry = await pickEntry(provider, snapshot);
    if (!entry) return undefined;
  }
  const ownSection = entry.providerId === catalogSections[provider.type];
  let id = pick?.id ?? entry.id;
  if (!pick && (!ownSection || providerType(provider.type).modelIdMeaning || existing.has(entry.id))) {
    const typed = await askId(provider, entry, existing);
    if (typed === undefined) return undefined;
    id = typed;
  }
  const ref = await store.apply(addModel(provider.id, modelFromCatalog(entry, id)), `Added model ${provider.id}/${id} from the catalog (${entry.providerId}/${entry.id}).`);
  void vscode.window.setStatusBarMessage(`Switchboard: added ${ref}`, 3000);
  return ref;
}
