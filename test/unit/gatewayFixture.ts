/**
 * What the gateway server tests share: a gateway on loopback with the test translator, routes
 * to the upstream doubles, a small HTTP client that can set any Host, read streams chunk by
 * chunk and hang up, and a Chat Completions upstream that holds its streams open until told.
 * Every server started here is closed by the suite's `after`/`afterEach` hooks.
 */
import * as http from 'node:http';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/gateway/server';
import type { GatewayRoute } from '../../src/gateway/route';
import type { ModelSettings } from '../../src/gateway/translator';
import type { UsageRecord } from '../../src/gateway/usage';
import type { ProviderTypeId } from '../../src/providers/providerTypes';
import { translator } from '../../src/gateway/translate';
import { closeWithin, listenOnLoopback, trackSockets } from '../upstreams/loopback';

export const localToken = 'sb-gateway-local-token-3f9a7c1e5b2d';
export const upstreamKeys: Record<string, string> = {
  lab: 'sk-lab-upstream-key-111',
  claude: 'sk-ant-upstream-key-222',
  azure: 'azure-upstream-key-333',
  held: 'sk-held-upstream-key-444',
  other: 'sk-other-upstream-key-555',
};

/** The Bedrock double's sign-ins: AWS's documented example access key pair, and a Bedrock API key. */
export const bedrockCredentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
export const bedrockApiKey = 'ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl';

/** A route to a model on the Bedrock double in `region`, signing in with `auth`; `model` adds settings. */
export function bedrockRoute(baseUrl: string, region: string, auth: NonNullable<GatewayRoute['bedrock']>['auth'], modelId: string, providerId = 'aws', model: Partial<ModelSettings> = {}): GatewayRoute {
  return route(providerId, 'bedrock', baseUrl, modelId, { model: { modelId, optionFamily: 'anthropic', ...model }, bedrock: { region, auth } });
}

/** Polls every 10 ms until `test` holds; rejects after `timeoutMs`. */
export async function waitUntil(test: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function route(providerId: string, providerType: ProviderTypeId, baseUrl: string, modelId: string, extra: Partial<GatewayRoute> = {}): GatewayRoute {
  return {
    ref: `${providerId}/${modelId}`,
    providerId,
    providerType,
    baseUrl,
    headers: {},
    model: { modelId, optionFamily: providerType === 'anthropic' ? 'anthropic' : 'openai' },
    network: { allowInvalidCertificate: false, timeoutMs: 10_000 },
    ...extra,
  };
}

export interface TestGateway {
  readonly gw: Gateway;
  readonly port: number;
  readonly usage: UsageRecord[];
  readonly logs: string[];
}

/** Gateways started by a suite; stopAll() in its after hook. */
export class GatewayPool {
  private readonly running: Gateway[] = [];
  /** Every log line of every gateway, for the "never logs a secret" checks. */
  readonly allLogs: string[] = [];

  async start(options: Partial<GatewayOptions> & Pick<GatewayOptions, 'resolveRoute'>): Promise<TestGateway> {
    const usage: UsageRecord[] = [];
    const logs: string[] = [];
    const gw = createGateway({
      translator,
      token: () => localToken,
      key: async (id) => upstreamKeys[id],
      onUsage: (r) => usage.push(r),
      log: (line) => {
        logs.push(line);
        this.allLogs.push(line);
      },
      ...options,
    });
    this.running.push(gw);
    const { port } = await gw.start();
    return { gw, port, usage, logs };
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.running.splice(0).map((gw) => gw.stop()));
  }
}

export interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
  json(): any;
}

export interface CallInit {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer | object;
  /** Sent as x-api-key unless null; default: the local token. */
  token?: string | null;
  /** Host header; default 127.0.0.1:<port>. */
  host?: string;
}

