import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GateProxy {
  /** The simulator's base URL through the proxy (same path prefix). */
  baseUrl: string;
  /** Requests received so far (held ones included). */
  received(): number;
  /** Resolves once the proxy holds at least one request. */
  firstRequest: Promise<void>;
  /** Lets every held and later request through. */
  open(): void;
  close(): Promise<void>;
}

/**
 * A plain HTTP proxy in front of the simulator that holds every request until `open()`: a process that
 * took an account lock and then asked Hostaway something is provably still running, holding its lock, for
 * as long as the test wants (no timing involved).
 */
export async function startGateProxy(targetBaseUrl: string): Promise<GateProxy> {
  const target = new URL(targetBaseUrl);
  let isOpen = false;
  let received = 0;
  const held: (() => void)[] = [];
  let signalFirst: () => void = () => {};
  const firstRequest = new Promise<void>((resolve) => (signalFirst = resolve));
  const server = createServer((req, res) => {
    received += 1;
    signalFirst();
    const forward = () => {
      const upstream = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers as IncomingHttpHeaders);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    };
    if (isOpen) forward();
    else held.push(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${target.pathname}`,
    received: () => received,
    firstRequest,
    open() {
      isOpen = true;
      for (const forward of held.splice(0)) forward();
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
