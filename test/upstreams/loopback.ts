/**
 * The lifecycle every loopback test server shares: its sockets tracked from the first byte,
 * listening on 127.0.0.1 only (an OS-assigned port), and a close that ends within a bound
 * even with keep-alive connections or a stalled stream open.
 */
import type * as http from 'node:http';
import type * as net from 'node:net';

/** Tracks the server's open sockets, so close() can end them. */
export function trackSockets(server: net.Server): Set<net.Socket> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return sockets;
}

/** Listens on 127.0.0.1 and resolves with the port. */
export function listenOnLoopback(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

/** Closes the server and its sockets; resolves when closed, or after `boundMs` whatever happens. */
export function closeWithin(server: net.Server, sockets: Iterable<net.Socket>, boundMs = 2000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, boundMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    (server as Partial<http.Server>).closeAllConnections?.();
    for (const s of sockets) s.destroy();
  });
}