function requestOptions(port: number, init: CallInit): { options: http.RequestOptions; data: Buffer | undefined } {
  const data = init.body === undefined ? undefined : Buffer.isBuffer(init.body) ? init.body : Buffer.from(typeof init.body === 'string' ? init.body : JSON.stringify(init.body));
  const headers: Record<string, string> = { host: init.host ?? `127.0.0.1:${port}` };
  if (data) headers['content-type'] = 'application/json';
  if (init.token !== null) headers['x-api-key'] = init.token ?? localToken;
  Object.assign(headers, init.headers);
  return { options: { host: '127.0.0.1', port, method: init.method ?? (data ? 'POST' : 'GET'), path: init.path ?? '/', headers, agent: false }, data };
}

/** One request on a fresh connection; resolves with the whole answer. */
export function call(port: number, init: CallInit): Promise<Reply> {
  const { options, data } = requestOptions(port, init);
  return new Promise((resolve, reject) => {
    const req = http.request(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.setTimeout(15_000, () => req.destroy(new Error('test request timed out')));
    req.on('error', reject);
    req.end(data);
  });
}

/** A request whose client side the test controls: `req.destroy()` hangs up. */
export function startCall(port: number, init: CallInit): { req: http.ClientRequest; reply: Promise<Reply | Error> } {
  const { options, data } = requestOptions(port, init);
  let req!: http.ClientRequest;
  const reply = new Promise<Reply | Error>((resolve) => {
    req = http.request(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
      res.on('error', resolve);
    });
    req.on('error', resolve);
    req.end(data);
  });
  return { req, reply };
}

export interface OpenStream {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  /** Everything received so far. */
  text(): string;
  /** Resolves once the received text contains `needle` (rejects after timeoutMs). */
  waitFor(needle: string, timeoutMs?: number): Promise<string>;
  /** Resolves with all the text when the answer ends (or the connection closes). */
  readonly ended: Promise<string>;
  /** Hangs up. */
  abort(): void;
}

/** Opens a streaming request and returns once the status line has arrived. */
export function openStream(port: number, init: CallInit): Promise<OpenStream> {
  const { options, data } = requestOptions(port, init);
  return new Promise((resolve, reject) => {
    const req = http.request(options, (res) => {
      let received = '';
      const waiters = new Set<() => void>();
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        received += c;
        for (const w of [...waiters]) w();
      });
      const ended = new Promise<string>((done) => {
        res.on('end', () => done(received));
        res.on('close', () => done(received));
        res.on('error', () => done(received));
      });
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        text: () => received,
        ended,
        abort: () => req.destroy(),
        waitFor(needle, timeoutMs = 5000) {
          return new Promise((ok, fail) => {
            const check = () => {
              if (!received.includes(needle)) return;
              waiters.delete(check);
              clearTimeout(timer);
              ok(received);
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`no ${JSON.stringify(needle)} within ${timeoutMs} ms; got ${JSON.stringify(received.slice(0, 500))}`));
            }, timeoutMs);
            waiters.add(check);
            check();
          });
        },
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

export const anthropicBody = (model: string, stream = false, text = 'Say hi') => ({ model, max_tokens: 64, stream, messages: [{ role: 'user', content: text }] });
export const chatBody = (model: string, stream = false, text = 'Say hi') => ({ model, stream, messages: [{ role: 'user', content: text }] });

export interface HeldRequest {
  readonly headers: http.IncomingHttpHeaders;
  readonly body: any;
  /** The client (the gateway) hung up before the answer ended. */
  aborted: boolean;
}

