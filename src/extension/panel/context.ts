import type { AgentId } from '../../providers/agentCatalog';
import { etagOf } from '../../providers/etag';
import type { Operation } from '../../providers/operations';
import type { ModelRef } from '../../providers/refs';
import type { ResultMessage, ToHost, ToHostOf } from '../../protocol/messages';
import type { LogPort } from '../store/ports';
import type { Store } from '../store/store';

/** What a panel message handler may use. No vscode: handlers run in plain Node tests too. */
export interface PanelContext {
  readonly store: Store;
  readonly log: LogPort;
  /** Points an agent at its newly assigned model (the agent switch); absent in unit tests. */
  readonly applyAgent?: (agent: AgentId, ref: ModelRef) => Promise<unknown>;
}

/** A handler's answer; the router adds the type and the requestId. */
export type Reply = Omit<ResultMessage, 'type' | 'requestId'>;

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
