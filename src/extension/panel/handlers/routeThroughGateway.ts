import { isAgentId, agentLabel } from '../../../providers/agentCatalog';
import { unavailable, type Handler } from '../context';

/** The Agents tab's "Live through gateway" toggle. */
export const routeThroughGateway: Handler<'routeThroughGateway'> = async (message, { routeThroughGateway: route }) => {
  if (!isAgentId(message.agent) || message.agent === 'vscode-chat') return { ok: false, message: `Unknown agent “${message.agent}”.` };
  if (!route) return unavailable;
  const reply = await route(message.agent, message.on);
  return reply.ok || reply.message ? reply : { ok: false, message: `Could not change how ${agentLabel(message.agent)} is routed.` };
};
