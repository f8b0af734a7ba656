import * as assert from 'node:assert/strict';
import { emptyReport, summarize } from '../../src/agents/switchSummary';

describe('switch summary', () => {
  it('says nothing when no agent was concerned', () => {
    assert.equal(summarize(emptyReport()), undefined);
  });

  it('reads like the issue’s example: count, restarts, opt-ins', () => {
    const report = emptyReport();
    report.applied.push({ agent: 'claude-code', pickup: 'new-session' }, { agent: 'codex', pickup: 'restart' }, { agent: 'gemini-cli', pickup: 'restart' }, { agent: 'openclaw', pickup: 'live' }, { agent: 'continue', pickup: 'live' });
    report.needsPlaintext.push('cline');
    assert.equal(summarize(report), 'Applied to 5 agents · Codex CLI and Gemini CLI pick it up when restarted · Claude Code: in new sessions · Cline: needs your opt-in for plaintext');
  });

  it('counts the agents that were not changed', () => {
    const report = emptyReport();
    report.applied.push({ agent: 'opencode', pickup: 'restart' });
    report.problems.push('Codex CLI speaks only OpenAI Responses…', 'Gemini CLI: …');
    assert.equal(summarize(report), 'Applied to 1 agent · OpenCode picks it up when restarted · 2 not applied (see details)');
  });
});