export interface HeldUpstream {
  readonly url: string;
  readonly requests: HeldRequest[];
  /** Ends every held stream, and later ones at once. */
  release(): void;
  /** Resolves when `n` requests arrived (rejects after timeoutMs). */
  waitRequests(n: number, timeoutMs?: number): Promise<void>;
  /** Resolves when `n` requests were aborted by the gateway (rejects after timeoutMs). */
  waitAborted(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const chatChunk = (model: string, delta: object, finish: string | null = null) => `data: ${JSON.stringify({ id: 'chatcmpl-held', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

/** A user message that makes the held upstream send nothing, not even headers, until release(). */
export const holdHeaders = 'hold the headers';

/**
 * Chat Completions upstream whose streams send the role and "first " at once, then wait for
 * release() before "second", the finish chunk, a usage chunk and [DONE]. Non-streamed
 * requests are answered at once.
 */
export async function startHeldUpstream(): Promise<HeldUpstream> {
  const requests: HeldRequest[] = [];
  let released = false;
  const releasers = new Set<() => void>();
  const changed = new Set<() => void>();
  const notify = () => {
    for (const c of [...changed]) c();
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      const record: HeldRequest = { headers: req.headers, body, aborted: false };
      requests.push(record);
      res.on('close', () => {
        if (!res.writableFinished) {
          record.aborted = true;
          notify();
        }
      });
      notify();
      const model = String(body.model);
      if (body.messages?.[0]?.content === holdHeaders && !released) {
        // Says nothing at all until release().
        const later = () => {
          releasers.delete(later);
          if (!res.destroyed) res.writeHead(200, { 'content-type': 'application/json' }).end('{"choices":[]}');
        };
        releasers.add(later);
        return;
      }
      if (!body.stream) {
        const data = JSON.stringify({ id: 'chatcmpl-held', object: 'chat.completion', created: 1, model, choices: [{ index: 0, message: { role: 'assistant', content: 'first second' }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) });
        res.end(data);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chatChunk(model, { role: 'assistant', content: '' }) + chatChunk(model, { content: 'first ' }));
      const finish = () => {
        releasers.delete(finish);
        if (res.destroyed) return;
        res.write(chatChunk(model, { content: 'second' }));
        res.write(chatChunk(model, {}, 'stop'));
        res.write(`data: ${JSON.stringify({ id: 'chatcmpl-held', object: 'chat.completion.chunk', created: 1, model, choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } })}\n\n`);
        res.end('data: [DONE]\n\n');
      };
      if (released) finish();
      else releasers.add(finish);
    });
  });
  const sockets = trackSockets(server);
  const port = await listenOnLoopback(server);
  const waitUntil = (test: () => boolean, what: string, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!test()) return;
        changed.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        changed.delete(check);
        reject(new Error(`${what} within ${timeoutMs} ms (requests ${requests.length}, aborted ${requests.filter((r) => r.aborted).length})`));
      }, timeoutMs);
      changed.add(check);
      check();
    });
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    release() {
      released = true;
      for (const r of [...releasers]) r();
    },
    waitRequests: (n, timeoutMs = 5000) => waitUntil(() => requests.length >= n, `no ${n} requests`, timeoutMs),
    waitAborted: (n, timeoutMs = 5000) => waitUntil(() => requests.filter((r) => r.aborted).length >= n, `no ${n} aborted requests`, timeoutMs),
    close: () => closeWithin(server, sockets),
  };
}

export interface FloodUpstream {
  readonly url: string;
  /** Bytes written to the gateway so far (each write waited for 'drain' when the socket was full). */
  written(): number;
  /** True once all `totalBytes` were written and the answer ended. */
  done(): boolean;
  close(): Promise<void>;
}

/**
 * Chat Completions upstream that streams `totalBytes` of 64 KB content deltas as fast as the
 * gateway takes them, honouring backpressure itself: a slow reader downstream shows up here as
 * writes that wait.
 */
export async function startFloodUpstream(totalBytes: number): Promise<FloodUpstream> {
  let written = 0;
  let finished = false;
  const piece = 'x'.repeat(64 * 1024);
  const frame = chatChunk('flood', { content: piece });
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const pump = () => {
        while (written < totalBytes) {
          written += frame.length;
          if (!res.write(frame)) {
            res.once('drain', pump);
            return;
          }
        }
        finished = true;
        res.end('data: [DONE]\n\n');
      };
      pump();
    });
  });
  const sockets = trackSockets(server);
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    written: () => written,
    done: () => finished,
    close: () => closeWithin(server, sockets),
  };
}
