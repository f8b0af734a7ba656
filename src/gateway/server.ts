/**
 * The local gateway: an HTTP server on 127.0.0.1 that agents call with a local token, routed
 * per agent to a provider's model, translated between wire formats, with the real key added
 * on the way out. Pure Node; the extension supplies routes, keys, the token and the model list
 * as callbacks read per request, so a pick in the status bar changes the next request at once.
 *
 *   const gw = createGateway({ translator, token, key, resolveRoute, … });
 *   const { port } = await gw.start();   // idempotent; falls back to a free port if taken
 *   …  POST http://127.0.0.1:<port>/a/claude-code/anthropic/v1/messages
 *   await gw.stop();
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod';
import { hostCheck, missingToken, presentedTokens, queryTokens, refuseByHeaders, tokenMatcher, wrongToken, type Refusal } from './auth';
import { defaultMaxBodyBytes, readJsonBody } from './body';
import { DispatcherCache } from './dispatchers';
import { countTokensBody, geminiCallFields, geminiModelsBody } from './geminiPaths';
import { RequestControl, type ForwardOutcome } from './failure';
import { forward } from './forward';
import { modelListBody, promptText, sendError, sendJson } from './respond';
import type { GatewayModelEntry, GatewayRoute } from './route';
import { LogThrottle } from './logThrottle';
import { knownPaths, parsePath } from './routes';
import type { AwsCredentials } from './sigv4';
import { StandbyFeed, standbyPath } from './standbyFeed';
import type { GatewayProtocol, Translator, UpstreamProtocol } from './translator';
import { prepareRoute } from './upstream';
import type { UsageRecord } from './usage';

export interface GatewayOptions {
  /** 0 picks a free port; a taken port falls back to a free one (start() says which). */
  readonly port?: number;
  readonly translator: Translator;
  /** The local token agents present; read per request, so a rotation applies at once. */
  token(): string | undefined | Promise<string | undefined>;
  /** The provider's key, read from SecretStorage when a request needs it; undefined for none. For Bedrock: the API key or the secret access key. */
  key(providerId: string): Promise<string | undefined>;
  /**
   * The upstream refused the key `key(providerId)` gave (a 401, see refusesKey): a key kept from
   * a key command may be stale. The request is not replayed; the next one asks key() again.
   */
  keyRejected?(providerId: string): void;
  /** A Bedrock provider's AWS profile credentials, resolved (and cached) by the extension host. */
  awsCredentials?(providerId: string): Promise<AwsCredentials | undefined>;
  /** The agent's assigned model, else the active one; called once per request, at its start. */
  resolveRoute(agentId: string | undefined): GatewayRoute | undefined;
  /** A route for a `providerId/modelId` the client named as its model, when that is a known ref. */
  routeForRef?(ref: string, agentId: string | undefined): GatewayRoute | undefined;
  /** What /v1/models lists. */
  models?(): readonly GatewayModelEntry[];
  onUsage?(record: UsageRecord): void;
  /** The records so far, sent to a VS Code window that starts standing by on this gateway. */
  usageHistory?(): readonly UsageRecord[];
  /** The token VS Code windows present for the standby feed; agents never hold it. No feed without it. */
  windowToken?(): string | undefined;
  /** Put the last user message's text in usage records (off by default). */
  readonly recordPrompts?: boolean | (() => boolean);
  /** One line per event; never receives keys, tokens or prompt text. */
  log?(message: string): void;
  /** Largest request body, decompressed (default 32 MB). */
  readonly maxBodyBytes?: number;
}

export interface GatewayStarted {
  readonly port: number;
  /** The port asked for was taken, so the OS picked this one. */
  readonly fellBack: boolean;
}

