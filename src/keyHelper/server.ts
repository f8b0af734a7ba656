/**
 * The extension's end of the key helper: a local socket that answers "the key for provider
 * X" to callers that can read the 0600 token file. Several VS Code windows share one
 * storage dir; exactly one serves, the others stand by and take over when it goes.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { handleConnection, type ConnectionContext } from './connection';
import { limits as defaultLimits, readRendezvous, rendezvousFile, socketFileName } from './layout';
import { ensurePrivateDir, probe, removeRendezvousIfOurs, socketIdentity, withTakeOverLock, writeCurlConfig, writeRendezvous } from './serverFiles';
import { fallbackDirOf, fits, pipeName, placeSocket, type SocketPlace } from './socketPath';

export interface KeyServerOptions {
  /** The extension's storage dir; the helper is run with `--dir` set to the same path. */
  readonly dir: string;
  /** The key for a provider id, or undefined when it has none. Called once per request. */
  readonly lookup: (providerId: string) => Promise<string | undefined>;
  /** Receives provider ids and outcomes, never keys or tokens. */
  readonly log?: (line: string) => void;
  /** Tighter limits, for tests. */
  readonly limits?: Partial<ConnectionContext['limits']>;
}

export interface KeyServer {
  /** True while this window answers key requests; false while another window does, or serving failed. */
  readonly serving: boolean;
  /** The socket this window listens on, or the one the serving window published; undefined if none is known. */
  readonly socketPath: string | undefined;
  /** keyhelper.json in dir (0600): the socket path and the token, rewritten by whichever window starts serving. */
  readonly tokenFile: string;
  /** Why this window does not serve, in words for the log; undefined while serving. */
  readonly standbyReason: string | undefined;
  /**
   * Serves if no live window does (the serving one closed or crashed), or if this window's
   * socket or token file was removed under it. Cheap when nothing changed (one small file
   * read, or one connect while standing by): call it before each switch. Never rejects.
   */
  ensureServing(): Promise<boolean>;
  /** Stops serving: closes the socket and open connections, removes the files that are still ours. Idempotent. */
  close(): Promise<void>;
}

/** Serves keys for `dir` unless another window already does; see KeyServer.serving. */
export async function startKeyServer(options: KeyServerOptions): Promise<KeyServer> {
  const server = new KeyServerHandle(options);
  await server.ensureServing();
  return server;
}

interface Active {
  readonly server: net.Server;
  readonly sockets: Set<net.Socket>;
  readonly place: SocketPlace;
  readonly token: string;
  /** The socket file's inode (Unix); undefined for a pipe. */
  readonly identity: number | undefined;
}

class KeyServerHandle implements KeyServer {
  readonly tokenFile: string;
  private active: Active | undefined;
  private standby: { socket: string | undefined; reason: string } | undefined;
  private pending: Promise<boolean> | undefined;
  private closed = false;
  /** While standing by: a held connection to the serving window, closed when it goes. */
  private watch: net.Socket | undefined;
  private quickWatchCloses = 0;
  private readonly log: (line: string) => void;
  private readonly limits: ConnectionContext['limits'];

  constructor(private readonly options: KeyServerOptions) {
    this.tokenFile = rendezvousFile(options.dir);
    this.log = options.log ?? (() => {});
    this.limits = { ...defaultLimits, ...options.limits };
  }

  get serving(): boolean {
    return this.active !== undefined;
  }

  get socketPath(): string | undefined {
    return this.active?.place.socket ?? this.standby?.socket;
  }

  get standbyReason(): string | undefined {
    return this.active ? undefined : (this.standby?.reason ?? 'closed');
  }

  ensureServing(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    // One check at a time: two overlapping calls must not both take over.
    this.pending ??= this.check().finally(() => (this.pending = undefined));
    return this.pending;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.watch?.destroy();
    this.watch = undefined;
    await this.pending;
    await this.stop();
    this.standby = { socket: undefined, reason: 'closed' };
  }

  private async check(): Promise<boolean> {
    if (this.active) {
      if (this.stillOurs(this.active)) return true;
      this.log('key server: its socket or token file changed under it; checking again');
      await this.stop();
    }
    try {
      ensurePrivateDir(this.options.dir);
      const served = await withTakeOverLock(this.options.dir, () => this.takeOver());
      if (served === undefined) this.standBy(undefined, 'another window is starting its key server');
      return served ?? false;
    } catch (error) {
      this.standBy(undefined, `could not start: ${(error as Error).message}`);
      return false;
    }
  }

