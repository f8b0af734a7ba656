/**
 * A forward proxy on 127.0.0.1 that records what it is asked for: CONNECT tunnels (what
 * undici's ProxyAgent opens, for http and https targets alike) and absolute-form requests.
 * It only connects to loopback targets, unless `tunnelTo` sends every CONNECT to one loopback
 * port (as if DNS pointed every name there). `refuse` answers CONNECT with a status instead.
 * With `credentials`, it wants `Proxy-Authorization: Basic base64(user:password)` (RFC 9110
 * §11.7.1, RFC 7617) and answers anything else with 407 and `Proxy-Authenticate: Basic`.
 *
 *   const proxy = await startForwardProxy({ credentials: { user: 'ann', password: 'pw' } });
 *   … network.proxy = proxy.url …
 *   proxy.requests   // [{ method: 'CONNECT', target: '127.0.0.1:43123', proxyAuthorization: 'Basic …', status: 200 }]
 */
import * as http from 'node:http';
import * as net from 'node:net';
import { closeWithin, listenOnLoopback } from './loopback';

export interface ProxyRecord {
  readonly method: string;
  /** host:port for CONNECT, the absolute URL otherwise. */
  readonly target: string;
  /** The Proxy-Authorization header as sent, if any. */
  readonly proxyAuthorization?: string;
  /** What the proxy answered itself: 407 for missing or wrong credentials, else undefined (passed on). */
  status?: number;
}

export interface ForwardProxyOptions {
  /** Require these Basic credentials. */
  readonly credentials?: { readonly user: string; readonly password: string };
  /** Tunnel every CONNECT, whatever host it names, to this port on 127.0.0.1 (a TLS double playing that host). */
  readonly tunnelTo?: number;
}

export interface ForwardProxy {
  readonly url: string;
  readonly port: number;
  readonly requests: ProxyRecord[];
  /** Answer every CONNECT with this status (407, 403…) instead of tunnelling; undefined tunnels. */
  refuse: number | undefined;
  close(): Promise<void>;
}

const header = (req: http.IncomingMessage) => (typeof req.headers['proxy-authorization'] === 'string' ? { proxyAuthorization: req.headers['proxy-authorization'] } : {});

const loopback = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

const realm = 'Basic realm="switchboard-test-proxy", charset="UTF-8"';

/** Whether the request's Proxy-Authorization carries exactly these credentials. */
function authorized(header: string | undefined, credentials: ForwardProxyOptions['credentials']): boolean {
  if (!credentials) return true;
  const m = /^basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  return m !== null && Buffer.from(m[1], 'base64').toString('utf8') === `${credentials.user}:${credentials.password}`;
}

export async function startForwardProxy(options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
  const requests: ProxyRecord[] = [];
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  };
  const state: { refuse: number | undefined } = { refuse: undefined };

  const server = http.createServer((req, res) => {
    const record: ProxyRecord = { method: req.method ?? 'GET', target: req.url ?? '', ...header(req) };
    requests.push(record);
    if (!authorized(record.proxyAuthorization, options.credentials)) {
      record.status = 407;
      res.writeHead(407, { 'proxy-authenticate': realm, 'content-length': '0' }).end();
      return;
    }
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (!loopback.has(target.hostname)) {
      res.writeHead(403).end();
      return;
    }
    const upstream = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    track(client);
    const target = req.url ?? '';
    const record: ProxyRecord = { method: 'CONNECT', target, ...header(req) };
    requests.push(record);
    if (!authorized(record.proxyAuthorization, options.credentials)) {
      record.status = 407;
      client.end(`HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: ${realm}\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const at = target.lastIndexOf(':');
    const host = target.slice(0, at).replace(/^\[|\]$/g, '');
    if (state.refuse !== undefined || (!loopback.has(host) && options.tunnelTo === undefined)) {
      client.end(`HTTP/1.1 ${state.refuse ?? 403} Refused\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const [toPort, toHost] = options.tunnelTo !== undefined ? [options.tunnelTo, '127.0.0.1'] : [Number(target.slice(at + 1)), host];
    const upstream = net.connect(toPort, toHost, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.destroy());
  });
  server.on('connection', track);
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    get refuse() {
      return state.refuse;
    },
    set refuse(v) {
      state.refuse = v;
    },
    close: () => closeWithin(server, sockets),
  };
}
