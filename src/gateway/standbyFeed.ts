/**
 * The serving window's side of the shared gateway: other VS Code windows on this machine hold
 * `GET /switchboard/v1/standby` open. The answer is NDJSON: a hello line, the usage records
 * so far, then each new record as it happens. When this gateway stops (or its window dies)
 * the connection closes, and that is the stand-by windows' cue to take the port over.
 */
import type { ServerResponse } from 'node:http';
import * as z from 'zod';
import type { UsageRecord } from './usage';

export const standbyPath = '/switchboard/v1/standby';

/** The first line of the feed: proof that a Switchboard gateway holding our token answers, and how many history lines follow. */
export const standbyHello = z.object({ switchboard: z.literal('gateway'), pid: z.int(), history: z.int().min(0) });
export type StandbyHello = z.infer<typeof standbyHello>;

const protocol = z.enum(['anthropic-messages', 'openai-chat', 'openai-responses', 'gemini']);
const upstreamProtocol = z.enum([...protocol.options, 'bedrock-converse']);
const count = z.number().min(0).optional();
/** A usage record as the feed carries it; a line that does not match is dropped by the reader. */
export const usageRecordLine = z.object({
  time: z.number(),
  agentId: z.string().max(200).optional(),
  ref: z.string().max(500).optional(),
  clientProtocol: protocol,
  upstreamProtocol: upstreamProtocol.optional(),
  status: z.int(),
  stream: z.boolean(),
  inputTokens: count,
  outputTokens: count,
  latencyMs: z.number().min(0),
  firstTokenMs: count,
  prompt: z.string().max(4000).optional(),
});

export class StandbyFeed {
  private readonly watchers = new Set<ServerResponse>();

  /** Starts a feed on `res`; it stays open until close() or the watcher goes. */
  open(res: ServerResponse, history: readonly UsageRecord[]): void {
    res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
    // The stand-by window reads the hello before it trusts the port.
    res.socket?.setNoDelay(true);
    const hello: StandbyHello = { switchboard: 'gateway', pid: process.pid, history: history.length };
    res.write(JSON.stringify(hello) + '\n');
    if (history.length) res.write(history.map((r) => JSON.stringify(r)).join('\n') + '\n');
    this.watchers.add(res);
    res.once('close', () => this.watchers.delete(res));
  }

  /** Sends a new usage record to every stand-by window. */
  broadcast(record: UsageRecord): void {
    if (this.watchers.size === 0) return;
    const line = JSON.stringify(record) + '\n';
    for (const res of this.watchers) res.write(line);
  }

  /** Ends every feed: called once the port is no longer listened on, so a watcher can take it at once. */
  closeAll(): void {
    for (const res of this.watchers) res.end();
    this.watchers.clear();
  }
}
