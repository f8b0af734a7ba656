import * as assert from 'node:assert/strict';
import { describeBlockers, isBlocked, removalBlockers } from '../../src/providers/removal';
import { documentWith, model, provider } from '../fakes/builders';

describe('removal-blocking rule', () => {
  it('allows removing a provider nobody uses', () => {
    const doc = documentWith([provider('a', { models: [model('m')] })]);
    assert.equal(isBlocked(removalBlockers(doc, 'a')), false);
  });

  it('refuses while agents use it, and names them', () => {
    const doc = documentWith([provider('a', { name: 'Work', agents: ['claude-code', 'codex'] })]);
    const blockers = removalBlockers(doc, 'a');
    assert.equal(isBlocked(blockers), true);
    assert.equal(describeBlockers('Work', blockers), "Can't remove “Work”: it is used by Claude Code and Codex CLI.");
  });

  it('lets the last provider with chat models go even though it holds the default', () => {
    const doc = documentWith([provider('a', { models: [model('m')] }), provider('b', { models: [model('e', { kind: 'embedding' })] })], { defaultRef: 'a/m' });
    assert.deepEqual(removalBlockers(doc, 'a'), { agents: [], holdsDefault: false });
  });

  it('counts agents assigned one of its models, and the default', () => {
    const doc = documentWith([provider('a', { models: [model('m')] }), provider('b', { models: [model('n')] })], {
      assignments: { 'gemini-cli': 'a/m', opencode: 'b/n' },
      defaultRef: 'a/m',
    });
    const blockers = removalBlockers(doc, 'a');
    assert.deepEqual(blockers, { agents: ['gemini-cli'], holdsDefault: true });
    assert.equal(describeBlockers('A', blockers), "Can't remove “A”: it is used by Gemini CLI, and holds the default model.");
    assert.equal(describeBlockers('A', { agents: ['cline', 'kilo', 'roo'], holdsDefault: false }), "Can't remove “A”: it is used by Cline, Kilo Code and Zoo/Roo Code.");
  });
});
