import { agentAndModel, unavailable, type Handler } from '../context';

/** Preview diff in the Agents tab: what Apply would write, opened as diffs on the host. */
export const previewAgent: Handler<'previewAgent'> = async (message, context) => {
  const { previewAgent: preview } = context;
  const target = agentAndModel(message.agent, context);
  if ('reply' in target) return target.reply;
  return preview ? preview(target.agent, target.ref) : unavailable;
};
