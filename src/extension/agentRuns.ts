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

type Change = (run: AgentRun | undefined) => AgentRun | undefined;

/** Enough of this window's last writes to know any echo still on its way. */
const maxWritten = 16;

interface Pending {
  readonly agent: AgentId;
  readonly change: Change;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class AgentRuns implements Disposable {
  private readonly changes = new Emitter<AgentId>();
  /** Changes not yet in storage, oldest first: every read applies them over the stored records. */
  private pending: Pending[] = [];
  private flushing = false;
  /** Resolves when the running flush ends. */
  private flushed: Promise<void> = Promise.resolve();
  /** What this window wrote lately, as JSON, newest last (see stored()). */
  private readonly written: string[] = [];
  /** Fires with the agent whose record changed. */
  readonly onDidChange = this.changes.event;

  constructor(
    private readonly memento: MementoPort,
    private readonly now: () => Date = () => new Date(),
  ) {}

  all(): AgentRunMap {
    const runs = parse(this.stored());
    for (const { agent, change } of this.pending) {
      const next = change(runs[agent]);
      if (next) runs[agent] = next;
      else delete runs[agent];
    }
    return runs;
  }

  get(agent: AgentId): AgentRun | undefined {
    return this.all()[agent];
  }

  /** Read back at once; the promise is the write to storage. */
  recordApplied(agent: AgentId, ref: ModelRef, delivery: AppliedRecord['delivery'], pickup: AppliedRecord['pickup'], gateway = false): Promise<void> {
    const time = this.now().toISOString();
    return this.update(agent, () => ({ applied: { time, ref, delivery, pickup, ...(gateway ? { gateway } : {}) } }));
  }

  /** Keeps the last successful apply: the agent's files still say what it wrote. */
  recordProblem(agent: AgentId, message: string): Promise<void> {
    const time = this.now().toISOString();
    return this.update(agent, (run) => ({ ...run, problem: { time, message } }));
  }

  /** After a revert: the agent's files are the user's again. */
  clear(agent: AgentId): Promise<void> {
    return this.update(agent, () => undefined);
  }

  /**
   * Resolves once no write of the records is in flight. Its echo carries the whole globalState
   * as it was, so a caller about to write other keys (a revert dropping backups) waits first.
   */
  settled(): Promise<void> {
    return this.flushed;
  }

  dispose(): void {
    this.changes.dispose();
  }

  /**
   * The records in storage. The echo of one of this window's earlier writes can replace the
   * Memento's value with that older one for a moment; it is read as this window's latest write.
   * Another window's records are never among these, so they are read as they come.
   */
  private stored(): unknown {
    const raw = this.memento.get(agentRunsKey);
    const latest = this.written.at(-1);
    if (latest === undefined || raw === undefined) return raw;
    const text = JSON.stringify(raw);
    return text !== latest && this.written.includes(text) ? JSON.parse(latest) : raw;
  }

  /**
   * One storage write at a time, of everything pending: VS Code's Memento sets the value this
   * window reads back, but its own write's echo can replace it with an older one, so writes
   * that overlap lose records. Changes made during a write go out together in the next.
   */
  private update(agent: AgentId, change: Change): Promise<void> {
    const saved = new Promise<void>((resolve, reject) => this.pending.push({ agent, change, resolve, reject }));
    this.changes.fire(agent);
    if (!this.flushing) this.flushed = this.flush();
    return saved;
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.pending.length) {
      const batch = this.pending.length;
      const runs = this.all();
      let failure: { error: unknown } | undefined;
      const text = JSON.stringify(runs);
      this.written.push(text);
      if (this.written.length > maxWritten) this.written.shift();
      try {
        await this.memento.update(agentRunsKey, runs);
      } catch (error) {
        failure = { error };
        // Never stored, so never this window's latest.
        const at = this.written.lastIndexOf(text);
        if (at >= 0) this.written.splice(at, 1);
      }
      for (const { agent, resolve, reject } of this.pending.splice(0, batch)) {
        if (!failure) resolve();
        else {
          reject(failure.error);
          this.changes.fire(agent);
        }
      }
    }
    this.flushing = false;
  }
}