  private stillOurs(active: Active): boolean {
    const published = readRendezvous(this.options.dir);
    return published?.token === active.token && published.socket === active.place.socket && socketIdentity(active.place.socket) === active.identity;
  }

  /** Runs under the take-over lock. */
  private async takeOver(): Promise<boolean> {
    const { dir } = this.options;
    const published = readRendezvous(dir)?.socket ?? (process.platform === 'win32' ? pipeName(dir) : path.join(dir, socketFileName));
    // A socket path too long to bind was never bound: nothing can be listening there.
    const state = process.platform === 'win32' || fits(published) ? await probe(published) : 'free';
    if (state === 'served') {
      this.standBy(published, 'another VS Code window serves keys for this storage folder');
      this.watchServing(published);
      return false;
    }
    if (state !== 'free') {
      this.standBy(published, `the key socket is in an unknown state (${state.unknown}); not taking it over`);
      return false;
    }
    // What a crashed window left behind.
    if (process.platform !== 'win32') fs.rmSync(published, { force: true });
    const staleFallback = fallbackDirOf(published);
    if (staleFallback) fs.rmSync(staleFallback, { recursive: true, force: true });

    const place = placeSocket(dir);
    const token = randomBytes(32).toString('hex');
    const sockets = new Set<net.Socket>();
    const context: ConnectionContext = { token, lookup: this.options.lookup, log: this.log, limits: this.limits };
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      handleConnection(socket, context);
    });
    server.maxConnections = 64;
    let identity: number | undefined;
    try {
      await listen(server, place.bindPath);
      if (process.platform !== 'win32') {
        // 0600 before it is reachable at its public path.
        fs.chmodSync(place.bindPath, 0o600);
        fs.renameSync(place.bindPath, place.socket);
        identity = socketIdentity(place.socket);
      }
      writeRendezvous(dir, { socket: place.socket, token });
      const curlProblem = writeCurlConfig(dir, { socket: place.socket, token });
      if (curlProblem) this.log(`key server: agents' launcher will start Node for each key (no curl config: ${curlProblem})`);
    } catch (error) {
      server.close();
      if (place.fallbackDir) fs.rmSync(place.fallbackDir, { recursive: true, force: true });
      throw error;
    }
    server.on('error', (error) => this.log(`key server error: ${error.message}`));
    this.watch?.destroy();
    this.watch = undefined;
    this.active = { server, sockets, place, token, identity };
    this.standby = undefined;
    this.log(`key server: serving on ${place.socket}`);
    return true;
  }

  /**
   * Holds a watch on the serving window's socket: when that window closes, reloads or dies,
   * the connection closes and this window takes over at once, so agents' key requests keep
   * being answered without waiting for the next switch.
   */
  private watchServing(socket: string): void {
    const published = readRendezvous(this.options.dir);
    if (!published || published.socket !== socket) return;
    this.watch?.destroy();
    const opened = Date.now();
    const connection = net.createConnection(socket);
    this.watch = connection;
    connection.on('connect', () => connection.write(JSON.stringify({ token: published.token, watch: true }) + '\n'));
    connection.on('error', () => undefined);
    connection.on('close', () => {
      if (this.watch !== connection || this.closed) return;
      this.watch = undefined;
      // A watch refused at once (a window running an older Switchboard) must not loop.
      this.quickWatchCloses = Date.now() - opened < 1000 ? this.quickWatchCloses + 1 : 0;
      if (this.quickWatchCloses > 3) return this.log('key server: the serving window does not accept a watch; checking again before each switch');
      this.log('key server: the serving window went away; checking whether to take over');
      void this.ensureServing();
    });
  }

  private standBy(socket: string | undefined, reason: string): void {
    this.standby = { socket, reason };
    this.log(`key server: standing by: ${reason}`);
  }

  private async stop(): Promise<void> {
    const active = this.active;
    if (!active) return;
    this.active = undefined;
    for (const socket of active.sockets) socket.destroy();
    await new Promise<void>((resolve) => active.server.close(() => resolve()));
    // Only our own socket file: another window may have put its own at the same path.
    if (active.identity !== undefined && socketIdentity(active.place.socket) === active.identity) fs.rmSync(active.place.socket, { force: true });
    removeRendezvousIfOurs(this.options.dir, active.token);
    if (active.place.fallbackDir) fs.rmSync(active.place.fallbackDir, { recursive: true, force: true });
    this.log('key server: stopped');
  }
}

function listen(server: net.Server, socket: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
}
