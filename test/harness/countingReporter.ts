/**
 * Mocha reporter for the Node tiers (unit, UI): the usual spec output for people, plus
 * test-results/<SWITCHBOARD_TIER>.json with the counts for scripts/test.sh.
 * Use: mocha --reporter out/test/harness/countingReporter.js
 */
import Mocha from 'mocha';
import { writeTierResult } from './results';

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const started = Date.now();
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const stats = runner.stats;
      writeTierResult({
        tier: process.env.SWITCHBOARD_TIER ?? 'mocha',
        passed: stats?.passes ?? 0,
        failed: stats?.failures ?? 0,
        pending: stats?.pending ?? 0,
        durationMs: Date.now() - started,
      });
    });
  }
}

export = CountingReporter;
