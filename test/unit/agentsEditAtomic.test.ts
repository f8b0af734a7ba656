/**
 * Crash safety of nodeFileSystem.writeFileAtomic: a child process rewrites one file in a loop
 * with two large, different contents, and is killed with SIGKILL at a random moment. Whatever
 * moment that is, the file must be exactly one complete version, never torn or empty.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROUNDS = 30;
const modulePath = path.resolve(__dirname, '../../src/agents/edit/nodeFileSystem.js');

/** The child: writes version A, says "ready", then alternates B/A up to a bounded count. */
const child = `
const { nodeFileSystem } = require(process.argv[1]);
const target = process.argv[2];
const versions = [Buffer.alloc(3_000_000, 'a'), Buffer.alloc(2_000_000, 'b')];
(async () => {
  await nodeFileSystem.writeFileAtomic(target, versions[0]);
  process.stdout.write('ready\\n');
  for (let i = 1; i < 10_000; i++) await nodeFileSystem.writeFileAtomic(target, versions[i % 2]);
})();
`;

function runAndKill(target: string, delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['-e', child, modulePath, target], { stdio: ['ignore', 'pipe', 'inherit'] });
    const guard = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    proc.stdout.once('data', () => setTimeout(() => proc.kill('SIGKILL'), delayMs));
    proc.once('error', reject);
    proc.once('exit', () => {
      clearTimeout(guard);
      resolve();
    });
  });
}

describe('agents/edit atomic writes under SIGKILL', function () {
  this.timeout(120_000);
  let dir: string;
  before(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'sb-atomic-'));
  });
  after(async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  });

  it(`leaves one complete version after each of ${ROUNDS} kills`, async () => {
    const target = path.join(dir, 'config.json');
    const seen = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      await runAndKill(target, Math.floor(Math.random() * 51));
      const bytes = await fsp.readFile(target);
      const isA = bytes.length === 3_000_000 && bytes.every((b) => b === 0x61);
      const isB = bytes.length === 2_000_000 && bytes.every((b) => b === 0x62);
      assert.ok(isA || isB, `round ${round}: torn file of ${bytes.length} bytes`);
      seen.add(isA ? 'a' : 'b');
    }
    // Temp files of killed writers may remain; they are dot-files beside the target, never it.
    for (const name of await fsp.readdir(dir)) assert.ok(name === 'config.json' || /^\.config\.json\.[0-9a-f]{12}\.tmp$/.test(name), name);
  });
});