export interface Gateway {
  /** Starts listening (once; later calls return the same answer). */
  start(): Promise<GatewayStarted>;
  /** Stops listening, ends in-flight requests (after up to `graceMs`) and closes upstream connections. */
  stop(options?: { graceMs?: number }): Promise<void>;
  readonly port: number | undefined;
  /** http://127.0.0.1:<port> while listening. */
  readonly url: string | undefined;
  /** Requests being answered now. */
  readonly inFlight: number;
  /** The listening socket's address (always 127.0.0.1) while listening. */
  address(): AddressInfo | undefined;
}

const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', 'Expected a function.');
const optionsSchema = z.object({
  port: z.int().min(0).max(65535).optional(),
  translator: z.object({ translateRequest: fn, translateResponse: fn, createStreamTranslator: fn, errorBody: fn, upstreamError: fn }),
  token: fn,
  key: fn,
  keyRejected: fn.optional(),
  awsCredentials: fn.optional(),
  resolveRoute: fn,
  routeForRef: fn.optional(),
  models: fn.optional(),
  onUsage: fn.optional(),
  usageHistory: fn.optional(),
  windowToken: fn.optional(),
  recordPrompts: z.union([z.boolean(), fn]).optional(),
  log: fn.optional(),
  maxBodyBytes: z.int().min(1024).max(1024 * 1024 * 1024).optional(),
});

interface Exchange {
  readonly control: RequestControl;
  readonly done: Promise<void>;
}

function hasBody(req: http.IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError).once('listening', onListening);
    server.listen({ port, host: '127.0.0.1', exclusive: true });
  });
}

