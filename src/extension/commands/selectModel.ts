import type { ModelChoice } from '../../providers/modelOrder';
import type { Services } from '../services';
import { showModelPicker } from '../ui/modelPicker';
import { enterMissingKey } from './enterKey';

/**
 * Switchboard: Select Model — the status bar's picker, in this window's scope. A model whose
 * provider needs a key on this machine asks for the key first, then completes the pick.
 */
export async function selectModelCommand(services: Services): Promise<ModelChoice | undefined> {
  const { store, modelSwitch } = services;
  const choice = await showModelPicker(store, undefined, modelSwitch.scope.windowDocument());
  if (!choice) return undefined;
  if (!store.isUsable(choice.provider) && !(await enterMissingKey(services, choice.provider))) return undefined;
  await modelSwitch.select(choice);
  return choice;
}
