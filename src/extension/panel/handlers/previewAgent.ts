import { agentAndModel, unavailable, type Handler } from '../context';

/** Preview diff in the Agents tab: what Apply would write, opened as diffs on the host. */
export const previewAgent: Handler<'previewAgent'> = async (message, { store, previewAgent: preview }) => {
  const target = agentAndModel(message.agent, store);
  if ('reply' in target) return target.reply;
  return preview ? preview(target.agent, target.ref) : unavailable;
};
