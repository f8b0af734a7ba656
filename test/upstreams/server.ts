/**
 * The loopback HTTP server behind every model-API double: binds 127.0.0.1 on an OS-assigned
 * port, records every request (method, path, query, headers, raw and parsed body, model, stream
 * flag, credential), and hands model calls to the protocol handlers. close() is bounded and
 * destroys every socket, keep-alive and streaming ones included.
 *
 *   const up = await startUpstream({ reply: 'pong' });
 *   … point a client at up.url (Anthropic/OpenAI clients: up.url or up.url + '/v1';
 *     Gemini: up.url, the SDKs add /v1beta) …
 *   up.requests            // everything recorded, in arrival order
 *   up.modelCalls()        // only the requests a protocol handler answered as a model call
 *   r.sent                 // a streamed reply's body as sent; ReplySpec.cut stops it short (streamTap.ts)
 *   (embeddings calls, embeddings.ts, have `embedding: true` and a model, but no protocol)
 *   Bedrock (bedrock.ts) is served when `bedrock` is in the options: SigV4-checked lists and InvokeModel.
 *   await up.close();
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as zlib from 'node:zlib';
import { handleAnthropic } from './anthropic';
import { handleAzureDeployments } from './azure';
import { handleBedrock } from './bedrock';
import { handleEmbeddings } from './embeddings';
import { handleGemini } from './gemini';
import { handleOllamaTags } from './ollama';
import { handleOpenAiChat, handleOpenAiModels } from './openaiChat';
import { handleOpenAiResponses } from './openaiResponses';
import type { FaultSpec, HandlerContext, Protocol, ProtocolHandler, RecordedRequest, ReplySpec, UpstreamOptions } from './types';
import { tapStream } from './streamTap';
import { sendJson, sleep } from './wire';
import { closeWithin, listenOnLoopback, trackSockets } from './loopback';

export * from './types';

export const defaultReply = 'Hello from the Switchboard test double.';
const maxBody = 64 * 1024 * 1024;

const handlers: Record<Protocol, ProtocolHandler[]> = {
  anthropic: [handleAnthropic],
  'openai-chat': [handleOpenAiChat, handleOpenAiModels],
  'openai-responses': [handleOpenAiResponses, handleOpenAiModels],
  gemini: [handleGemini],
  // Answered by handleBedrock whenever `bedrock` is in the options.
  bedrock: [],
  'bedrock-converse': [],
};

export interface Upstream {
  /** http://127.0.0.1:<port>, no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Every request, in arrival order (probes and 404s included). */
  readonly requests: RecordedRequest[];
  /** Requests a protocol handler answered as a model call (they have a model id). */
  modelCalls(protocol?: Protocol): RecordedRequest[];
  /** Resolves with the first recorded request that matches, or rejects after timeoutMs. */
  waitFor(predicate: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  /** Change the reply of later requests. */
  setReply(reply: string | ReplySpec | ((r: RecordedRequest) => ReplySpec)): void;
  /** Stops listening and destroys every socket; bounded (resolves within ~2 s whatever happens). */
  close(): Promise<void>;
}

/** The credential a client sent, however it sent it. */
export function credentialOf(headers: http.IncomingHttpHeaders, query: Record<string, string>): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string' && /^bearer\s+/i.test(auth)) return auth.replace(/^bearer\s+/i, '');
  const single = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  return single(headers['x-api-key']) ?? single(headers['x-goog-api-key']) ?? single(headers['api-key']) ?? query.key ?? (typeof auth === 'string' ? auth : undefined);
}

