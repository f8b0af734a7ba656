import { setDefaultModel } from '../../providers/operations';
import type { ModelRef } from '../../providers/refs';
import type { Services } from '../services';
import { pickModel } from '../ui/pickers';

/** Switchboard: Set Default Model — stars one chat model; the old star moves. */
export async function setDefaultModelCommand({ store }: Services, ref?: ModelRef): Promise<void> {
  const target = ref ?? (await pickModel(store, 'Set Default Model', (p, id) => p.models.find((m) => m.id === id)?.kind === 'chat'));
  if (!target) return;
  await store.apply(setDefaultModel(target), `Default model is now ${target}.`);
}
