/**
 * What Switchboard last did to each agent on this machine: when it applied which model, how
 * the key travels, when the agent picks it up, and the last problem. Kept in globalState
 * under one key that is not synced (the files it describes are this machine's). No vscode
 * import: it takes the Memento slice, so unit tests run it on an in-memory one.
 */
import * as z from 'zod';
import { agentIds, type AgentId } from '../providers/agentCatalog';
import type { ModelRef } from '../providers/refs';
import { deliveryKinds, pickupKinds } from '../protocol/messages';
import { Emitter } from './store/emitter';
import type { Disposable, MementoPort } from './store/ports';

export const agentRunsKey = 'switchboard.agentRuns';

const appliedSchema = z.object({
  /** ISO time of the last successful apply. */
  time: z.string(),
  /** The model applied, as providerId/modelId. */
  ref: z.string(),
  /** How the key reaches the agent; never the key. */
  delivery: z.enum(deliveryKinds),
  /** When a running agent sees the change. */
  pickup: z.enum(pickupKinds),
  /** The agent talks to Switchboard's gateway, which routes each request to the current model. */
  gateway: z.boolean().optional(),
});

const runSchema = z.object({
  applied: appliedSchema.optional(),
  /** The last attempt's failure; a later success clears it. */
  problem: z.object({ time: z.string(), message: z.string() }).optional(),
});

export type AppliedRecord = z.infer<typeof appliedSchema>;
export type AgentRun = z.infer<typeof runSchema>;
export type AgentRunMap = Partial<Record<AgentId, AgentRun>>;

/** A record that fails validation (an older or newer shape) is dropped, never thrown on. */
function parse(raw: unknown): AgentRunMap {
  const runs: AgentRunMap = {};
  if (!raw || typeof raw !== 'object') return runs;
  for (const agent of agentIds) {
    const parsed = runSchema.safeParse((raw as Record<string, unknown>)[agent]);
    if (parsed.success && (parsed.data.applied || parsed.data.problem)) runs[agent] = parsed.data;
  }
  return runs;
}

export class AgentRuns implements Disposable {
  private readonly changes = new Emitter<AgentId>();
  private pending: { agent: AgentId; change: (run: AgentRun | undefined) => AgentRun | undefined; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private flushing = false;
  /** Fires with the agent whose record changed. */
  readonly onDidChange = this.changes.event;

  constructor(
    private readonly memento: MementoPort,
    private readonly now: () => Date = () => new Date(),
  ) {}

  all(): AgentRunMap {
    return parse(this.memento.get(agentRunsKey));
  }

  get(agent: AgentId): AgentRun | undefined {
    return this.all()[agent];
  }

  recordApplied(agent: AgentId, ref: ModelRef, delivery: AppliedRecord['delivery'], pickup: AppliedRecord['pickup'], gateway = false): Promise<void> {
    return this.update(agent, () => ({ applied: { time: this.now().toISOString(), ref, delivery, pickup, ...(gateway ? { gateway } : {}) } }));
  }

  /** Keeps the last successful apply: the agent's files still say what it wrote. */
  recordProblem(agent: AgentId, message: string): Promise<void> {
    return this.update(agent, (run) => ({ ...run, problem: { time: this.now().toISOString(), message } }));
  }

  /** After a revert: the agent's files are the user's again. */
  clear(agent: AgentId): Promise<void> {
    return this.update(agent, () => undefined);
  }

  dispose(): void {
    this.changes.dispose();
  }

  /**
   * Read-modify-write one batch at a time, so applies to several agents at once neither drop
   * each other's records nor queue one storage write each: changes that arrive while a write
   * is in flight go out together in the next one.
   */
  private update(agent: AgentId, change: (run: AgentRun | undefined) => AgentRun | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ agent, change, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.pending.length) {
      const batch = this.pending.splice(0);
      const runs = this.all();
      for (const { agent, change } of batch) {
        const next = change(runs[agent]);
        if (next) runs[agent] = next;
        else delete runs[agent];
      }
      try {
        await this.memento.update(agentRunsKey, runs);
        for (const { agent, resolve } of batch) {
          this.changes.fire(agent);
          resolve();
        }
      } catch (error) {
        for (const { reject } of batch) reject(error);
      }
    }
    this.flushing = false;
  }
}
