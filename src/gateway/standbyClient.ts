/**
 * The stand-by window's side of the shared gateway: asks who listens on a port and, when it is
 * this machine's Switchboard gateway holding our token, keeps its standby feed open, handing
 * on the usage records it carries. The feed's end is the cue to take the port over.
 */
import * as http from 'node:http';
import { standbyHello, standbyPath, usageRecordLine } from './standbyFeed';
import type { UsageRecord } from './usage';

const maxLineBytes = 1024 * 1024;

export interface FeedSink {
  /** The serving window's records so far, replacing what this window holds. */
  onHistory?(records: UsageRecord[]): void;
  /** Each new record after that. */
  onRecord?(record: UsageRecord): void;
}

/** A held standby feed from the window that serves. */
export class Feed {
  readonly ended: Promise<void>;
  private end!: () => void;

  constructor(private readonly request: http.ClientRequest) {
    this.ended = new Promise((resolve) => (this.end = resolve));
  }

  finish(): void {
    this.end();
  }

  cancel(): void {
    this.request.destroy();
    this.end();
  }
}

type Probe = Feed | 'free' | 'foreign' | 'retry';

/**
 * Asks who listens on the port: nothing ('free'), this machine's Switchboard gateway holding
 * our token (a live Feed), a gateway that is stopping or a connection cut short ('retry'), or
 * anything else ('foreign', which is never taken over).
 */
export function openFeed(port: number, token: string, timeoutMs: number, sink: FeedSink): Promise<Probe> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (probe: Probe) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!(probe instanceof Feed)) request.destroy();
      resolve(probe);
    };
    const request = http.request({ host: '127.0.0.1', port, path: standbyPath, method: 'GET', headers: { 'x-api-key': token }, agent: false });
    const feed = new Feed(request);
    const timer = setTimeout(() => settle('foreign'), timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (!settled) settle(error.code === 'ECONNREFUSED' ? 'free' : error.code === 'ECONNRESET' ? 'retry' : 'foreign');
      feed.finish();
    });
    request.on('response', (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return settle(res.statusCode === 503 ? 'retry' : 'foreign');
      }
      res.setEncoding('utf8');
      let buffer = '';
      let historyLeft = -1;
      const history: UsageRecord[] = [];
      const line = (text: string) => {
        if (!settled) {
          const hello = parseJson(text, standbyHello);
          if (!hello) return settle('foreign');
          historyLeft = hello.history;
          settle(feed);
        } else {
          const record = parseJson(text, usageRecordLine) as UsageRecord | undefined;
          if (historyLeft > 0) {
            if (record) history.push(record);
            historyLeft--;
          } else if (record) sink.onRecord?.(record);
        }
        if (historyLeft === 0) {
          historyLeft = -1;
          sink.onHistory?.(history.splice(0));
        }
      };
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
          line(buffer.slice(0, nl));
          buffer = buffer.slice(nl + 1);
        }
        // A line that never ends is not a feed we understand.
        if (buffer.length > maxLineBytes) {
          settle('foreign');
          feed.cancel();
        }
      });
      res.on('close', () => {
        if (!settled) settle('retry');
        feed.finish();
      });
    });
    request.end();
  });
}

function parseJson<T>(text: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
