/**
 * The server's side of the files in the storage dir: the private dir itself, the atomic
 * 0600 rendezvous file, the short-lived take-over lock, and the probe that tells a live
 * socket from a stale one.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { curlConfig } from './curlConfig';
import { curlConfigFileName, lockFileName, readRendezvous, rendezvousFile, type Rendezvous } from './layout';

/** Creates dir (and missing parents) 0700; an existing dir keeps its mode, the files inside are 0600. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Write-then-rename, so a reader never sees half a file, and the file is 0600 from its first byte. */
function writePrivately(target: string, text: string): void {
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temp, text, { mode: 0o600, flag: 'wx' });
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/** Publishes the socket and token for the Node helper (keyhelper.json); throws when it cannot. */
export function writeRendezvous(dir: string, rendezvous: Rendezvous): void {
  writePrivately(rendezvousFile(dir), JSON.stringify(rendezvous) + '\n');
}

/**
 * The same for the launcher's curl (keyhelper.curlrc), written after the JSON file: a curl that
 * reads an older one is refused, and the launcher falls back to the Node helper, as it does
 * without the file. So a failure here is only logged (the reason is returned). A pipe
 * (Windows) has no curl path.
 */
export function writeCurlConfig(dir: string, rendezvous: Rendezvous): string | undefined {
  if (process.platform === 'win32') return undefined;
  try {
    writePrivately(path.join(dir, curlConfigFileName), curlConfig(rendezvous));
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Removes the published files only if they still hold our token: another window may have taken over. */
export function removeRendezvousIfOurs(dir: string, token: string): void {
  if (readRendezvous(dir)?.token === token) fs.rmSync(rendezvousFile(dir), { force: true });
  const curl = path.join(dir, curlConfigFileName);
  try {
    if (fs.readFileSync(curl, 'utf8').includes(`Bearer ${token}"`)) fs.rmSync(curl, { force: true });
  } catch {
    // Absent: nothing to remove.
  }
}

/** A lock older than this was left by a window that crashed mid take-over (which takes milliseconds). */
const staleLockMs = 10_000;

/**
 * Runs `body` while holding dir/keyhelper.lock, so two windows starting together cannot
 * both decide a socket is stale and both listen. Undefined if the lock stayed busy.
 */
export async function withTakeOverLock<T>(dir: string, body: () => Promise<T>, waitMs = 2000): Promise<T | undefined> {
  const lock = path.join(dir, lockFileName);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      fs.closeSync(fs.openSync(lock, 'wx', 0o600));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > staleLockMs) fs.rmSync(lock, { force: true });
      } catch {
        // Released meanwhile: try again.
      }
      if (Date.now() > deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  }
  try {
    return await body();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** The socket file's inode, to tell our socket from one another window put at the same path; undefined if gone. */
export function socketIdentity(socket: string): number | undefined {
  try {
    return fs.lstatSync(socket).ino;
  } catch {
    return undefined;
  }
}

export type ProbeResult = 'served' | 'free' | { readonly unknown: string };

/** Connects and hangs up: a live server accepts; a stale socket file refuses; no file is free. */
export function probe(socket: string, timeoutMs = 1000): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const connection = net.createConnection(socket);
    const done = (result: ProbeResult) => {
      clearTimeout(timer);
      connection.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done({ unknown: 'no answer in time' }), timeoutMs);
    connection.once('connect', () => done('served'));
    connection.once('error', (error: NodeJS.ErrnoException) => {
      done(error.code === 'ECONNREFUSED' || error.code === 'ENOENT' ? 'free' : { unknown: error.code ?? error.message });
    });
  });
}
