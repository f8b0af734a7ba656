/**
 * What each gateway request cost: one record per request, kept in memory in a bounded ring
 * (the newest N), with per-agent and per-model aggregates and a JSON or CSV export. Prompt
 * text is in a record only when the gateway runs with `recordPrompts`.
 */
import type { GatewayProtocol, UpstreamProtocol } from './translator';

export interface UsageRecord {
  /** When the request arrived, ms since the epoch. */
  readonly time: number;
  readonly agentId: string | undefined;
  /** The model it went to; undefined when it was refused before routing. */
  readonly ref: string | undefined;
  readonly clientProtocol: GatewayProtocol;
  readonly upstreamProtocol: UpstreamProtocol | undefined;
  /** The status the client got; 499 when it went away first; a stream cut midway counts as 502 (504 on a timeout, 503 on a stop). */
  readonly status: number;
  readonly stream: boolean;
  readonly inputTokens: number | undefined;
  readonly outputTokens: number | undefined;
  /** From arrival to the last byte sent. */
  readonly latencyMs: number;
  /** From arrival to the first bytes of the answer (the first event of a stream). */
  readonly firstTokenMs: number | undefined;
  /** The last user message's text, only with `recordPrompts` (at most 4,000 characters). */
  readonly prompt?: string;
}

export interface UsageAggregate {
  readonly key: string;
  readonly count: number;
  readonly errors: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly p50LatencyMs: number;
  readonly p95LatencyMs: number;
}

export interface UsageAggregates {
  readonly byAgent: UsageAggregate[];
  readonly byModel: UsageAggregate[];
}

export const defaultUsageCapacity = 5000;

/** The value at quantile q of ascending values (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function aggregate(records: readonly UsageRecord[], keyOf: (r: UsageRecord) => string): UsageAggregate[] {
  const groups = new Map<string, UsageRecord[]>();
  for (const r of records) {
    const key = keyOf(r);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(r);
  }
  return [...groups].map(([key, group]) => {
    const latencies = group.map((r) => r.latencyMs).sort((a, b) => a - b);
    return {
      key,
      count: group.length,
      errors: group.filter((r) => r.status >= 400).length,
      inputTokens: group.reduce((sum, r) => sum + (r.inputTokens ?? 0), 0),
      outputTokens: group.reduce((sum, r) => sum + (r.outputTokens ?? 0), 0),
      p50LatencyMs: quantile(latencies, 0.5),
      p95LatencyMs: quantile(latencies, 0.95),
    };
  });
}

const csvColumns = ['time', 'agentId', 'ref', 'clientProtocol', 'upstreamProtocol', 'status', 'stream', 'inputTokens', 'outputTokens', 'latencyMs', 'firstTokenMs', 'prompt'] as const;

function csvCell(value: unknown): string {
  if (value === undefined) return '';
  const text = typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(2) : String(value);
  // Quote what a spreadsheet would misread; a leading = + - @ would be a formula.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export class UsageLog {
  private readonly ring: (UsageRecord | undefined)[];
  private next = 0;
  private count = 0;

  constructor(readonly capacity = defaultUsageCapacity) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`A usage log holds at least 1 record, not ${capacity}.`);
    this.ring = new Array<UsageRecord | undefined>(capacity);
  }

  add(record: UsageRecord): void {
    this.ring[this.next] = record;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** Oldest first. */
  records(): UsageRecord[] {
    const out: UsageRecord[] = [];
    const start = this.count < this.capacity ? 0 : this.next;
    for (let i = 0; i < this.count; i++) out.push(this.ring[(start + i) % this.capacity]!);
    return out;
  }

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.ring.fill(undefined);
    this.next = 0;
    this.count = 0;
  }

  aggregates(): UsageAggregates {
    const all = this.records();
    return { byAgent: aggregate(all, (r) => r.agentId ?? '(active model)'), byModel: aggregate(all, (r) => r.ref ?? '(not routed)') };
  }

  toJson(): string {
    return JSON.stringify({ records: this.records(), aggregates: this.aggregates() }, null, 2);
  }

  toCsv(): string {
    const lines = [csvColumns.join(',')];
    for (const r of this.records()) lines.push(csvColumns.map((c) => csvCell(c === 'time' ? new Date(r.time).toISOString() : r[c])).join(','));
    return lines.join('\r\n') + '\r\n';
  }
}
