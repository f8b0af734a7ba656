/**
 * Key helper round trip, in plain Node (no VS Code needed): from spawning the launcher agents
 * are given (sh, then curl over the key socket) to having the key, against a running key
 * server. The peer is a sh launcher exec'ing the same Node to print one character: what any
 * helper written in Node costs at least. The note adds the launcher's Node path (as VS Code
 * writes it on a machine without curl). Runs alternate, so drift on the machine hits all alike.
 *
 * Also runnable alone: `npm run build && npm run compile-tests && node out/test/harness/benchKeyHelper.js`.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findOnPath } from '../../src/agents/findOnPath';
import { launcherScript } from '../../src/keyHelper/launcher';
import { startKeyServer } from '../../src/keyHelper/server';
import type { PanelFigure } from './benchPanel';
import { repoRoot } from './paths';

const key = 'sk-bench-0123456789abcdef';

/**
 * Variables that make every Node start slower whatever it runs: NODE_EXTRA_CA_CERTS is read
 * eagerly at startup (Node 20), NODE_OPTIONS may preload anything. The figure is measured
 * without them, for both; the note gives the inherited environment's numbers too, where our
 * launcher clears them and the peer, plain Node, keeps them.
 */
const startupVariables = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'];
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !startupVariables.includes(name)));

/** Milliseconds from spawn to the child's stdout closed and exit seen; rejects on a wrong output. */
function timeSpawn(command: string, args: string[], expected: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('error', reject);
    child.on('close', (code) => {
      const elapsed = performance.now() - start;
      clearTimeout(timer);
      if (code === 0 && stdout === expected) resolve(elapsed);
      else reject(new Error(`exit ${code}, stdout ${JSON.stringify(stdout)}, stderr ${JSON.stringify(stderr)}`));
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function keyHelperRoundTrip(runs = 30): Promise<PanelFigure> {
  const script = path.join(repoRoot, 'dist', 'keyHelper.js');
  if (!fs.existsSync(script)) throw new Error(`${script} missing: run npm run build`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-kh-bench-'));
  const dir = path.join(root, 'storage');
  const server = await startKeyServer({ dir, lookup: async () => key });
  const launcher = path.join(root, 'switchboard-key');
  const curl = await findOnPath('curl');
  if (!curl) throw new Error('curl is not on PATH: the launcher\'s fast path needs it');
  fs.writeFileSync(launcher, launcherScript(process.execPath, script, dir, curl), { mode: 0o700 });
  // The same launcher as VS Code writes it where it finds no curl: the Node helper.
  const nodeLauncher = path.join(root, 'switchboard-key-node');
  fs.writeFileSync(nodeLauncher, launcherScript(process.execPath, script, dir), { mode: 0o700 });
  const peer = path.join(root, 'peer');
  fs.writeFileSync(peer, `#!/bin/sh\nexec '${process.execPath}' -e "process.stdout.write('x')"\n`, { mode: 0o700 });
  try {
    const measure = async (env: NodeJS.ProcessEnv, count: number): Promise<{ ours: number; bare: number; node: number; fastest: [number, number] }> => {
      const ours: number[] = [];
      const bare: number[] = [];
      const node: number[] = [];
      for (let i = 0; i < count; i++) {
        ours.push(await timeSpawn(launcher, ['bench'], key + '\n', env));
        bare.push(await timeSpawn(peer, [], 'x', env));
        node.push(await timeSpawn(nodeLauncher, ['bench'], key + '\n', env));
      }
      return { ours: median(ours), bare: median(bare), node: median(node), fastest: [Math.min(...ours), Math.min(...bare)] };
    };
    await measure(cleanEnv, 3); // warm the file cache
    const clean = await measure(cleanEnv, runs);
    const inheritedVariables = startupVariables.filter((name) => process.env[name] !== undefined);
    const inherited = inheritedVariables.length > 0 ? await measure(process.env, Math.ceil(runs / 3)) : undefined;
    const size = fs.statSync(script).size;
    const notes = [
      `median of ${runs}, through the launcher agents run (curl); peer is a launcher exec'ing \`node -e "process.stdout.write('x')"\` (Node ${process.version})`,
      `without curl (the Node helper) ${clean.node.toFixed(1)} ms, ${(clean.node - clean.bare).toFixed(1)} ms over the peer`,
      // On a busy machine the medians swing; the fastest runs show what an idle one does.
      `fastest ${clean.fastest[0].toFixed(1)} ms vs peer ${clean.fastest[1].toFixed(1)} ms`,
      `dist/keyHelper.js ${(size / 1024).toFixed(1)} KiB`,
      inherited
        ? `measured without ${inheritedVariables.join(', ')}; with them as set here (our launcher clears them, the peer keeps them) ${inherited.ours.toFixed(1)} ms, without curl ${inherited.node.toFixed(1)} ms, vs peer ${inherited.bare.toFixed(1)} ms`
        : '',
    ];
    return {
      name: 'keyHelperRoundTrip',
      label: 'key helper round trip',
      unit: 'ms',
      target: 30,
      value: clean.ours,
      peer: clean.bare,
      note: notes.filter(Boolean).join('; '),
    };
  } finally {
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  keyHelperRoundTrip().then(
    (f) => console.log(`${f.label}: ${f.value.toFixed(1)} ms (target ${f.target} ms, ${(f.value / f.target).toFixed(2)}x); peer ${f.peer!.toFixed(1)} ms (${(f.value / f.peer!).toFixed(2)}x peer); ${f.note}`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
