/** The per-agent records of the last apply: kept under one globalState key, never a key. */
import * as assert from 'node:assert/strict';
import { AgentRuns, agentRunsKey } from '../../src/extension/agentRuns';
import { MemoryMemento } from '../fakes/memory';

describe('agent runs', () => {
  const clock = (iso: string) => () => new Date(iso);

  it('records an apply, then a problem that keeps the apply, then a success that clears it', async () => {
    const memento = new MemoryMemento();
    let now = '2026-11-23T10:00:00.000Z';
    const runs = new AgentRuns(memento, () => new Date(now));
    const changed: string[] = [];
    runs.onDidChange((agent) => changed.push(agent));

    await runs.recordApplied('codex', 'work/gpt-5', 'env', 'new-session');
    assert.deepEqual(runs.get('codex'), { applied: { time: now, ref: 'work/gpt-5', delivery: 'env', pickup: 'new-session' } });
    now = '2026-11-23T11:00:00.000Z';
    await runs.recordProblem('codex', 'Codex CLI: disk full');
    assert.equal(runs.get('codex')?.applied?.ref, 'work/gpt-5', 'the files still say what the last apply wrote');
    assert.deepEqual(runs.get('codex')?.problem, { time: now, message: 'Codex CLI: disk full' });
    await runs.recordApplied('codex', 'work/gpt-5-mini', 'helper', 'live');
    assert.equal(runs.get('codex')?.problem, undefined);
    assert.deepEqual(changed, ['codex', 'codex', 'codex']);
    assert.deepEqual(Object.keys(memento.get<object>(agentRunsKey) ?? {}), ['codex'], 'one key for all agents');
  });

  it('keeps concurrent records of several agents', async () => {
    const runs = new AgentRuns(new MemoryMemento(), clock('2026-11-23T10:00:00.000Z'));
    await Promise.all([runs.recordApplied('codex', 'a/b', 'env', 'restart'), runs.recordApplied('opencode', 'a/b', 'none', 'restart'), runs.recordProblem('cline', 'no adapter')]);
    assert.deepEqual(Object.keys(runs.all()).sort(), ['cline', 'codex', 'opencode']);
  });

  it('is read back at once, before its write reaches storage, one write at a time', async () => {
    // Storage that holds a value only once its write completes, as VS Code's Memento does after
    // the echo of its own write: overlapping writes would lose the later records.
    const writes: { value: unknown; resolve(): void; reject(error: Error): void }[] = [];
    const memento = new MemoryMemento();
    const slow = {
      get: <T>(key: string) => memento.get<T>(key),
      update: (key: string, value: unknown) =>
        new Promise<void>((resolve, reject) => writes.push({ value, resolve: () => void memento.update(key, value).then(resolve), reject })),
    };
    const runs = new AgentRuns(slow, clock('2026-11-23T10:00:00.000Z'));
    const changed: string[] = [];
    runs.onDidChange((agent) => changed.push(agent));
    const first = runs.recordApplied('codex', 'a/b', 'env', 'restart');
    const second = runs.recordProblem('cline', 'no adapter');
    const third = runs.recordApplied('opencode', 'a/b', 'none', 'restart');
    assert.deepEqual(Object.keys(runs.all()).sort(), ['cline', 'codex', 'opencode'], 'every record, while no write has finished');
    assert.deepEqual(changed, ['codex', 'cline', 'opencode']);
    assert.equal(writes.length, 1, 'one write in flight');
    writes[0].resolve();
    await first;
    assert.equal(writes.length, 2, 'the changes made meanwhile go out together');
    assert.deepEqual(Object.keys(writes[1].value as object).sort(), ['cline', 'codex', 'opencode']);
    writes[1].reject(new Error('disk full'));
    await assert.rejects(second, /disk full/);
    await assert.rejects(third, /disk full/);
    assert.deepEqual(Object.keys(runs.all()), ['codex'], 'what did not reach storage is not shown as if it had');
  });

  it('says when no write is in flight, so a revert writes its other keys after the echo', async () => {
    const writes: (() => void)[] = [];
    const memento = new MemoryMemento();
    const slow = { get: <T>(key: string) => memento.get<T>(key), update: (key: string, value: unknown) => new Promise<void>((resolve) => writes.push(() => void memento.update(key, value).then(resolve))) };
    const runs = new AgentRuns(slow, clock('2026-11-23T10:00:00.000Z'));
    await runs.settled();
    void runs.recordApplied('codex', 'a/b', 'env', 'restart');
    let settled = false;
    const waiting = runs.settled().then(() => (settled = true));
    void runs.recordApplied('opencode', 'a/b', 'env', 'restart');
    writes[0]!();
    await new Promise((r) => setImmediate(r));
    assert.equal(settled, false, 'the change made meanwhile is still being written');
    writes[1]!();
    await waiting;
    assert.deepEqual(Object.keys(memento.get<object>(agentRunsKey) ?? {}).sort(), ['codex', 'opencode']);
  });

  it('reads a late echo of its own earlier write as its latest, and another window\'s records as they are', async () => {
    const memento = new MemoryMemento();
    const runs = new AgentRuns(memento, clock('2026-11-23T10:00:00.000Z'));
    await runs.recordApplied('codex', 'a/b', 'env', 'restart');
    const first = memento.get(agentRunsKey);
    await runs.recordApplied('opencode', 'a/b', 'env', 'restart');
    // VS Code's echo of the first write arrives after the second: the Memento holds the older value.
    await memento.update(agentRunsKey, first);
    assert.deepEqual(Object.keys(runs.all()).sort(), ['codex', 'opencode']);
    // Another window wrote its own records: they are read.
    await memento.update(agentRunsKey, { cline: { problem: { time: 't', message: 'from another window' } } });
    assert.deepEqual(Object.keys(runs.all()), ['cline']);
  });

  it('forgets an agent after a revert', async () => {
    const runs = new AgentRuns(new MemoryMemento(), clock('2026-11-23T10:00:00.000Z'));
    await runs.recordApplied('codex', 'a/b', 'env', 'restart');
    await runs.recordApplied('opencode', 'a/b', 'env', 'restart');
    await runs.clear('codex');
    assert.deepEqual(Object.keys(runs.all()), ['opencode']);
  });

  it('drops stored records it cannot read instead of failing', () => {
    const memento = new MemoryMemento();
    void memento.update(agentRunsKey, { codex: { applied: { time: 1 } }, emacs: { applied: {} }, opencode: { problem: { time: 't', message: 'm' } } });
    const runs = new AgentRuns(memento);
    assert.deepEqual(runs.all(), { opencode: { problem: { time: 't', message: 'm' } } });
    void memento.update(agentRunsKey, 'junk');
    assert.deepEqual(runs.all(), {});
  });
});
