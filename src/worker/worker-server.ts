import http from 'node:http';
import { describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { listenOn } from '../observability/listen.js';
import type { Readiness } from '../observability/readiness.js';
import type { WorkerLiveness } from './worker-state.js';

export interface WorkerProbes {
  /** /healthz: 200 while the worker moves on, 503 when it is stalled (the kubelet restarts it). */
  liveness(): WorkerLiveness;
  /** /readyz: 200 while the database answers with the expected schema and no stop has begun. */
  readiness(): Promise<Readiness>;
  /** /metrics in Prometheus' text format. */
  metrics(): Promise<{ contentType: string; body: string }>;
}

export interface WorkerServer {
  listen(port: number, host: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
}

type Answer = { status: number; contentType: string; body: string };

const json = (status: number, value: unknown): Answer => ({
  status,
  contentType: 'application/json',
  body: JSON.stringify(value),
});

async function answer(probes: WorkerProbes, method: string, path: string): Promise<Answer> {
  if (method !== 'GET' && method !== 'HEAD') return json(405, { error: 'method not allowed' });
  switch (path) {
    case '/healthz': {
      const live = probes.liveness();
      return json(live.live ? 200 : 503, live);
    }
    case '/readyz': {
      const ready = await probes.readiness();
      return json(ready.ready ? 200 : 503, ready);
    }
    case '/metrics': {
      const { contentType, body } = await probes.metrics();
      return { status: 200, contentType, body };
    }
    default:
      return json(404, { error: 'not found' });
  }
}

/** The worker's probe and metrics listener (no request bodies, nothing to drain: closing is immediate). */
export function createWorkerServer(probes: WorkerProbes, logger: Logger): WorkerServer {
  const server = http.createServer({ requestTimeout: 10_000, headersTimeout: 5_000 }, (req, res) => {
    const path = new URL(req.url ?? '/', 'http://worker').pathname;
    answer(probes, req.method ?? 'GET', path)
      .catch((error: unknown): Answer => {
        logger.warn({ err: describeError(error), path }, 'worker probe failed');
        return json(500, { error: 'internal error' });
      })
      .then(({ status, contentType, body }) => {
        res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
      });
  });
  return {
    listen: (port, host) => listenOn(server, port, host),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
