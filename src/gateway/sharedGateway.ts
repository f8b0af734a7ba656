/**
 * One gateway per machine, shared by every VS Code window: agents are written with one port,
 * and must keep working whichever window closes. The first window serves on the port; the
 * others stand by, holding the serving gateway's standby feed open (which also brings them
 * its usage records). When the feed closes, because that window closed, reloaded or crashed,
 * a stand-by window takes the same port over, so agents never point at a dead port.
 * Pure Node, like the key helper's stand-by/take-over.
 */
import type { Gateway } from './server';
import { Feed, openFeed } from './standbyClient';
import type { UsageRecord } from './usage';

export interface SharedGatewayOptions {
  /** The port agents are written with; 0 when there is none yet (any free port). */
  readonly port: number;
  /** The windows' token (never the agents'), presented to the serving window's standby feed. */
  windowToken(): Promise<string>;
  /** A gateway for this window, not started, for `port` (0 = any). */
  create(port: number): Gateway;
  /** While standing by: the serving window's records so far (replacing what this window holds), then each new one. */
  onHistory?(records: UsageRecord[]): void;
  onRecord?(record: UsageRecord): void;
  /** After each change between serving and standing by, or of port. */
  onChange?(state: SharedGatewayState): void;
  log?(line: string): void;
  /** How long a port may take to say who it is (default 2 s). */
  readonly probeTimeoutMs?: number;
}

export interface SharedGatewayState {
  readonly port: number;
  /** True when this window's own gateway listens; false while another window's does. */
  readonly serving: boolean;
}

export interface SharedGateway extends SharedGatewayState {
  /** http://127.0.0.1:<port>: where agents and chat send requests, whichever window serves. */
  readonly origin: string;
  /** Settles once a take-over in progress has finished (for tests and orderly shutdown). */
  settled(): Promise<void>;
  close(options?: { graceMs?: number }): Promise<void>;
}

/** Serves on `options.port`, or stands by on the gateway another window serves there. */
export async function joinSharedGateway(options: SharedGatewayOptions): Promise<SharedGateway> {
  const shared = new Shared(options);
  await shared.begin();
  return shared;
}

type Held = { readonly serving: true; readonly port: number; readonly gateway: Gateway } | { readonly serving: false; readonly port: number; readonly feed: Feed };

const maxAttempts = 5;

class Shared implements SharedGateway {
  private held: Held | undefined;
  private closed = false;
  private busy: Promise<void> = Promise.resolve();

  constructor(private readonly options: SharedGatewayOptions) {}

  begin(): Promise<void> {
    this.busy = this.acquire(this.options.port);
    return this.busy;
  }

  get port(): number {
    return this.held?.port ?? this.options.port;
  }

  get serving(): boolean {
    return this.held?.serving ?? false;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  settled(): Promise<void> {
    return this.busy;
  }

  async close({ graceMs = 0 } = {}): Promise<void> {
    this.closed = true;
    await this.busy.catch(() => undefined);
    const held = this.held;
    this.held = undefined;
    if (held?.serving) await held.gateway.stop({ graceMs });
    else held?.feed.cancel();
  }

  private log(line: string): void {
    this.options.log?.(`[gateway] ${line}`);
  }

  /** Bounded: a few tries at the port, then any free port rather than none. */
  private async acquire(wanted: number): Promise<void> {
    for (let attempt = 1; attempt <= maxAttempts && !this.closed; attempt++) {
      if (wanted !== 0) {
        const found = await openFeed(wanted, await this.options.windowToken(), this.options.probeTimeoutMs ?? 2000, this.options);
        if (found === 'retry') {
          await new Promise((r) => setTimeout(r, 25 * attempt));
          continue;
        }
        if (found instanceof Feed) return this.standBy(wanted, found);
        if (found === 'foreign') {
          this.log(`port ${wanted} is used by something other than this machine's Switchboard gateway; agents routed through the gateway are re-pointed on the next pick`);
          return this.serve(0);
        }
      }
      const gateway = this.options.create(wanted);
      const { port, fellBack } = await gateway.start();
      if (!fellBack) return this.keep({ serving: true, port, gateway });
      // Lost a race for the port: the winner may be another window, so look again.
      await gateway.stop();
    }
    if (!this.closed) await this.serve(0);
  }

  private async serve(port: number): Promise<void> {
    const gateway = this.options.create(port);
    const started = await gateway.start();
    this.keep({ serving: true, port: started.port, gateway });
  }

  private standBy(port: number, feed: Feed): void {
    this.keep({ serving: false, port, feed });
    void feed.ended.then(() => {
      if (this.closed || this.held?.serving !== false || this.held.feed !== feed) return;
      this.log(`the window serving the gateway on port ${port} went away; taking the port over`);
      this.busy = this.acquire(port).catch((error: unknown) => this.log(`could not take the gateway over: ${(error as Error).message}`));
    });
  }

  private keep(held: Held): void {
    if (this.closed) {
      // Closed while acquiring: let go of what was just acquired.
      if (held.serving) void held.gateway.stop();
      else held.feed.cancel();
      return;
    }
    this.held = held;
    this.log(held.serving ? `serving on port ${held.port}` : `standing by: another VS Code window serves the gateway on port ${held.port}`);
    this.options.onChange?.({ port: held.port, serving: held.serving });
  }
}
