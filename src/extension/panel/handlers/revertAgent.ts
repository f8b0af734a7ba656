import { isAgentId } from '../../../providers/agentCatalog';
import { unavailable, type Handler } from '../context';

/** Revert in the Agents tab: one agent's files back to the user's originals (the host confirms first). */
export const revertAgent: Handler<'revertAgent'> = async ({ agent }, { revertAgent: revert }) => {
  if (!isAgentId(agent)) return { ok: false, message: `Unknown agent “${agent}”.` };
  return revert ? revert(agent) : unavailable;
};
