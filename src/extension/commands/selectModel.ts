import type { ModelChoice } from '../../providers/modelOrder';
import type { Services } from '../services';
import { showModelPicker } from '../ui/modelPicker';

/** Switchboard: Select Model — the status bar's picker. A pick is recorded and announced. */
export async function selectModelCommand({ store, modelSwitch }: Services): Promise<ModelChoice | undefined> {
  const choice = await showModelPicker(store);
  if (choice) await modelSwitch.select(choice);
  return choice;
}
