/**
 * Starts and stops one real VS Code (code-server on Node 24) for one suite.
 *
 * Every start gets a fresh run folder, a fresh port and its own XDG/TMP/HOME folders, so
 * suites never share state and nothing lands in the real home directory. Every wait is
 * bounded; a server that does not become healthy is an error, never a skip.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installClaudeCodeStandInInto, installEmptyPeerInto, installExtensionInto, installZooCodeStandInInto } from './extensionInstall';
import { installedCodeServer, makeRunDir, sleep } from './paths';
import { freePort } from './freePort';

export interface CodeServerOptions {
  /** Absolute path of the folder the workbench opens. */
  workspace: string;
  /** Extra environment for the server and so for the extension host (e.g. SWITCHBOARD_TEST=1). */
  env?: Record<string, string>;
  /** A fixed port (start.sh uses 8080); default: a free one picked by the OS. */
  port?: number;
  /** Reuse this folder instead of a fresh one under .vscode-test/runs/ (start.sh). */
  runDir?: string;
  /** Short name that goes into the run folder's name. */
  label?: string;
  /** User settings written to <user-data-dir>/User/settings.json before start. */
  settings?: Record<string, unknown>;
  /** Copy the built extension into the extensions dir (UI tier). The integration tier loads it
   * through extensionDevelopmentPath instead. */
  installExtension?: boolean;
  /** Also install an empty extension as a benchmark peer (see installEmptyPeerInto). */
  emptyPeer?: boolean;
  /** Install the Claude Code stand-in (its id and settings, no code). */
  claudeCodeStandIn?: boolean;
  /** Install the Zoo Code stand-in (its id and an in-memory profile API). */
  zooCodeStandIn?: boolean;
  /** Needed on 1.139 for the URL payload (extensionTestsPath) to be honoured. */
  smokeTestDriver?: boolean;
  /** How long to wait for /healthz. */
  startTimeoutMs?: number;
}

export interface CodeServer {
  /** http://127.0.0.1:<port> with no trailing slash. */
  url: string;
  port: number;
  runDir: string;
  userDataDir: string;
  extensionsDir: string;
  /** The HOME the server and the extension host see. */
  homeDir: string;
  /** The server's stdout and stderr. */
  logFile: string;
  /** Stops the whole process group (VS Code 1.139 leaves helpers behind a plain SIGTERM). */
  stop(): Promise<void>;
}

/** Settings that keep a test workbench quiet and deterministic; callers' settings win. */
export const defaultSettings: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
};

/** Ctrl+C or a CI timeout's SIGTERM would end Node without running 'exit' listeners, leaving
 * servers behind; turning those signals into process.exit runs them. */
let signalsHooked = false;
function exitOnSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => process.exit(130));
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const install = installedCodeServer();
  exitOnSignals();
  const runDir = options.runDir ?? makeRunDir(options.label ?? 'cs');
  const dir = (name: string): string => {
    const p = path.join(runDir, name);
    fs.mkdirSync(p, { recursive: true });
    return p;
  };
  const userDataDir = dir('user-data');
  const extensionsDir = dir('extensions');
  const homeDir = dir('home');
  // Unix socket paths are capped at 107 bytes and VS Code puts its IPC sockets in
  // XDG_RUNTIME_DIR, so that one folder must be short: it cannot live in the run dir.
  const runtimeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-rt-'));

  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, JSON.stringify({ ...defaultSettings, ...options.settings }, null, 2));
  if (options.installExtension) installExtensionInto(extensionsDir);
  if (options.emptyPeer) installEmptyPeerInto(extensionsDir);
  if (options.claudeCodeStandIn) installClaudeCodeStandInInto(extensionsDir);
  if (options.zooCodeStandIn) installZooCodeStandInInto(extensionsDir);

  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // A parent VS Code terminal's VSCODE_* variables would point the server at that window.
    if (!key.startsWith('VSCODE_')) env[key] = value;
  }
  Object.assign(env, {
    HOME: homeDir,
    XDG_CONFIG_HOME: dir('xdg/config'),
    XDG_DATA_HOME: dir('xdg/data'),
    XDG_CACHE_HOME: dir('xdg/cache'),
    XDG_STATE_HOME: dir('xdg/state'),
    XDG_RUNTIME_DIR: runtimeDir,
    TMPDIR: dir('tmp'),
    ...options.env,
  });

  const logFile = path.join(runDir, 'server.log');
  const attempts = options.port === undefined ? 3 : 1;
  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const port = options.port ?? (await freePort());
    fs.mkdirSync(runtimeDir, { recursive: true }); // a failed attempt's stop() removed it
    const args = [
      install.codeServerEntry,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
      options.workspace,
    ];
    const out = fs.openSync(logFile, 'a');
    // detached => setsid: the server and every helper it starts share one process group.
    const child = spawn(install.node, args, { cwd: runDir, env, detached: true, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    const url = `http://127.0.0.1:${port}`;
    // Last resort when the test process ends without stop(): no async work is possible here.
    const stopOnExit = (): void => {
      killGroup(child, 'SIGKILL');
      fs.rmSync(runtimeDir, { recursive: true, force: true });
    };
    process.once('exit', stopOnExit);
    const stop = async (): Promise<void> => {
      process.removeListener('exit', stopOnExit);
      await stopGroup(child);
      fs.rmSync(runtimeDir, { recursive: true, force: true });
    };
    try {
      await waitForHealth(url, child, logFile, options.startTimeoutMs ?? 30_000);
      return { url, port, runDir, userDataDir, extensionsDir, homeDir, logFile, stop };
    } catch (error) {
      await stop();
      lastError = error as Error;
      const portTaken = fs.readFileSync(logFile, 'utf8').includes('EADDRINUSE');
      if (!portTaken) break;
    }
  }
  throw lastError ?? new Error('code-server did not start');
}

async function waitForHealth(url: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before it was healthy; see ${logFile}`);
    }
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw new Error(`code-server not healthy at ${url} after ${timeoutMs} ms; see ${logFile}`);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** SIGTERM the group, give it 5 s, then SIGKILL whatever is left of it. */
async function stopGroup(child: ChildProcess): Promise<void> {
  killGroup(child, 'SIGTERM');
  const deadline = Date.now() + 5_000;
  while (child.exitCode === null && child.signalCode === null && Date.now() < deadline) await sleep(100);
  killGroup(child, 'SIGKILL');
}
