import { agentLabel, isAgentId, type AgentId } from '../../providers/agentCatalog';
import type { StoredDocument } from '../../providers/document';
import { etagOf } from '../../providers/etag';
import { modelForAgent } from '../../providers/modelOrder';
import type { Operation } from '../../providers/operations';
import type { Provider } from '../../providers/provider';
import type { ModelRef } from '../../providers/refs';
import type { ResultMessage, ToHost, ToHostOf } from '../../protocol/messages';
import type { LogPort } from '../store/ports';
import type { SecretSource } from '../connect';
import type { Store } from '../store/store';
import type { AgentFacts } from './state';

/** A handler's answer; the router adds the type and the requestId. */
export type Reply = Omit<ResultMessage, 'type' | 'requestId'>;

/** What a panel message handler may use. No vscode: handlers run in plain Node tests too. */
export interface PanelContext {
  readonly store: Store;
  readonly log: LogPort;
  /** The document as the agents see it (the active model's scope decides their model); the store's when absent. */
  readonly agentsDocument?: () => StoredDocument;
  /** Points an agent at a model now (the agent switch); its problems, if any. Absent in unit tests. */
  readonly applyAgent?: (agent: AgentId, ref: ModelRef) => Promise<{ readonly problems: readonly string[] } | void>;
  /** Records of past applies and what detection found, for the state. */
  readonly agentFacts?: () => AgentFacts;
  /** Opens a diff of what applying `ref` would write; writes nothing. */
  readonly previewAgent?: (agent: AgentId, ref: ModelRef) => Promise<Reply>;
  /** Restores the agent's files after the user confirms; `ok: false` and no message when they cancel. */
  readonly revertAgent?: (agent: AgentId) => Promise<Reply>;
  /**
   * Tests a provider (saved, or built from the form) with the stored key or a typed one, and the
   * stored proxy password (the default) or a typed one; with `embeddingModel`, one embeddings call with that model.
   */
  readonly testConnection?: (provider: Provider, secret: SecretSource, embeddingModel?: string, proxyPassword?: SecretSource) => Promise<Reply>;
  /** Routes an agent through the gateway or back to direct, then re-applies it. */
  readonly routeThroughGateway?: (agent: AgentId, on: boolean) => Promise<Reply>;
  /** Runs Refresh Models (its picker opens in VS Code); says what was added. */
  readonly refreshModels?: (providerId: string) => Promise<Reply>;
  /** Starts "Use a Key Command…" for a provider (its input box opens in VS Code). */
  readonly useKeyCommand?: (providerId: string) => Promise<Reply>;
}

/** The agent a request names and the model it uses now, or why there is none. */
export function agentAndModel(agent: string, { store, agentsDocument }: PanelContext): { agent: AgentId; ref: ModelRef } | { reply: Reply } {
  if (!isAgentId(agent)) return { reply: { ok: false, message: `Unknown agent “${agent}”.` } };
  const ref = modelForAgent(agentsDocument?.() ?? store.document, agent, store.isUsable);
  if (!ref) return { reply: { ok: false, message: `${agentLabel(agent)} has no model yet: assign one, or add a model to a provider with a key.` } };
  return { agent, ref };
}

/** The panel was opened without this capability (unit tests, or a host that cannot do it). */
export const unavailable: Reply = { ok: false, message: 'This action is not available here.' };

export type Handler<T extends ToHost['type']> = (message: ToHostOf<T>, context: PanelContext) => Promise<Reply>;

/** The item a form was opened on changed or vanished elsewhere; nothing was saved. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

/**
 * Wraps an operation so that it refuses to run when the provider changed (or vanished) since
 * the form was opened. It checks the fresh copy the store reads just before writing, so the
 * later of two racing saves reports a conflict instead of overwriting.
 */
export function unchangedSince<R>(providerId: string, etag: string | undefined, operation: Operation<R>): Operation<R> {
  return (doc) => {
    const current = doc.providers.find((p) => p.id === providerId);
    if (!current) throw new ConflictError('This provider was removed in another window.');
    if (etag !== undefined && etagOf(current) !== etag) throw new ConflictError('This provider changed in another window; reload it to see the new values.');
    return operation(doc);
  };
}

/** First message per field, keyed the way the form names its fields ("aws.profile", "options.effort"). */
export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[], prefix = ''): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = prefix + (issue.path.map(String).join('.') || '(form)');
    errors[key] ??= issue.message;
  }
  return errors;
}
