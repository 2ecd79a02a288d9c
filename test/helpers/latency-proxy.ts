import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LatencyProxy {
  /** The simulator's base URL through the proxy (same path prefix). */
  baseUrl: string;
  /** Responses held back so far. */
  delayed(): number;
  close(): Promise<void>;
}

/**
 * A plain HTTP proxy in front of the simulator that holds each answer for `delayMs` after the simulator
 * produced it, like a slow network on the way back: the client receives data that is already that old.
 * Only requests whose path starts with `pathPrefix` are held.
 */
export async function startLatencyProxy(
  targetBaseUrl: string,
  options: { delayMs: number; pathPrefix?: string },
): Promise<LatencyProxy> {
  const target = new URL(targetBaseUrl);
  let delayed = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const upstream = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => body.push(chunk));
          answer.on('end', () => {
            const hold = (req.url ?? '').startsWith(options.pathPrefix ?? '/') ? options.delayMs : 0;
            if (hold > 0) delayed += 1;
            setTimeout(() => {
              res.writeHead(answer.statusCode ?? 502, answer.headers as IncomingHttpHeaders);
              res.end(Buffer.concat(body));
            }, hold);
          });
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${target.pathname}`,
    delayed: () => delayed,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
