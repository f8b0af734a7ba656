/**
 * A TLS front for a loopback double: terminates TLS with a self-signed certificate made by
 * openssl in a temp folder, and pipes the plain bytes to the double. `caFile` is the
 * certificate itself, which is what a user would put in the CA file setting.
 *
 *   const front = await startTlsFront(up.port);   // https://127.0.0.1:<port>
 *   … front.caFile …
 *   await front.close();
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { closeWithin, listenOnLoopback, trackSockets } from './loopback';

export interface TlsFront {
  readonly url: string;
  readonly port: number;
  /** The self-signed certificate (PEM), usable as a CA file. */
  readonly caFile: string;
  close(): Promise<void>;
}

/**
 * openssl is at /usr/bin/openssl on Debian; CI installs the openssl package. `dnsNames` go on
 * the certificate beside 127.0.0.1 and localhost, for a double that plays a real host name
 * (reached through a proxy that tunnels every name to it).
 */
export function makeSelfSigned(dir: string, dnsNames: readonly string[] = []): { keyFile: string; certFile: string } {
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  const altNames = ['IP:127.0.0.1', 'DNS:localhost', ...dnsNames.map((n) => `DNS:${n}`)].join(',');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', `subjectAltName=${altNames}`], { stdio: 'ignore', timeout: 30_000 });
  return { keyFile, certFile };
}

export async function startTlsFront(targetPort: number, dnsNames: readonly string[] = []): Promise<TlsFront> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-tls-'));
  const { keyFile, certFile } = makeSelfSigned(dir, dnsNames);
  const server = tls.createServer({ key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) }, (client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  // The raw connections, and (above) each tunnel's two ends.
  const sockets = trackSockets(server);
  // Handshake failures (the client refusing the certificate) are the point of some tests.
  server.on('tlsClientError', () => undefined);
  const port = await listenOnLoopback(server);
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    caFile: certFile,
    close: () => closeWithin(server, sockets).then(() => fs.rmSync(dir, { recursive: true, force: true })),
  };
}