function decodeBody(buf: Buffer, encoding: string | undefined): Buffer {
  switch ((encoding ?? '').toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.gunzipSync(buf);
    case 'deflate':
      return zlib.inflateSync(buf);
    case 'br':
      return zlib.brotliDecompressSync(buf);
    case 'zstd': {
      const z = zlib as unknown as { zstdDecompressSync?: (b: Buffer) => Buffer };
      if (z.zstdDecompressSync) return z.zstdDecompressSync(buf);
      throw new Error('zstd request bodies need Node >= 22.15');
    }
    default:
      return buf;
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBody) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Sends an injected fault; true when there was one. */
async function answerFault(ctx: HandlerContext, fault: FaultSpec | undefined): Promise<boolean> {
  if (!fault) return false;
  if (fault.delayMs) await sleep(fault.delayMs);
  if (fault.hangUp) {
    ctx.record.status = 0;
    ctx.res.socket?.destroy();
    return true;
  }
  const status = fault.status ?? 200;
  ctx.record.status = status;
  const json = fault.contentType === undefined && typeof fault.body !== 'string';
  const data = fault.body === undefined ? '' : json ? JSON.stringify(fault.body) : String(fault.body);
  ctx.res.writeHead(status, {
    'content-type': fault.contentType ?? (json ? 'application/json' : 'text/plain'),
    'content-length': Buffer.byteLength(data),
    ...(fault.location ? { location: fault.location } : {}),
  });
  ctx.res.end(data);
  return true;
}

export async function startUpstream(options: UpstreamOptions = {}): Promise<Upstream> {
  const protocols = options.protocols ?? (['anthropic', 'openai-chat', 'openai-responses', 'gemini'] as Protocol[]);
  const active = protocols.flatMap((p) => handlers[p]);
  const requests: RecordedRequest[] = [];
  const waiters: { predicate: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }[] = [];
  const started = Date.now();
  const log = options.log ?? process.env.SWITCHBOARD_UPSTREAM_LOG === '1';
  let responder: (r: RecordedRequest) => ReplySpec = options.respond ?? (() => ({ text: options.reply ?? defaultReply }));

  const notify = () => {
    for (const w of [...waiters]) {
      const hit = requests.find(w.predicate);
      if (hit) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(hit);
      }
    }
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
      const query = Object.fromEntries(parsed.searchParams.entries());
      const record: RecordedRequest = {
        at: Date.now() - started,
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        path: parsed.pathname.replace(/\/{2,}/g, '/'),
        query,
        headers: req.headers,
        rawBody: '',
        body: undefined,
        apiKey: credentialOf(req.headers, query),
      };
      try {
        const raw = decodeBody(await readBody(req), req.headers['content-encoding'] as string | undefined);
        record.rawBody = raw.toString('utf8');
        if (record.rawBody.length > 0) {
          try {
            record.body = JSON.parse(record.rawBody);
          } catch {
            /* not JSON: keep rawBody only */
          }
        }
      } catch (err) {
        record.rawBody = `<unreadable body: ${(err as Error).message}>`;
      }
      requests.push(record);
      notify();
      let tapped = false;
      const reply = () => {
        const spec = responder(record);
        // Handlers decide `stream` before they ask for the reply: the body of a stream is recorded, and cut when asked.
        if (record.stream && !tapped) {
          tapped = true;
          tapStream(res, record, spec.cut);
        }
        return spec;
      };
      const ctx: HandlerContext = { req, res, record, options, reply };
      let handled = await answerFault(ctx, options.fault?.(record));
      for (const h of handled ? [] : [handleBedrock, handleEmbeddings, ...active, handleOllamaTags, handleAzureDeployments]) {
        if (await h(ctx)) {
          handled = true;
          break;
        }
      }
      if (!handled) {
        if (record.method === 'HEAD') {
          // Reachability probes (Claude Code sends HEAD /api/hello).
          record.status = 200;
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '2' });
          res.end();
        } else if (record.method === 'GET' && (record.path === '/' || record.path === '/api/hello' || record.path === '/health' || record.path === '/healthz')) {
          record.status = 200;
          sendJson(res, 200, {});
        } else {
          record.status = 404;
          sendJson(res, 404, { error: { message: `No route for ${record.method} ${record.path} in the test double`, type: 'not_found' } });
        }
      }
      if (log) process.stderr.write(`[upstream :${(server.address() as AddressInfo).port}] ${record.method} ${record.url} -> ${record.status} model=${record.model ?? '-'} stream=${record.stream ?? '-'}\n`);
      notify();
    })().catch((err) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(err), type: 'double_error' } });
      else res.destroy();
    });
  });
  const sockets = trackSockets(server);
  server.keepAliveTimeout = 5000;
  const port = await listenOnLoopback(server);
  let closing: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    modelCalls: (protocol) => requests.filter((r) => r.model !== undefined && r.protocol !== undefined && (!protocol || r.protocol === protocol)),
    waitFor(predicate, timeoutMs = 10_000) {
      const hit = requests.find(predicate);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const w = {
          predicate,
          resolve: (r: RecordedRequest) => {
            clearTimeout(timer);
            resolve(r);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`no matching request within ${timeoutMs} ms; saw: ${requests.map((r) => `${r.method} ${r.url}`).join(', ') || 'nothing'}`));
        }, timeoutMs);
        waiters.push(w);
      });
    },
    setReply(reply) {
      responder = typeof reply === 'function' ? reply : typeof reply === 'string' ? () => ({ text: reply }) : () => reply;
    },
    close() {
      closing ??= closeWithin(server, sockets);
      return closing;
    },
  };
}

/** Names of the tools (functions) a model call offers, whatever its protocol. */
export function offeredTools(r: RecordedRequest): string[] {
  const tools: any[] = Array.isArray(r.body?.tools) ? r.body.tools : [];
  const names: string[] = [];
  for (const t of tools) {
    if (typeof t?.function?.name === 'string') names.push(t.function.name); // chat completions
    else if (typeof t?.name === 'string') names.push(t.name); // anthropic, responses
    for (const d of t?.functionDeclarations ?? t?.function_declarations ?? []) if (typeof d?.name === 'string') names.push(d.name); // gemini
  }
  return names;
}

/**
 * A responder that calls `tool` with `args` whenever the request offers that tool, and answers
 * with plain text otherwise (e.g. Cline's submit_and_exit, which it waits for forever).
 */
export function callToolWhenOffered(tool: string, args: Record<string, unknown> | ((r: RecordedRequest) => Record<string, unknown>), text = defaultReply): (r: RecordedRequest) => ReplySpec {
  return (r) => (offeredTools(r).includes(tool) ? { toolCalls: [{ name: tool, arguments: typeof args === 'function' ? args(r) : args }] } : { text });
}
