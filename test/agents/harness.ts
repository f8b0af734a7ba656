/**
 * Harness of the agent e2e tier: runs the real agent CLIs (installed by scripts/installAgents.sh
 * into .vscode-test/agents, run by Node 24) against the loopback doubles in test/upstreams, each
 * in a fresh temporary HOME.
 *
 * Isolation and clean-up:
 * - every spawn gets a minimal environment (nothing inherited but what is listed here, so no
 *   real ANTHROPIC_API_KEY etc. leaks in) with HOME and every XDG_* inside the temp home;
 * - every spawn runs in its own process group and has a hard timeout, after which the whole
 *   group is SIGKILLed by its (negative) PID;
 * - every spawn carries SWITCHBOARD_E2E_MARKER=<uuid of this home>. Processes that escape the
 *   group (Cline's detached `--cline-hub-daemon`) inherit it, so cleanup() finds exactly the
 *   processes this home started by scanning /proc/<pid>/environ, and kills them by PID.
 */
import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AgentAdapter, AgentPlan, Endpoint } from '../../src/agents/agentAdapter';
import { applyAgentPlan } from '../../src/agents/applyPlan';
import { nodeFileSystem } from '../../src/agents/edit/nodeFileSystem';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const pathsFile = path.join(repoRoot, '.vscode-test', 'agents', 'paths.json');

export interface AgentPaths {
  node: string;
  nodeBinDir: string;
  binDir: string;
  nodeVersion: string;
  agents: string[];
}

let cachedPaths: AgentPaths | undefined;

/** Where installAgents.sh put Node 24 and the CLIs. Throws (a failure, not a skip) if absent. */
export function agentPaths(): AgentPaths {
  if (cachedPaths) return cachedPaths;
  if (!fs.existsSync(pathsFile)) throw new Error(`${pathsFile} is missing: run \`bash scripts/installAgents.sh\` first`);
  cachedPaths = JSON.parse(fs.readFileSync(pathsFile, 'utf8')) as AgentPaths;
  return cachedPaths;
}

