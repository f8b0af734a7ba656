/** The status-bar picker's team-mode rows, kept out of the picker so both stay small. */
import { noModelsMessage } from '../../providers/team/teamLayer';
import type { Store } from '../store/store';

export interface TeamPickerRow {
  readonly label: string;
  readonly detail?: string;
  readonly command?: string;
  readonly args?: readonly unknown[];
  readonly alwaysShow: true;
}

/** Shown when no model is usable in team mode: whom to contact, and the tokens still missing. */
export function teamEmptyRows(store: Store): TeamPickerRow[] {
  const layer = store.teamLayer;
  if (!layer) return [];
  const waiting = layer.providers.filter((p) => store.teamAuth(p.id)?.kind === 'personalToken' && !store.isUsable(p));
  return [
    { label: `$(organization) ${noModelsMessage(layer)}`, ...(layer.problem ? { detail: layer.problem } : {}), alwaysShow: true },
    ...waiting.map((p): TeamPickerRow => ({ label: `$(key) Enter your token for “${p.name}”…`, detail: `Your team manages “${p.name}”; each developer uses their own token.`, command: 'switchboard.setApiKey', args: [p.id], alwaysShow: true })),
  ];
}
