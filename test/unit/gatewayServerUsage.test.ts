/** The gateway's usage log: a bounded ring, per-agent and per-model aggregates, JSON and CSV export. */
import * as assert from 'node:assert/strict';
import { quantile, UsageLog, type UsageRecord } from '../../src/gateway/usage';

function record(i: number, overrides: Partial<UsageRecord> = {}): UsageRecord {
  return {
    time: Date.UTC(2026, 0, 1, 0, 0, i % 60),
    agentId: i % 2 === 0 ? 'claude-code' : undefined,
    ref: i % 3 === 0 ? 'lab/qwen3-coder' : 'claude/claude-sonnet-4-5',
    clientProtocol: 'anthropic-messages',
    upstreamProtocol: 'openai-chat',
    status: 200,
    stream: true,
    inputTokens: 10,
    outputTokens: 5,
    latencyMs: i + 1,
    firstTokenMs: i / 2,
    ...overrides,
  };
}

describe('gateway usage log', () => {
  it('keeps only the newest records, oldest first', () => {
    const log = new UsageLog(5);
    for (let i = 0; i < 12; i++) log.add(record(i));
    assert.equal(log.size, 5);
    assert.deepEqual(
      log.records().map((r) => r.latencyMs),
      [8, 9, 10, 11, 12],
    );
    log.clear();
    assert.deepEqual(log.records(), []);
    assert.throws(() => new UsageLog(0), /at least 1 record/);
  });

  it('defaults to 5,000 records and stays there', () => {
    const log = new UsageLog();
    for (let i = 0; i < 7000; i++) log.add(record(i));
    assert.equal(log.size, 5000);
    assert.equal(log.records()[0].latencyMs, 2001);
  });

  it('aggregates per agent and per model: count, errors, tokens, p50 and p95 latency', () => {
    const log = new UsageLog();
    for (let i = 0; i < 100; i++) log.add(record(i, { agentId: 'codex', ref: 'lab/m', latencyMs: i + 1, status: i < 10 ? 500 : 200 }));
    log.add(record(0, { agentId: undefined, ref: undefined, status: 401, inputTokens: undefined, outputTokens: undefined, latencyMs: 0.5 }));
    const { byAgent, byModel } = log.aggregates();
    const codex = byAgent.find((a) => a.key === 'codex')!;
    assert.deepEqual(codex, { key: 'codex', count: 100, errors: 10, inputTokens: 1000, outputTokens: 500, p50LatencyMs: 50, p95LatencyMs: 95 });
    assert.deepEqual(
      byAgent.map((a) => [a.key, a.count]),
      [
        ['codex', 100],
        ['(active model)', 1],
      ],
    );
    assert.deepEqual(
      byModel.map((a) => [a.key, a.count, a.errors]),
      [
        ['lab/m', 100, 10],
        ['(not routed)', 1, 1],
      ],
    );
  });

  it('quantile uses the nearest rank', () => {
    assert.equal(quantile([], 0.5), 0);
    assert.equal(quantile([7], 0.95), 7);
    assert.equal(quantile([1, 2, 3, 4], 0.5), 2);
    assert.equal(quantile([1, 2, 3, 4], 0.95), 4);
  });

  it('exports JSON with records and aggregates', () => {
    const log = new UsageLog();
    log.add(record(1));
    log.add(record(2));
    const parsed = JSON.parse(log.toJson());
    assert.equal(parsed.records.length, 2);
    assert.equal(parsed.records[0].ref, 'claude/claude-sonnet-4-5');
    assert.deepEqual(
      parsed.aggregates.byModel.map((a: { key: string }) => a.key),
      ['claude/claude-sonnet-4-5'],
    );
  });

  it('exports CSV with a header, ISO times, and quoting that keeps prompts safe for spreadsheets', () => {
    const log = new UsageLog();
    log.add(record(0, { prompt: 'say "hi", then\nstop' }));
    log.add(record(1, { prompt: '=HYPERLINK("x")', firstTokenMs: undefined }));
    assert.equal(
      log.toCsv(),
      [
        'time,agentId,ref,clientProtocol,upstreamProtocol,status,stream,inputTokens,outputTokens,latencyMs,firstTokenMs,prompt',
        '2026-01-01T00:00:00.000Z,claude-code,lab/qwen3-coder,anthropic-messages,openai-chat,200,true,10,5,1,0,"say ""hi"", then\nstop"',
        `2026-01-01T00:00:01.000Z,,claude/claude-sonnet-4-5,anthropic-messages,openai-chat,200,true,10,5,2,,"'=HYPERLINK(""x"")"`,
        '',
      ].join('\r\n'),
    );
  });
});
