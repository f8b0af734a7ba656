/**
 * Test counts shared by every tier, so scripts/test.sh can add them up honestly.
 * Each tier writes test-results/<tier>.json; the extension host, which cannot write there
 * reliably, prints one marker line that the payload runner parses instead.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resultsDir } from './paths';

export interface Counts {
  passed: number;
  failed: number;
  pending: number;
}

export interface TierResult extends Counts {
  tier: string;
  durationMs: number;
  /** Why the tier failed as a whole (server not healthy, timeout, no result), if it did. */
  error?: string;
}

/** Prefix of every message the in-host mocha prints (see hostMocha.ts). */
export const hostOutputTag = '[host] ';

/** Prefix of the line the in-host mocha prints when it is done. */
export const resultMarker = '[switchboard-results] ';

export function formatMarker(counts: Counts): string {
  return resultMarker + JSON.stringify(counts);
}

/** The last marker in the output, or undefined when mocha never finished. */
export function parseMarker(lines: readonly string[]): Counts | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const at = lines[i].indexOf(resultMarker);
    if (at < 0) continue;
    try {
      return JSON.parse(lines[i].slice(at + resultMarker.length).trim()) as Counts;
    } catch {
      // A mangled marker is no result; keep looking.
    }
  }
  return undefined;
}

export function writeTierResult(result: TierResult): string {
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${result.tier}.json`);
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  return file;
}
