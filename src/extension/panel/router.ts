/**
 * The panel's host boundary: every message from the webview is parsed here, and only a
 * valid one reaches its handler. A malformed or unknown message is logged (its shape, never
 * its values) and changes nothing.
 */
import { SwitchboardError } from '../../providers/errors';
import { toHostSchema, type ToHost, type ToWebview } from '../../protocol/messages';
import { ConflictError, type Handler, type PanelContext } from './context';
import { applyAgentNow } from './handlers/applyAgentNow';
import { refreshModels, testConnection, useKeyCommand } from './handlers/connectionActions';
import { assignAgent, deleteModel, setDefaultModel } from './handlers/modelActions';
import { deleteProvider } from './handlers/deleteProvider';
import { previewAgent } from './handlers/previewAgent';
import { revertAgent } from './handlers/revertAgent';
import { routeThroughGateway } from './handlers/routeThroughGateway';
import { saveModel } from './handlers/saveModel';
import { saveProvider } from './handlers/saveProvider';
import { setTeamToken } from './handlers/setTeamToken';
import { buildState } from './state';

type RequestType = Exclude<ToHost['type'], 'ready'>;

const handlers: { [T in RequestType]: Handler<T> } = {
  saveProvider,
  deleteProvider,
  saveModel,
  deleteModel,
  setDefaultModel,
  assignAgent,
  applyAgentNow,
  previewAgent,
  revertAgent,
  routeThroughGateway,
  testConnection,
  refreshModels,
  useKeyCommand,
  setTeamToken,
};

/** Returns what to post back: the state for `ready`, a result for a request, nothing for junk. */
export async function routeMessage(raw: unknown, context: PanelContext): Promise<ToWebview | undefined> {
  const parsed = toHostSchema.safeParse(raw);
  if (!parsed.success) {
    const where = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(message)'}: ${i.code}`).join('; ');
    context.log.warn(`Rejected a malformed message from the settings panel (${where}).`);
    return undefined;
  }
  const message = parsed.data;
  if (message.type === 'ready') return buildState(context.store, context.agentFacts?.());
  const handler = handlers[message.type] as Handler<RequestType>;
  try {
    return { type: 'result', requestId: message.requestId, ...(await handler(message as never, context)) };
  } catch (error) {
    if (error instanceof ConflictError) return { type: 'result', requestId: message.requestId, ok: false, conflict: true, message: error.message };
    if (error instanceof SwitchboardError) return { type: 'result', requestId: message.requestId, ok: false, message: error.message };
    context.log.error(`Settings panel: ${message.type} failed: ${error instanceof Error ? error.message : String(error)}`);
    return { type: 'result', requestId: message.requestId, ok: false, message: 'Something went wrong; see the Switchboard log.' };
  }
}
