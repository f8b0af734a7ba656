/**
 * Integration tier: mocha specs (out/test/integration/**\/*.test.js) inside the real VS Code
 * extension host. Writes test-results/integration.log and test-results/integration.json.
 * Use: node out/test/harness/runIntegration.js
 */
import * as path from 'node:path';
import { runExtensionTests } from './payloadRunner';
import { repoRoot, resultsDir } from './paths';
import { parseMarker, writeTierResult, type TierResult } from './results';

async function main(): Promise<number> {
  console.log('integration: running mocha inside the code-server extension host');
  const run = await runExtensionTests({
    label: 'integration',
    testsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index.js'),
    logFile: path.join(resultsDir, 'integration.log'),
    timeoutMs: 10 * 60_000,
  });
  const counts = parseMarker(run.lines);
  const result: TierResult = {
    tier: 'integration',
    passed: counts?.passed ?? 0,
    // A run that never reported counts, or exited non-zero with none failed, is one failure.
    failed: counts ? Math.max(counts.failed, run.exitCode === 0 ? 0 : 1) : 1,
    pending: counts?.pending ?? 0,
    durationMs: run.durationMs,
  };
  if (run.error) result.error = run.error;
  else if (!counts) result.error = `extension host exited ${run.exitCode} without a result line`;
  writeTierResult(result);
  console.log(
    `integration: ${result.passed} passing, ${result.failed} failing, ${result.pending} pending ` +
      `(exit ${run.exitCode}, ${(run.durationMs / 1000).toFixed(1)} s; run dir ${run.runDir})`,
  );
  if (result.error) console.log(`integration: ERROR ${result.error}`);
  return result.failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
