import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpPauseProxy {
  /** `url` with its host and port replaced by the proxy's. */
  url: string;
  /** From now on nothing passes either way and connections stay open: a server or path that froze. */
  pause(): void;
  close(): Promise<void>;
}

/** A TCP proxy in front of a PostgreSQL URL that can freeze every connection without closing any. */
export async function startTcpPauseProxy(targetUrl: string): Promise<TcpPauseProxy> {
  const target = new URL(targetUrl);
  let paused = false;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.on('data', (chunk) => paused || upstream.write(chunk));
    upstream.on('data', (chunk) => paused || client.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxied = new URL(targetUrl);
  proxied.hostname = '127.0.0.1';
  proxied.port = String((server.address() as AddressInfo).port);
  return {
    url: proxied.toString(),
    pause: () => (paused = true),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
