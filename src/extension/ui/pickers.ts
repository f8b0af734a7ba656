/** Single-step pickers shared by the command flows. */
import * as vscode from 'vscode';
import { agentLabel } from '../../providers/agentCatalog';
import { modelLabel } from '../../providers/model';
import type { Provider } from '../../providers/provider';
import { providerType } from '../../providers/providerTypes';
import { formatRef, type ModelRef } from '../../providers/refs';
import { keyStateOf } from '../../providers/usability';
import type { Store } from '../store/store';
import { managedView, teamBadge } from '../team/teamView';

export function describeProvider(store: Store, p: Provider): vscode.QuickPickItem {
  const state = managedView(store, p.id).keyState ?? keyStateOf(p, store.secrets.hasKey(p.id));
  const keyState = providerType(p.type).auth === 'oauth' ? (state === 'set' ? 'signed in' : 'not signed in') : { set: 'key set', missing: 'no key', optional: 'no key needed', 'not-needed': 'no key needed' }[state];
  const agents = p.agents.length ? p.agents.map(agentLabel).join(', ') : 'no agents';
  return {
    label: p.name,
    description: [`${providerType(p.type).label} · ${p.models.length} model${p.models.length === 1 ? '' : 's'} · ${keyState}`, teamBadge(store, p.id)].filter(Boolean).join(' · '),
    detail: agents,
  };
}

/** Asks for a provider; returns it directly when there is only one to choose from. */
export async function pickProvider(store: Store, title: string, filter: (p: Provider) => boolean = () => true): Promise<Provider | undefined> {
  const providers = store.document.providers.filter(filter);
  if (providers.length === 0) {
    void vscode.window.showInformationMessage('Switchboard has no providers yet.', 'Add Provider').then((a) => a && vscode.commands.executeCommand('switchboard.addProvider'));
    return undefined;
  }
  if (providers.length === 1) return providers[0];
  const items = providers.map((p) => ({ ...describeProvider(store, p), provider: p }));
  return (await vscode.window.showQuickPick(items, { title, placeHolder: 'Choose a provider', matchOnDescription: true }))?.provider;
}

/** Asks for a model among all providers, grouped by provider. */
export async function pickModel(store: Store, title: string, filter: (p: Provider, modelId: string) => boolean = () => true): Promise<ModelRef | undefined> {
  type Item = vscode.QuickPickItem & { ref?: ModelRef };
  const items: Item[] = [];
  for (const p of store.document.providers) {
    const models = p.models.filter((m) => filter(p, m.id));
    if (!models.length) continue;
    items.push({ label: p.name, kind: vscode.QuickPickItemKind.Separator });
    for (const m of models) {
      const ref = formatRef(p.id, m.id);
      items.push({ label: `${ref === store.document.defaultRef ? '$(star-full) ' : ''}${modelLabel(m)}`, description: ref, ref });
    }
  }
  if (!items.length) {
    void vscode.window.showInformationMessage('There are no models to choose from.', 'Add Model').then((a) => a && vscode.commands.executeCommand('switchboard.addModel'));
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title, placeHolder: 'Choose a model', matchOnDescription: true }))?.ref;
}
