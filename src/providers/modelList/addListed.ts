/** Adds picked listed models to a provider in one write, skipping ids it has by then. */
import { addModel, type Operation } from '../operations';
import type { ModelInput } from '../model';
import type { ModelRef } from '../refs';

export const addListedModels =
  (providerId: string, models: readonly ModelInput[]): Operation<ModelRef[]> =>
  (doc) => {
    let current = doc;
    const added: ModelRef[] = [];
    for (const model of models) {
      const provider = current.providers.find((p) => p.id === providerId);
      if (provider?.models.some((m) => m.id === model.id)) continue;
      const { doc: next, result } = addModel(providerId, model)(current);
      current = next;
      added.push(result);
    }
    return { doc: current, result: added };
  };
