/**
 * Where the key server and the key helper meet, and the limits both keep. The helper bundle
 * loads this on every key request, so it imports no zod and no crypto: only fs and path.
 *
 * Files in the storage dir (the dir itself is created 0700):
 *   keyhelper.json   0600  {"socket": "<path or pipe>", "token": "<64 hex>"}, rewritten
 *                          atomically by each window that starts serving
 *   keyhelper.curlrc 0600  the same for the launcher's curl (curlConfig.ts); not on Windows
 *   keyhelper.sock   0600  the Unix socket, unless that path is too long (see socketPath.ts)
 *   keyhelper.lock         held for a few ms while a window takes over serving
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const rendezvousFileName = 'keyhelper.json';
export const socketFileName = 'keyhelper.sock';
export const lockFileName = 'keyhelper.lock';
export const curlConfigFileName = 'keyhelper.curlrc';

/** What the serving window publishes; one file, so a reader never pairs one window's socket with another's token. */
export interface Rendezvous {
  /** A Unix socket path, or a Windows named pipe (`\\.\pipe\switchboard-…`). */
  readonly socket: string;
  /** 32 random bytes as hex; new each time a window starts serving. */
  readonly token: string;
}

export const limits = {
  /** A request is one short line; anything longer is refused. */
  maxRequestBytes: 4096,
  /** A reply holds one key; generous for long JWT-style keys. */
  maxReplyBytes: 64 * 1024,
  /** The server drops a client that has not sent its line by then. */
  requestTimeoutMs: 2000,
  /** How long the server waits on the key store (a keychain may be slow to unlock). */
  lookupTimeoutMs: 4000,
  /** The helper gives up by then: below Codex's 5 s `timeout_ms`, so our message is the one the user sees. */
  helperTimeoutMs: 4500,
} as const;

/** Provider ids are slugs (src/providers/ids.ts); the pattern also keeps log lines clean. */
export const providerIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function rendezvousFile(dir: string): string {
  return path.join(dir, rendezvousFileName);
}

/** The published socket and token, or undefined when absent or not ours (checked by hand: no zod here). */
export function readRendezvous(dir: string): Rendezvous | undefined {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(rendezvousFile(dir), 'utf8'));
  } catch {
    return undefined;
  }
  const { socket, token } = (value ?? {}) as Record<string, unknown>;
  return typeof socket === 'string' && socket !== '' && typeof token === 'string' && token !== '' ? { socket, token } : undefined;
}

/**
 * The arguments that run the helper, after the Node (or Electron with
 * ELECTRON_RUN_AS_NODE=1) executable. Agents store them in their config: no secret here.
 */
export function keyHelperArgs(script: string, dir: string, providerId: string): string[] {
  return [script, '--dir', dir, providerId];
}
