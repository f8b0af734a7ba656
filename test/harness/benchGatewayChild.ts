/**
 * The processes of the gateway benchmark (benchGateway.ts), one per role, each in its own
 * process so its CPU time and RSS are its own:
 *   upstream <ignored>          an OpenAI Chat Completions double that answers at once, plain or
 *                               streamed; a request whose text has HOLD-THIS-STREAM keeps its
 *                               stream open after the first delta until told to release
 *   floor <upstreamPort>        the floor: a minimal pass-through proxy that adds a key
 *   jsonFloor <upstreamPort>    the floor, but reading the whole body and sending
 *                               JSON.stringify(JSON.parse(body)): the least any translating
 *                               gateway does, for comparison only (the floor is `floor`)
 *   gateway <upstreamPort>      the Switchboard gateway, routing every agent to the double
 * Each sends {type:'ready', port} over IPC, answers {type:'stats'} with its CPU time and RSS,
 * and exits when the parent goes away.
 */
import * as path from 'node:path';
import { repoRoot } from './paths';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayRoute } from '../../src/gateway/route';

export const benchToken = 'sb-bench-local-token';
export const benchUpstreamKey = 'sk-bench-upstream-key';
export const holdMarker = 'HOLD-THIS-STREAM';
/** The text the double answers with; its first delta is "Hello". */
export const replyDeltas = ['Hello', ' from', ' the', ' bench', ' double.'];

const [mode, upstreamPortText] = process.argv.slice(2);
const upstreamPort = Number(upstreamPortText);
const onRelease: (() => void)[] = [];

function chunk(delta: object, finish: string | null = null): string {
  return `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1, model: 'bench-model', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

const plainAnswer = Buffer.from(
  JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion', created: 1, model: 'bench-model', choices: [{ index: 0, message: { role: 'assistant', content: replyDeltas.join('') }, finish_reason: 'stop' }], usage: { prompt_tokens: 12, completion_tokens: 6, total_tokens: 18 } }),
);
const streamHead = chunk({ role: 'assistant', content: '' }) + chunk({ content: replyDeltas[0] });
const streamTail =
  replyDeltas
    .slice(1)
    .map((d) => chunk({ content: d }))
    .join('') +
  chunk({}, 'stop') +
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1, model: 'bench-model', choices: [], usage: { prompt_tokens: 12, completion_tokens: 6, total_tokens: 18 } })}\n\n` +
  'data: [DONE]\n\n';

function upstream(): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('latin1');
      if (!raw.includes('"stream":true')) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': plainAnswer.length });
        res.end(plainAnswer);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(streamHead);
      const finish = () => {
        if (!res.destroyed) res.end(streamTail);
      };
      // The rest in a later write, so the first delta travels on its own.
      if (raw.includes(holdMarker)) onRelease.push(finish);
      else setImmediate(finish);
    });
  });
}

/** The request sent on to the double with the key added; its answer is piped back to `res`. */
function onward(agent: http.Agent, req: http.IncomingMessage, res: http.ServerResponse, headers: http.OutgoingHttpHeaders): http.ClientRequest {
  const up = http.request({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: { ...headers, host: `127.0.0.1:${upstreamPort}`, authorization: `Bearer ${benchUpstreamKey}` }, agent }, (upRes) => {
    res.writeHead(upRes.statusCode ?? 502, upRes.headers);
    upRes.pipe(res);
  });
  up.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  res.on('close', () => up.destroy());
  return up;
}

function floor(): http.Server {
  const agent = new http.Agent({ keepAlive: true });
  return http.createServer((req, res) => void req.pipe(onward(agent, req, res, req.headers)));
}

/** The floor plus the JSON work translation cannot skip: the body read whole, parsed and serialized again. */
function jsonFloor(): http.Server {
  const agent = new http.Agent({ keepAlive: true });
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.from(JSON.stringify(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      onward(agent, req, res, { 'content-type': 'application/json', 'content-length': String(body.length) }).end(body);
    });
  });
}

async function gateway(): Promise<number> {
  // Loaded here, so the floor and the double carry none of the gateway's modules.
  // The shipped bundle (dist/gateway.js with dist/undici.js): what the extension runs, real translator included.
  const { createGateway, translator }: typeof import('../../src/extension/gatewayRuntime') = require(path.join(repoRoot, 'dist', 'gateway.js'));
  const { UsageLog }: typeof import('../../src/gateway/usage') = require('../../src/gateway/usage');
  const route: GatewayRoute = {
    ref: 'bench/bench-model',
    providerId: 'bench',
    providerType: 'openai-compatible',
    baseUrl: `http://127.0.0.1:${upstreamPort}/v1`,
    headers: {},
    model: { modelId: 'bench-model', optionFamily: 'openai' },
    network: { allowInvalidCertificate: false, timeoutMs: 30_000 },
  };
  // What the extension would do with each record.
  const usage = new UsageLog();
  const gw = createGateway({
    translator,
    token: () => benchToken,
    key: async () => benchUpstreamKey,
    resolveRoute: () => route,
    onUsage: (r) => usage.add(r),
  });
  return (await gw.start()).port;
}

async function main(): Promise<void> {
  let port: number;
  if (mode === 'gateway') port = await gateway();
  else {
    const server = mode === 'upstream' ? upstream() : mode === 'floor' ? floor() : mode === 'jsonFloor' ? jsonFloor() : undefined;
    if (!server) throw new Error(`unknown mode ${mode}`);
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  }
  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'stats') {
      process.send?.({ type: 'stats', cpu: process.cpuUsage(), rss: process.memoryUsage().rss, memory: process.memoryUsage() });
    } else if (message?.type === 'release') {
      const all = onRelease.splice(0);
      for (const f of all) f();
      process.send?.({ type: 'released', count: all.length });
    }
  });
  process.once('disconnect', () => process.exit(0));
  process.send?.({ type: 'ready', port, node: process.version });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
