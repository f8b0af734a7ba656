/** The one-click model actions of the panel: delete, star, assign to an agent. */
import { isAgentId } from '../../../providers/agentCatalog';
import { assignAgent as assign, removeModel, setDefaultModel as star } from '../../../providers/operations';
import { isRef } from '../../../providers/refs';
import type { Handler } from '../context';

export const deleteModel: Handler<'deleteModel'> = async ({ ref }, { store }) => {
  if (!isRef(ref)) return { ok: false, message: `“${ref}” is not a model ref.` };
  await store.apply(removeModel(ref), `Removed model ${ref} in the settings panel.`);
  return { ok: true };
};

export const setDefaultModel: Handler<'setDefaultModel'> = async ({ ref }, { store }) => {
  if (!isRef(ref)) return { ok: false, message: `“${ref}” is not a model ref.` };
  await store.apply(star(ref), `Default model is now ${ref} (settings panel).`);
  return { ok: true };
};

/** Pins a model to an agent and applies it to the agent's config at once; null clears the pin. */
export const assignAgent: Handler<'assignAgent'> = async ({ agent, ref }, { store, applyAgent }) => {
  if (!isAgentId(agent)) return { ok: false, message: `Unknown agent “${agent}”.` };
  if (ref !== null && !isRef(ref)) return { ok: false, message: `“${ref}” is not a model ref.` };
  await store.apply(assign(agent, ref), `Assigned ${agent} to ${ref ?? 'the default model'} (settings panel).`);
  if (ref !== null) await applyAgent?.(agent, ref);
  return { ok: true };
};
