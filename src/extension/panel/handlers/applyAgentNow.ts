import { agentAndModel, unavailable, type Handler } from '../context';

/** Apply in the Agents tab: the agent's current model, written to its config now. */
export const applyAgentNow: Handler<'applyAgentNow'> = async (message, context) => {
  const { applyAgent } = context;
  const target = agentAndModel(message.agent, context);
  if ('reply' in target) return target.reply;
  if (!applyAgent) return unavailable;
  const problem = (await applyAgent(target.agent, target.ref))?.problems[0];
  return problem ? { ok: false, message: problem } : { ok: true };
};
