/** Shared by the key-helper tests: private temp dirs, servers closed after each test, raw socket requests. */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startKeyServer, type KeyServer, type KeyServerOptions } from '../../src/keyHelper/server';

export const keys: Record<string, string> = { anthropic: 'sk-ant-test-123', openai: 'sk-openai-456' };

/** A fresh temp folder per test; `dir` inside it does not exist yet, so the server creates it. */
export function keyHelperFixture(): {
  readonly root: () => string;
  readonly dir: () => string;
  readonly logs: string[];
  start(options?: Partial<KeyServerOptions>): Promise<KeyServer>;
} {
  let root = '';
  const servers: KeyServer[] = [];
  const logs: string[] = [];
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-kh-'));
    logs.length = 0;
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    fs.rmSync(root, { recursive: true, force: true });
  });
  return {
    root: () => root,
    dir: () => path.join(root, 'storage'),
    logs,
    async start(options = {}) {
      const server = await startKeyServer({ dir: path.join(root, 'storage'), lookup: async (id) => keys[id], log: (line) => logs.push(line), ...options });
      servers.push(server);
      return server;
    },
  };
}

/** Sends raw bytes and resolves with whatever comes back before the server closes; bounded. */
export function rawExchange(socket: string, payload: string | Buffer, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const connection = net.createConnection(socket);
    let reply = '';
    const timer = setTimeout(() => {
      connection.destroy();
      reject(new Error(`no close within ${timeoutMs} ms; got ${JSON.stringify(reply)}`));
    }, timeoutMs);
    connection.setEncoding('utf8');
    connection.on('connect', () => connection.write(payload));
    connection.on('data', (chunk: string) => (reply += chunk));
    // EPIPE/ECONNRESET when the server hangs up on a request it refused mid-way.
    connection.on('error', () => {});
    connection.on('close', () => {
      clearTimeout(timer);
      resolve(reply);
    });
  });
}

export function mode(file: string): number {
  return fs.statSync(file).mode & 0o777;
}
