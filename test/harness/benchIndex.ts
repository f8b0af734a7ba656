/**
 * extensionTestsPath for `npm run bench`: runs every out/test/bench/**\/*.bench.js inside the
 * real extension host (SWITCHBOARD_BENCH=1 is set by bench.ts). Bench files are mocha specs
 * that call reportBench() from benchReport.ts.
 */
import * as path from 'node:path';
import { runMochaInHost } from './hostMocha';

export function run(): Promise<void> {
  return runMochaInHost({ root: path.join(__dirname, '..', 'bench'), suffix: '.bench.js', timeoutMs: 5 * 60_000 });
}
