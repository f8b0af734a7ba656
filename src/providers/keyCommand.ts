/**
 * A provider's key read from a command the user gives, such as a password manager's
 * (`op read op://Private/OpenAI/credential`, `pass show ai/openai`), so the key need not be stored.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as z from 'zod';
import { apiKeySchema, firstMessage } from './fields';

const commandMax = 4096;
const stdoutCap = 64 * 1024;
const stderrCap = 4 * 1024;
const stderrLineMax = 200;
/** After the command exits, how long to wait for a background process it started to let go of our pipes. */
const exitGraceMs = 1_000;

/** The command text as the user typed it. */
export const keyCommandSchema = z
  .string()
  .trim()
  .min(1, 'Enter a command that prints the key.')
  .max(commandMax, `A key command has at most ${commandMax} characters.`)
  .refine((v) => !/[\r\n]/.test(v), 'A key command is one line.')
  .refine((v) => !v.includes('\0'), 'A key command has no NUL characters.');

export interface KeyCommandOptions {
  /** Default 30_000. */
  readonly timeoutMs?: number;
  /** The environment the command runs with; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Working directory; default os.homedir(). */
  readonly cwd?: string;
  /** Stops the command (and what it started) when aborted, e.g. when the user cancels. */
  readonly signal?: AbortSignal;
}

export type KeyCommandResult = { readonly ok: true; readonly key: string } | { readonly ok: false; readonly message: string };

const fail = (message: string): KeyCommandResult => ({ ok: false, message });

/**
 * Runs the command in the user's shell and returns the key it printed. Never throws, never rejects.
 * Failure messages never contain what the command printed on stdout: they are shown and logged.
 */
export function runKeyCommand(command: string, options: KeyCommandOptions = {}): Promise<KeyCommandResult> {
  const parsed = keyCommandSchema.safeParse(command);
  if (!parsed.success) return Promise.resolve(fail(firstMessage(parsed.error)));
  const timeoutMs = options.timeoutMs ?? 30_000;
  const cwd = options.cwd ?? os.homedir();

  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(parsed.data, {
        // The user's shell syntax (quotes, pipes, ~) works; on Windows this is cmd.exe.
        shell: true,
        // A password manager must not wait on our stdin.
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
        // Its own process group on POSIX, so a timeout stops the commands the shell started too.
        detached: process.platform !== 'win32',
        cwd,
        env: options.env ?? process.env,
      });
    } catch (error) {
      resolve(fail(startFailure(error, cwd)));
      return;
    }

    const stdout = new Capped(stdoutCap, 'head');
    const stderr = new Capped(stderrCap, 'tail');
    child.stdout?.on('data', (chunk: Buffer) => stdout.add(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.add(chunk));

    let done = false;
    let grace: NodeJS.Timeout | undefined;
    const finish = (result: KeyCommandResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(grace);
      options.signal?.removeEventListener('abort', onAbort);
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve(result);
    };

    const timer = setTimeout(() => {
      stop(child);
      finish(fail(`The key command did not finish within ${seconds(timeoutMs)} s; it was stopped.`));
    }, timeoutMs);
    const onAbort = () => {
      stop(child);
      finish(fail('The key command was cancelled.'));
    };
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.on('error', (error) => finish(fail(startFailure(error, cwd))));
    const result = (code: number | null, signal: NodeJS.Signals | null) => outcome(code, signal, stdout.text(), scrub(stderr.text(), parsed.data));
    child.on('exit', (code, signal) => {
      if (done) return;
      grace = setTimeout(() => finish(result(code, signal)), exitGraceMs);
    });
    child.on('close', (code, signal) => finish(result(code, signal)));
  });
}

/** Keeps the first (head) or last (tail) `cap` bytes, and reads on so the child never blocks on a full pipe. */
class Capped {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(
    private readonly cap: number,
    private readonly keep: 'head' | 'tail',
  ) {}

