/**
 * Where the server listens. On Windows: a named pipe named after the dir. Elsewhere:
 * dir/keyhelper.sock, unless that path is longer than a Unix socket address allows (about
 * 104 bytes on macOS, 108 on Linux, including the NUL); then a fresh private folder under
 * the temp dir, whose path the server records in keyhelper.json for the helper.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { socketFileName } from './layout';

/** macOS's sun_path is 104 bytes with the NUL; the smaller limit keeps one rule for all. */
export const maxSocketPathBytes = 103;
/** Names the fallback folders, so a later server can tell them apart and clean up stale ones. */
const fallbackPrefix = 'switchboard-kh-';

export interface SocketPlace {
  /** Where clients connect. */
  readonly socket: string;
  /**
   * Where the server binds before renaming the socket into place. Node unlinks the bound path
   * when a server closes; binding elsewhere means a closing window never removes a socket
   * another window has since put at `socket`. The same as `socket` for a pipe.
   */
  readonly bindPath: string;
  /** The private temp folder made for the socket, removed on close; absent when in dir. */
  readonly fallbackDir?: string;
}

export function pipeName(dir: string): string {
  const hash = createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 16);
  return `\\\\.\\pipe\\switchboard-${hash}`;
}

export function fits(socket: string): boolean {
  return Buffer.byteLength(socket) <= maxSocketPathBytes;
}

/** Picks the socket place for a new server; may create a 0700 fallback folder. */
export function placeSocket(dir: string, platform: NodeJS.Platform = process.platform): SocketPlace {
  if (platform === 'win32') {
    const pipe = pipeName(dir);
    return { socket: pipe, bindPath: pipe };
  }
  const suffix = `.${randomBytes(4).toString('hex')}`;
  const inDir = path.join(dir, socketFileName);
  if (fits(inDir + suffix)) return { socket: inDir, bindPath: inDir + suffix };
  // os.tmpdir() is long on macOS (/var/folders/…); /tmp is the short way out.
  for (const base of [os.tmpdir(), '/tmp']) {
    // mkdtemp names are unpredictable and made 0700, so nobody can pre-plant the folder.
    const probe = path.join(base, `${fallbackPrefix}XXXXXX`, socketFileName + suffix);
    if (!fits(probe)) continue;
    const fallbackDir = fs.mkdtempSync(path.join(base, fallbackPrefix));
    fs.chmodSync(fallbackDir, 0o700);
    const socket = path.join(fallbackDir, socketFileName);
    return { socket, bindPath: socket + suffix, fallbackDir };
  }
  throw new Error(`no socket path short enough for ${dir}`);
}

/** The fallback folder holding `socket`, if it is one of ours; for cleaning up after a crashed window. */
export function fallbackDirOf(socket: string): string | undefined {
  const folder = path.dirname(socket);
  const parent = path.dirname(folder);
  const ours = path.basename(folder).startsWith(fallbackPrefix) && path.basename(socket) === socketFileName;
  return ours && (parent === os.tmpdir() || parent === '/tmp') ? folder : undefined;
}