export function createGateway(options: GatewayOptions): Gateway {
  const checked = optionsSchema.safeParse(options);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new Error(`Gateway options: ${issue.path.join('.') || 'options'}: ${issue.message}`);
  }
  const { translator } = options;
  const log = (message: string) => options.log?.(`[gateway] ${message}`);
  const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes;
  const matches = tokenMatcher();
  const matchesWindow = tokenMatcher();
  const exchanges = new Set<Exchange>();
  const turnedAway = new LogThrottle(60_000);
  const standby = new StandbyFeed();
  let dispatchers = new DispatcherCache();
  let server: http.Server | undefined;
  let starting: Promise<GatewayStarted> | undefined;
  let port: number | undefined;
  let hostOk: (host: string | undefined) => boolean = () => false;
  let stopping = false;

  const keyRejected = (providerId: string) => {
    try {
      options.keyRejected?.(providerId);
    } catch (error) {
      log(`key refusal callback failed: ${(error as Error)?.name ?? 'error'}`);
    }
  };

  const record = (r: UsageRecord) => {
    try {
      options.onUsage?.(r);
    } catch (error) {
      log(`usage callback failed: ${(error as Error).message}`);
    }
    standby.broadcast(r);
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, control: RequestControl): Promise<void> {
    const start = performance.now();
    const time = Date.now();
    const match = parsePath(req.url ?? '/');
    const client: GatewayProtocol = match.protocol;
    let ref: string | undefined;
    let upstream: UpstreamProtocol | undefined;
    let prompt: string | undefined;
    const finish = (o: ForwardOutcome) => {
      const end = performance.now();
      record({
        time,
        agentId: match.agentId,
        ref,
        clientProtocol: client,
        upstreamProtocol: upstream,
        status: o.status,
        stream: o.stream,
        inputTokens: o.inputTokens,
        outputTokens: o.outputTokens,
        latencyMs: end - start,
        firstTokenMs: o.firstByteAt === undefined ? undefined : o.firstByteAt - start,
        ...(prompt !== undefined ? { prompt } : {}),
      });
      if (o.failure) log(`${req.method} ${match.ok ? match.endpoint : 'unknown path'}${match.agentId ? ` for ${match.agentId}` : ''}${ref ? ` → ${ref}` : ''}: ${o.status} (${o.failure})`);
    };
    // A refusal before the body was read closes the connection, so an unread body (up to any
    // size, from anyone) is never read just to be thrown away.
    let bodyRead = false;
    const refuse = (status: number, message: string, failure: string, closeConnection = !bodyRead && hasBody(req)) => {
      sendError(res, translator, client, status, message, closeConnection ? { connection: 'close' } : undefined);
      finish({ status, stream: false, failure });
    };
    // Before the token is checked, anyone (any web page) can call: such a refusal is not an
    // agent's usage (it would push real records out of the history), and is logged sparingly.
    // No body is read by then, so one sent is never read: the connection closes.
    const turnAway = (status: number, message: string, failure: string) => {
      sendError(res, translator, client, status, message, hasBody(req) ? { connection: 'close' } : undefined);
      if (turnedAway.due(failure)) log(`${req.method} ${match.ok ? match.endpoint : 'unknown path'}${match.agentId ? ` for ${match.agentId}` : ''}: ${status} (${failure}; such refusals are logged once a minute)`);
    };

    const refusal: Refusal | undefined = refuseByHeaders(req.headers, hostOk);
    if (refusal) return turnAway(refusal.status, refusal.message, refusal.message.includes('Origin') ? 'browser Origin' : 'foreign Host');
    const presented = presentedTokens(req.headers);
    // Other VS Code windows, with the windows' token: the feed carries every agent's usage.
    if (!match.ok && (req.url ?? '').split('?')[0] === standbyPath) {
      if (!matchesWindow(presented, options.windowToken?.())) return turnAway(wrongToken.status, 'The standby feed is for Switchboard’s own VS Code windows.', 'wrong window token');
      if (req.method !== 'GET') return refuse(405, 'Use GET for the standby feed.', 'wrong method');
      if (stopping) return refuse(503, 'The Switchboard gateway is stopping.', 'stopping');
      log('a VS Code window stands by on this gateway');
      return standby.open(res, options.usageHistory?.() ?? []);
    }
    if (client === 'gemini') presented.push(...queryTokens(req.url));
    if (presented.length === 0) return turnAway(missingToken.status, missingToken.message, 'no token');
    const current = options.token();
    const expected = typeof current === 'string' || current === undefined ? current : await current;
    if (!matches(presented, expected)) return turnAway(wrongToken.status, wrongToken.message, 'wrong token');
    if (!match.ok) {
      const path = (req.url ?? '/').split('?')[0].slice(0, 200);
      return refuse(404, `The gateway has no endpoint ${req.method} ${path}. It serves ${knownPaths.join(', ')}, each also under /a/<agentId>.`, 'unknown path');
    }
    if (match.endpoint === 'models') {
      if (req.method !== 'GET') return refuse(405, `Use GET for the model list.`, 'wrong method');
      sendJson(res, 200, client === 'gemini' ? geminiModelsBody(match.gemini, options.models?.() ?? []) : modelListBody(client, options.models?.() ?? []));
      return finish({ status: 200, stream: false });
    }
    if (req.method !== 'POST') return refuse(405, `Use POST for ${req.url?.split('?')[0]}.`, 'wrong method');
    if (stopping) return refuse(503, 'The Switchboard gateway is stopping.', 'stopping');
    // Resolved once, now: a pick made while this request runs applies to the next one.
    let route = options.resolveRoute(match.agentId);
    const body = await readJsonBody(req, maxBodyBytes);
    bodyRead = body !== 'aborted' && (body.ok || !body.closeConnection);
    if (body === 'aborted' || control.kind === 'client') return finish({ status: 499, stream: false, failure: 'client went away' });
    if (!body.ok) return refuse(body.status, body.message, 'bad request body', body.closeConnection);
    const value = body.value as Record<string, unknown>;
    if (match.endpoint === 'count-tokens') {
      sendJson(res, 200, countTokensBody(value));
      return finish({ status: 200, stream: false });
    }
    // Gemini names the model and streaming in the path; the translator reads them from the body.
    if (client === 'gemini') Object.assign(value, geminiCallFields(match.gemini));
    // A function is read per request, so turning the setting off stops recording at once.
    if (typeof options.recordPrompts === 'function' ? options.recordPrompts() : options.recordPrompts) prompt = promptText(client, value);
    const named = value.model;
    if (options.routeForRef && typeof named === 'string' && named.includes('/')) route = options.routeForRef(named, match.agentId) ?? route;
    if (!route) {
      const who = match.agentId ? `the agent ${match.agentId}` : 'requests without an agent';
      return refuse(400, `No model is selected for ${who}. Pick one in Switchboard (status bar or the agent's assignment).`, 'no route');
    }
    ref = route.ref;
    const prepared = prepareRoute(route);
    if (!prepared.ok) return refuse(prepared.status, prepared.message, 'route not usable');
    upstream = prepared.protocol;
    const outcome = await forward({ translator, dispatchers, key: options.key, ...(options.awsCredentials ? { awsCredentials: options.awsCredentials } : {}) }, req, res, control, client, prepared, value, body.ascii);
    if (outcome.keyRefused) keyRejected(route.providerId);
    finish(outcome);
  }

  function onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const control = new RequestControl();
    res.once('close', () => {
      if (!res.writableFinished) control.abort('client');
    });
    let exchange!: Exchange;
    const done = handle(req, res, control)
      .catch((error: unknown) => {
        log(`request failed inside the gateway: ${(error as Error)?.name ?? 'error'}`);
        if (!res.headersSent) sendError(res, translator, parsePath(req.url ?? '/').protocol, 500, 'The Switchboard gateway failed on this request; see the Switchboard log.');
        else res.destroy();
      })
      .finally(() => exchanges.delete(exchange));
    exchange = { control, done };
    exchanges.add(exchange);
  }

  async function startOnce(): Promise<GatewayStarted> {
    stopping = false;
    const s = http.createServer({ requireHostHeader: false, keepAliveTimeout: 30_000, noDelay: true }, onRequest);
    s.on('clientError', (_error, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      else socket.destroy();
    });
    const wanted = options.port ?? 0;
    let fellBack = false;
    let bound: number;
    try {
      bound = await listen(s, wanted);
    } catch (error) {
      if (wanted === 0 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      bound = await listen(s, 0);
      fellBack = true;
      log(`port ${wanted} is taken; listening on ${bound} instead`);
    }
    server = s;
    port = bound;
    hostOk = hostCheck(bound);
    log(`listening on 127.0.0.1:${bound}`);
    return { port: bound, fellBack };
  }

  return {
    start() {
      starting ??= startOnce().catch((error: unknown) => {
        starting = undefined;
        throw error;
      });
      return starting;
    },
    async stop({ graceMs = 0 } = {}) {
      if (starting) await starting.catch(() => undefined);
      const s = server;
      if (!s) return;
      stopping = true;
      server = undefined;
      starting = undefined;
      const closed = new Promise<void>((resolve) => s.close(() => resolve()));
      // The port is free now: windows standing by may take it over at once.
      standby.closeAll();
      s.closeIdleConnections();
      const all = () => Promise.all([...exchanges].map((e) => e.done));
      if (graceMs > 0 && exchanges.size > 0) await Promise.race([all(), new Promise((r) => setTimeout(r, graceMs).unref())]);
      for (const e of exchanges) e.control.abort('stop');
      // Each aborted request ends its answer (an error, or a stream's error event) promptly.
      await Promise.race([all(), new Promise((r) => setTimeout(r, 2000).unref())]);
      s.closeAllConnections();
      await closed;
      const old = dispatchers;
      dispatchers = new DispatcherCache();
      await old.closeAll(true);
      log(`stopped (port ${port})`);
      port = undefined;
      hostOk = () => false;
    },
    get port() {
      return port;
    },
    get url() {
      return port === undefined ? undefined : `http://127.0.0.1:${port}`;
    },
    get inFlight() {
      return exchanges.size;
    },
    address() {
      return (server?.address() ?? undefined) as AddressInfo | undefined;
    },
  };
}