  add(chunk: Buffer): void {
    if (this.keep === 'head') {
      if (this.size >= this.cap) return;
      const part = chunk.subarray(0, this.cap - this.size);
      this.chunks.push(part);
      this.size += part.length;
      return;
    }
    const all = Buffer.concat([...this.chunks, chunk]);
    const kept = all.subarray(Math.max(0, all.length - this.cap));
    this.chunks = [kept];
    this.size = kept.length;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

function outcome(code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string): KeyCommandResult {
  if (signal) return fail(`The key command was stopped by ${signal}.`);
  if (code !== 0) {
    const said = lastLine(stderr);
    return fail(`The key command exited with code ${code ?? 'unknown'}${said ? `: ${said}` : '.'}`);
  }
  // `pass show` prints the password first and metadata after; most tools print just the key.
  const line = stdout.split(/\r\n|\n|\r/).find((l) => l.trim() !== '');
  if (line === undefined) return fail('The key command printed nothing; it should print the key.');
  const key = apiKeySchema.safeParse(line);
  // Never the output itself: it may be a secret even when it is not a valid key.
  if (!key.success) return fail(`The key command’s output is not a valid key: ${firstMessage(key.error)}`);
  return { ok: true, key: key.data };
}

/**
 * Words of the command that read like a key, taken out of what the shell says about it: a key
 * pasted as the command comes back as "sk-…: not found", and the message is shown and logged.
 * Paths and vault references (with a slash) and plain words stay, so the tool's message still helps.
 */
function scrub(stderr: string, command: string): string {
  const words = command.split(/\s+/).filter((w) => w.length >= 20 && /\d/.test(w) && !w.includes('/'));
  return words.reduce((text, word) => text.split(word).join('…'), stderr);
}

/** What the user's own tool said last, without terminal escapes, short enough for a notification. */
function lastLine(stderr: string): string {
  const lines = stderr
    .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')
    .split(/\r\n|\n|\r/)
    .map((l) => l.replace(/[\u0000-\u001f\u007f]/g, '').trim())
    .filter((l) => l !== '');
  const last = lines.at(-1) ?? '';
  return last.length > stderrLineMax ? `${last.slice(0, stderrLineMax - 1)}…` : last;
}

/** Node reports a missing working folder as the shell missing ("spawn /bin/sh ENOENT"); say which it is. */
function startFailure(error: unknown, cwd: string): string {
  if ((error as NodeJS.ErrnoException)?.code === 'ENOENT' && !isFolder(cwd)) {
    return `The key command could not start: the folder ${cwd} does not exist.`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `The key command could not start: ${message.replace(/\.$/, '')}.`;
}

function isFolder(path: string): boolean {
  try {
    return fs.statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Stops the shell and everything it started: its process group on POSIX, its process tree on Windows. */
function stop(child: ChildProcess): void {
  try {
    if (child.pid === undefined) child.kill();
    else if (process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
    else spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () => child.kill());
  } catch {
    try {
      child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

interface Entry {
  readonly command: string;
  /** The last key the command printed, and when. */
  key?: string;
  at: number;
  /** The run in progress, if any. */
  running?: Promise<KeyCommandResult>;
  /** Why the last run failed, and when; cleared by a run that works. */
  failure?: { readonly message: string; readonly at: number };
}

/**
 * Keys from commands, kept in memory per provider and command, so agents' requests do not run
 * a password manager each time. Concurrent gets share one run. After `ttlMs` the command runs
 * again in the background while the last key is still served, so a slow unlock prompt never
 * holds up a request (the key helper answers within 4 s). A failure is remembered for
 * `retryMs`, so a locked vault is not asked again by every request.
 */
export class KeyCommandCache {
  /** One entry per provider: a different command replaces it. */
  private readonly entries = new Map<string, Entry>();
  private readonly problemListeners = new Set<(providerId: string) => void>();

  constructor(
    private readonly run: (command: string) => Promise<KeyCommandResult> = (command) => runKeyCommand(command),
    private readonly ttlMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
    private readonly retryMs = 30_000,
  ) {}

  /** `retry`: run again now even after a recent failure (the user asked, e.g. Test Connection). */
  get(providerId: string, command: string, { retry = false } = {}): Promise<KeyCommandResult> {
    let entry = this.entries.get(providerId);
    if (!entry || entry.command !== command) {
      entry = { command, at: this.now() };
      this.replace(providerId, entry);
    }
    const now = this.now();
    const failedLately = !retry && entry.failure !== undefined && now - entry.failure.at < this.retryMs;
    if (entry.key !== undefined) {
      if (now - entry.at >= this.ttlMs && !entry.running && !failedLately) void this.start(providerId, entry);
      return Promise.resolve({ ok: true, key: entry.key });
    }
    if (entry.running) return entry.running;
    if (failedLately) return Promise.resolve({ ok: false, message: entry.failure!.message });
    return this.start(providerId, entry);
  }

  /** Keeps a key the caller just had the command print (Use a Key Command runs it once first). */
  prime(providerId: string, command: string, key: string): void {
    this.replace(providerId, { command, key, at: this.now() });
  }

  /** Why the provider's command failed when it last ran, while that is still its last word. */
  problem(providerId: string): string | undefined {
    return this.entries.get(providerId)?.failure?.message;
  }

  /**
   * Calls `listener` with the provider's id when its problem() appears, changes or clears, so
   * the panel can say so; never for a run that works as the last one did.
   */
  onDidChangeProblem(listener: (providerId: string) => void): { dispose(): void } {
    this.problemListeners.add(listener);
    return { dispose: () => this.problemListeners.delete(listener) };
  }

  /** Forgets one provider's key, or all keys without an id. */
  forget(providerId?: string): void {
    for (const id of providerId === undefined ? [...this.entries.keys()] : [providerId]) this.replace(id, undefined);
  }

  /**
   * An upstream refused the key (a 401): the vault's key may have been rotated, so the next get
   * runs the command again. A key printed within `retryMs` is kept unless `retry`: the command
   * just printed it, and running it per refused request would ask a password manager each time.
   * True when the key was dropped.
   */
  reject(providerId: string, { retry = false } = {}): boolean {
    const entry = this.entries.get(providerId);
    if (entry?.key === undefined || (!retry && this.now() - entry.at < this.retryMs)) return false;
    delete entry.key;
    return true;
  }

  /** Sets or deletes the provider's entry; a problem that goes with the old one is announced as cleared. */
  private replace(providerId: string, entry: Entry | undefined): void {
    const had = this.entries.get(providerId)?.failure !== undefined;
    if (entry) this.entries.set(providerId, entry);
    else this.entries.delete(providerId);
    if (had) this.problemChanged(providerId);
  }

  private problemChanged(providerId: string): void {
    for (const listener of this.problemListeners) {
      try {
        listener(providerId);
      } catch {
        // A listener's failure is its own; the cache's callers still get their key.
      }
    }
  }

  private start(providerId: string, entry: Entry): Promise<KeyCommandResult> {
    const running = this.runSafely(entry.command).then((result) => {
      // A forgotten or replaced entry takes nothing from a run that was already going.
      if (this.entries.get(providerId) !== entry) return result;
      entry.running = undefined;
      const before = entry.failure?.message;
      if (result.ok) {
        entry.key = result.key;
        entry.at = this.now();
        entry.failure = undefined;
      } else entry.failure = { message: result.message, at: this.now() };
      if (entry.failure?.message !== before) this.problemChanged(providerId);
      return result;
    });
    entry.running = running;
    return running;
  }

  /** A `run` given by a caller might throw; the cache's promise still never rejects. */
  private runSafely(command: string): Promise<KeyCommandResult> {
    const failed = (error: unknown) => fail(`The key command could not run: ${error instanceof Error ? error.message : String(error)}`);
    try {
      return this.run(command).catch(failed);
    } catch (error) {
      return Promise.resolve(failed(error));
    }
  }
}
