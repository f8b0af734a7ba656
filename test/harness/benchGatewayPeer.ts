/**
 * The gateway benchmark's peer: @musistudio/claude-code-router 3.1.1, installed by
 * scripts/installBenchPeers.sh into .vscode-test/bench-peers/. It keeps its configuration in
 * SQLite (~/.claude-code-router/config.sqlite), so it is configured the way its own web UI
 * does it: `ccr serve` with a temporary HOME and a fixed management token
 * (CCR_WEB_AUTH_TOKEN), then the management RPC (POST /api/ccr/rpc, header x-ccr-web-auth):
 * getConfig, saveConfig with one provider (the double) and request logs off, and
 * getGatewayStatus until its gateway runs. The gateway is its own child process (pid from the
 * status), which serves requests directly; its CPU time and RSS are read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as crypto from 'node:crypto';
import { cacheDir } from './paths';
import { freePort } from './freePort';

export const peerName = '@musistudio/claude-code-router@3.1.1';
export const peerDir = path.join(cacheDir, 'bench-peers');
const cli = path.join(peerDir, 'node_modules', '@musistudio', 'claude-code-router', 'dist', 'main', 'cli.js');

export interface ProcStats {
  readonly cpuMs: number;
  readonly rss: number;
}

export interface RunningPeer {
  readonly port: number;
  readonly key: string;
  /** The gateway process that answers requests. */
  readonly gatewayPid: number;
  /** The management process (`ccr serve`), not on the request path. */
  readonly servicePid: number;
  stop(): Promise<void>;
}

/** The Node that runs the children: the peers' Node 24 when installed (ccr needs >= 22), else this one. */
export function benchNode(): string {
  try {
    const info = JSON.parse(fs.readFileSync(path.join(peerDir, 'paths.json'), 'utf8')) as { node?: string };
    if (info.node && fs.existsSync(info.node)) return info.node;
  } catch {
    /* not installed */
  }
  return process.execPath;
}

const clockTicks = 100; // Linux USER_HZ

/** CPU time and RSS of any process, from /proc (Linux). */
export function procStats(pid: number): ProcStats {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  return { cpuMs: (ticks * 1000) / clockTicks, rss: rssKb * 1024 };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, timeoutMs: number, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`${what} within ${timeoutMs / 1000} s (${last})`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts the peer against the double; throws with the reason when it cannot run. */
export async function startPeer(upstreamPort: number, upstreamKey: string): Promise<RunningPeer> {
  if (process.platform !== 'linux') throw new Error('the peer is measured through /proc, so on Linux only');
  if (!fs.existsSync(cli)) throw new Error(`${peerName} is not installed (${cli} missing): run bash scripts/installBenchPeers.sh`);
  const node = benchNode();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-ccr-home-'));
  const token = crypto.randomBytes(24).toString('hex');
  const [managementPort, gatewayPort, corePort] = [await freePort(), await freePort(), await freePort()];
  let output = '';
  const child: ChildProcess = spawn(node, [cli, 'serve', '--no-open', '--host', '127.0.0.1', '--port', String(managementPort)], {
    cwd: home,
    env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local', 'share'), CCR_WEB_AUTH_TOKEN: token, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    if (output.length < 64 * 1024) output += chunk.toString('utf8');
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let gatewayPid = 0;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await Promise.race([new Promise((r) => child.once('exit', r)), sleep(5000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    for (let i = 0; i < 20 && gatewayPid && alive(gatewayPid); i++) await sleep(100);
    if (gatewayPid && alive(gatewayPid)) process.kill(gatewayPid, 'SIGKILL');
    fs.rmSync(home, { recursive: true, force: true });
  };
  try {
    const rpc = async (method: string, ...args: unknown[]): Promise<any> => {
      if (child.exitCode !== null) throw new Error(`ccr serve exited (${child.exitCode}): ${output.slice(-500)}`);
      const response = await fetch(`http://127.0.0.1:${managementPort}/api/ccr/rpc`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-ccr-web-auth': token }, body: JSON.stringify({ method, args }) });
      const answer = (await response.json()) as { ok: boolean; value?: unknown; error?: { message?: string } };
      if (!answer.ok) throw new Error(`${method}: ${answer.error?.message ?? response.status}`);
      return answer.value;
    };
    const config = await until('ccr serve answers its management RPC', 30_000, () => rpc('getConfig'));
    const saved = await rpc('saveConfig', {
      ...config,
      Providers: [{ name: 'bench', api_base_url: `http://127.0.0.1:${upstreamPort}/v1`, api_key: upstreamKey, models: ['bench-model'] }],
      preferredProvider: 'bench',
      gateway: { ...config.gateway, host: '127.0.0.1', port: gatewayPort, coreHost: '127.0.0.1', corePort },
      observability: { ...config.observability, requestLogs: false, agentAnalysis: false },
      profile: { ...config.profile, enabled: false },
    });
    const status = await until('the ccr gateway runs', 30_000, async () => {
      const s = await rpc('getGatewayStatus');
      return s?.state === 'running' && s.pid ? (s as { pid: number; endpoint: string }) : undefined;
    });
    gatewayPid = status.pid;
    const port = Number(new URL(status.endpoint).port);
    const key = String(saved?.APIKEY ?? config.APIKEY ?? '');
    if (!key) throw new Error('ccr made no client API key');
    return { port, key, gatewayPid, servicePid: child.pid!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
