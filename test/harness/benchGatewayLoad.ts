/**
 * The load side of the gateway benchmark: one HTTP request at a time (latency, time to first
 * token), many at once for a fixed time (throughput), and many streams held open (RSS).
 * Every loop is bounded by a count or a deadline, and every request by a timeout.
 */
import * as http from 'node:http';

/** One thing requests are sent to: the double itself, the floor, the gateway or the peer. */
export interface BenchTarget {
  readonly name: string;
  readonly port: number;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly bodies: { readonly small: Buffer; readonly large: Buffer; readonly claudeCode: Buffer; readonly stream: Buffer; readonly hold: Buffer };
}

export interface Sample {
  /** Until the answer ended. */
  readonly ms: number;
  /** Until the first text delta ("Hello") arrived. */
  readonly firstTokenMs: number | undefined;
  readonly ok: boolean;
}

const requestTimeoutMs = 15_000;
/** The double's first delta: every answer, plain or streamed, contains it. */
const firstDelta = 'Hello';

export function send(target: BenchTarget, body: Buffer, agent: http.Agent): Promise<Sample> {
  return new Promise((resolve) => {
    const started = performance.now();
    let firstTokenMs: number | undefined;
    const req = http.request(
      { host: '127.0.0.1', port: target.port, method: 'POST', path: target.path, agent, headers: { ...target.headers, 'content-type': 'application/json', 'content-length': body.length } },
      (res) => {
        res.on('data', (chunk: Buffer) => {
          if (firstTokenMs === undefined && chunk.includes(firstDelta)) firstTokenMs = performance.now() - started;
        });
        res.on('end', () => resolve({ ms: performance.now() - started, firstTokenMs, ok: res.statusCode === 200 && firstTokenMs !== undefined }));
        res.on('error', () => resolve({ ms: performance.now() - started, firstTokenMs, ok: false }));
      },
    );
    req.setTimeout(requestTimeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ ms: performance.now() - started, firstTokenMs, ok: false }));
    req.end(body);
  });
}

/** `count` requests one after another on one keep-alive connection. */
export async function sequential(target: BenchTarget, body: Buffer, count: number): Promise<Sample[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const out: Sample[] = [];
  try {
    for (let i = 0; i < count; i++) out.push(await send(target, body, agent));
  } finally {
    agent.destroy();
  }
  return out;
}

export interface Throughput {
  readonly completed: number;
  readonly errors: number;
  readonly elapsedMs: number;
}

/** `connections` keep-alive connections sending back to back until `durationMs` has passed. */
export async function throughput(target: BenchTarget, body: Buffer, connections: number, durationMs: number): Promise<Throughput> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const started = performance.now();
  const deadline = started + durationMs;
  let completed = 0;
  let errors = 0;
  try {
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < deadline) {
          const s = await send(target, body, agent);
          if (s.ok) completed++;
          else errors++;
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  return { completed, errors, elapsedMs: performance.now() - started };
}

export interface HeldStreams {
  /** How many have received their first delta. */
  readonly opened: number;
  /** Resolves when every stream has ended; the count that ended with the full answer. */
  readonly ended: Promise<number>;
  close(): void;
}

/** Opens `count` streams at once (one connection each) and resolves when all have their first delta. */
export async function holdStreams(target: BenchTarget, count: number, timeoutMs: number): Promise<HeldStreams> {
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const requests: http.ClientRequest[] = [];
  let opened = 0;
  let complete = 0;
  let onOpened: () => void = () => undefined;
  const ends: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    ends.push(
      new Promise<void>((resolve) => {
        const req = http.request({ host: '127.0.0.1', port: target.port, method: 'POST', path: target.path, agent, headers: { ...target.headers, 'content-type': 'application/json', 'content-length': target.bodies.hold.length } }, (res) => {
          let seen = false;
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            text += c;
            if (!seen && text.includes(firstDelta)) {
              seen = true;
              opened++;
              onOpened();
            }
          });
          res.on('end', () => {
            if (text.includes('double.')) complete++;
            resolve();
          });
          res.on('error', () => resolve());
        });
        req.setTimeout(timeoutMs * 2, () => req.destroy(new Error('timeout')));
        req.on('error', () => resolve());
        req.end(target.bodies.hold);
        requests.push(req);
      }),
    );
  }
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    onOpened = () => {
      if (opened < count) return;
      clearTimeout(timer);
      resolve();
    };
  });
  return {
    get opened() {
      return opened;
    },
    ended: Promise.all(ends).then(() => complete),
    close() {
      for (const r of requests) r.destroy();
      agent.destroy();
    },
  };
}

/** Nearest-rank quantile of unsorted values. */
export function quantileOf(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