/** The installed version of an npm package in the agents cache (e.g. '@openai/codex'). */
export function installedVersion(pkg: string): string {
  const file = path.join(agentPaths().binDir, '..', pkg, 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

export interface RunOptions {
  /** Extra variables on top of the home's environment. */
  env?: Record<string, string>;
  /** Working directory (default: the home's `work` folder). */
  cwd?: string;
  /** Hard limit; the process group is SIGKILLed after it (default 120 s). */
  timeoutMs?: number;
  /** Text for stdin; stdin is closed right away otherwise. */
  input?: string;
}

export class AgentHome {
  /** The temporary HOME. */
  readonly home: string;
  /** An empty project folder inside it, the default cwd. */
  readonly work: string;
  readonly marker = crypto.randomUUID();
  private readonly running = new Set<number>();

  constructor(readonly label: string) {
    this.home = fs.mkdtempSync(path.join(os.tmpdir(), `sb-agent-${label}-`));
    this.work = path.join(this.home, 'work');
    fs.mkdirSync(this.work);
    for (const d of ['.config', '.local/share', '.local/state', '.cache', 'tmp']) fs.mkdirSync(path.join(this.home, d), { recursive: true });
  }

  /** Writes a file under the home (parents created), mode 0600 by default. Returns its path. */
  write(relative: string, content: string, mode = 0o600): string {
    const file = path.join(this.home, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content, { mode });
    return file;
  }

  read(relative: string): string {
    return fs.readFileSync(path.join(this.home, relative), 'utf8');
  }

  /** The base environment of every spawn: Node 24 and the CLIs first on PATH, all homes inside. */
  baseEnv(): Record<string, string> {
    const p = agentPaths();
    return {
      PATH: [p.nodeBinDir, p.binDir, '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
      HOME: this.home,
      USER: os.userInfo().username,
      LANG: 'C.UTF-8',
      TERM: 'dumb',
      NO_COLOR: '1',
      TMPDIR: path.join(this.home, 'tmp'),
      XDG_CONFIG_HOME: path.join(this.home, '.config'),
      XDG_DATA_HOME: path.join(this.home, '.local/share'),
      XDG_STATE_HOME: path.join(this.home, '.local/state'),
      XDG_CACHE_HOME: path.join(this.home, '.cache'),
      SWITCHBOARD_E2E_MARKER: this.marker,
    };
  }

  /** Runs a CLI from the agents cache (bin name, e.g. 'claude') with a hard timeout. */
  run(bin: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
    const exe = path.join(agentPaths().binDir, bin);
    const timeoutMs = options.timeoutMs ?? 120_000;
    const started = Date.now();
    return new Promise<RunResult>((resolve, reject) => {
      const child = spawn(exe, args, {
        cwd: options.cwd ?? this.work,
        env: { ...this.baseEnv(), ...options.env },
        detached: true, // own process group, so the whole tree can be killed by -pid
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const pid = child.pid;
      if (pid === undefined) {
        reject(new Error(`could not spawn ${exe}`));
        return;
      }
      this.running.add(pid);
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input ?? '');
      const timer = setTimeout(() => {
        timedOut = true;
        killGroup(pid);
      }, timeoutMs);
      child.on('error', (err) => {
        clearTimeout(timer);
        this.running.delete(pid);
        reject(err);
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        killGroup(pid); // helpers left in the group
        this.running.delete(pid);
        const result: RunResult = { code, signal, stdout, stderr, timedOut, durationMs: Date.now() - started };
        if (process.env.SWITCHBOARD_E2E_VERBOSE === '1') {
          process.stderr.write(`--- ${bin} ${args.join(' ')} → ${code ?? signal} in ${result.durationMs} ms\n--- stdout\n${stdout}\n--- stderr\n${stderr}\n`);
        }
        resolve(result);
      });
    });
  }

  /** Kills every process this home started (by PID), then removes the home. Bounded. */
  async cleanup(): Promise<string[]> {
    for (const pid of this.running) killGroup(pid);
    const killed = await killMarked(this.marker);
    if (process.env.SWITCHBOARD_KEEP_E2E_HOME !== '1') fs.rmSync(this.home, { recursive: true, force: true, maxRetries: 3 });
    return killed;
  }
}

/** PIDs of live processes whose environment carries `SWITCHBOARD_E2E_MARKER=<marker>` (escaped daemons included). */
export function pidsWithMarker(marker: string): number[] {
  const needle = Buffer.from(`SWITCHBOARD_E2E_MARKER=${marker}\0`);
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/environ`).includes(needle)) found.push(Number(entry));
    } catch {
      /* gone, or not ours to read */
    }
  }
  return found;
}

/** SIGKILLs every process carrying the marker, in bounded rounds; returns what it killed. */
export async function killMarked(marker: string): Promise<string[]> {
  const killed: string[] = [];
  for (let round = 0; round < 20; round++) {
    const pids = pidsWithMarker(marker);
    if (pids.length === 0) break;
    for (const pid of pids) {
      if (round === 0) killed.push(`${pid} ${cmdline(pid)}`);
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return killed;
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* group already gone */
  }
}

function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '?';
  }
}

/** Test-only: no telemetry, update or download attempts by Continue's cn and Kilo (only 127.0.0.1 is reachable). */
export const continueQuietEnv = { CONTINUE_CLI_ENABLE_TELEMETRY: '0', CONTINUE_METRICS_ENABLED: '0' };
export const kiloQuietEnv = {
  KILO_TELEMETRY_LEVEL: 'off',
  KILO_DISABLE_AUTOUPDATE: '1',
  KILO_DISABLE_MODELS_FETCH: '1',
  KILO_DISABLE_SHARE: '1',
  KILO_DISABLE_SESSION_INGEST: '1',
  KILO_DISABLE_LSP_DOWNLOAD: '1',
  KILO_DISABLE_DEFAULT_PLUGINS: '1',
};

/** A reply text unique to one test, so the printed output proves it came from this double. */
export function uniqueReply(label: string): string {
  return `Switchboard double reply ${label} ${crypto.randomBytes(4).toString('hex')}`;
}

/** A readable failure message with the CLI's output. */
export function describeRun(r: RunResult): string {
  const tail = (s: string) => (s.length > 4000 ? `…${s.slice(-4000)}` : s);
  return `exit ${r.code ?? r.signal}${r.timedOut ? ' (TIMED OUT, killed)' : ''} after ${r.durationMs} ms\n--- stdout\n${tail(r.stdout)}\n--- stderr\n${tail(r.stderr)}`;
}

/** The endpoint a pick of `model` on a loopback "Lab" provider gives an adapter. */
export function labEndpoint(fields: Pick<Endpoint, 'providerType' | 'protocol' | 'baseUrl' | 'key'>, model: string): Endpoint {
  return { providerId: 'lab', providerName: 'Lab', modelId: model, modelName: model, contextLimit: 128_000, headers: {}, ...fields };
}

/** Plans as a status-bar pick would, and writes the plan into the home through the real edit layer. */
export async function applyThroughAdapter(adapter: AgentAdapter, endpoint: Endpoint, home: AgentHome, homeEnv: Record<string, string>): Promise<AgentPlan> {
  const planned = adapter.plan(endpoint, { home: home.home, env: homeEnv });
  if (!planned.ok) throw new Error(planned.reason);
  await applyAgentPlan(nodeFileSystem, planned.plan, path.join(home.home, '.switchboard-backups'));
  return planned.plan;
}

/** What VS Code's terminals would carry: the plan's variables, and the key in its variable. */
export function terminalEnvOf(plan: AgentPlan, key: string): Record<string, string> {
  return { ...plan.terminalEnv, ...(plan.keyVariable ? { [plan.keyVariable]: key } : {}) };
}
