import { setTimeout as delay } from 'node:timers/promises';
import { CONFIG_DEFAULTS } from '../config.js';
import http from 'node:http';
import { describeError } from '../errors.js';
import { listenOn } from '../observability/listen.js';
import { routeOf, type WebhookResponse } from './handle-webhook.js';
import { clientAddressOf } from './auth-throttle.js';
import { readBody } from './read-body.js';
import { createWebhookApp, type WebhookApp, type WebhookAppOptions } from './webhook-app.js';

export interface WebhookServerOptions extends WebhookAppOptions {
  /** Whole request (headers and body) must arrive within this (default 15 s; slow clients get 408). */
  requestTimeoutMs?: number;
  /** Headers must arrive within this (default 10 s). */
  headersTimeoutMs?: number;
  /** Idle keep-alive connections are closed after this (default 5 s). */
  keepAliveTimeoutMs?: number;
  /** On close: how long in-flight requests get to finish (default 10 s). */
  shutdownTimeoutMs?: number;
  /** Throttle failed logins by the last X-Forwarded-For entry instead of the socket address (behind a proxy). */
  trustProxy?: boolean;
}

export interface WebhookServer {
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  /** Graceful: stop accepting, let in-flight requests finish (bounded), stop the retry worker. */
  close(): Promise<void>;
  readonly app: WebhookApp;
  /** Requests being served right now. */
  readonly inFlight: number;
}

const sleep = (ms: number) => delay(ms, undefined, { ref: false });

const TOO_LARGE: WebhookResponse = {
  status: 413,
  headers: { 'content-type': 'application/json', connection: 'close' },
  body: '{"error":"body too large"}',
};

/** Reads the body (bounded), lets the app answer, writes the answer, records its latency. */
async function respond(
  app: WebhookApp,
  exchange: { req: http.IncomingMessage; res: http.ServerResponse },
  limits: { maxBodyBytes: number; stopping: () => boolean; trustProxy: boolean },
): Promise<void> {
  const { req, res } = exchange;
  const started = performance.now();
  const url = req.url ?? '/';
  const body = await readBody(req, limits.maxBodyBytes);
  const response =
    body === 'too-large'
      ? { ...TOO_LARGE, headers: { ...TOO_LARGE.headers } }
      : await app.handle({
          method: req.method ?? 'GET',
          url,
          headers: req.headers,
          body,
          client: clientAddressOf(
            req.socket.remoteAddress,
            req.headers['x-forwarded-for'],
            limits.trustProxy,
          ),
        });
  // While draining, every answer closes its connection so keep-alive clients move to another replica.
  if (limits.stopping()) response.headers.connection = 'close';
  res.writeHead(response.status, response.headers);
  res.end(req.method === 'HEAD' ? undefined : response.body);
  app.metrics.observeRequest(routeOf(url) ?? 'other', response.status, (performance.now() - started) / 1000);
}

function httpOptions(options: WebhookServerOptions): http.ServerOptions {
  return {
    requestTimeout: options.requestTimeoutMs ?? 15_000,
    headersTimeout: options.headersTimeoutMs ?? 10_000,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 5_000,
    // Node checks the two timeouts above only this often (default 30 s).
    connectionsCheckingInterval: 1_000,
    maxHeaderSize: 16 * 1024,
  };
}

/** The webhook listener on node:http: bounded bodies, timeouts against slow clients, graceful shutdown. */
export function createWebhookServer(options: WebhookServerOptions): WebhookServer {
  const app = createWebhookApp(options);
  const limits = {
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    stopping: () => stopping,
    trustProxy: options.trustProxy ?? false,
  };
  const graceMs = options.shutdownTimeoutMs ?? 10_000;
  let inFlight = 0;
  let stopping = false;
  let drained: (() => void) | undefined;
  let closing: Promise<void> | undefined;

  const server = http.createServer(httpOptions(options), (req, res) => {
    inFlight += 1;
    respond(app, { req, res }, limits)
      .catch((error: unknown) => {
        // The client went away mid-body, or a bug: never leave the socket hanging.
        options.logger.warn({ err: describeError(error), url: req.url }, 'webhook request failed');
        if (!res.headersSent) res.writeHead(500, { connection: 'close' }).end();
        else res.destroy();
      })
      .finally(() => {
        inFlight -= 1;
        if (inFlight === 0) drained?.();
      });
  });

  async function shutdown(): Promise<void> {
    stopping = true;
    app.beginShutdown();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (inFlight > 0)
      await Promise.race([new Promise<void>((resolve) => (drained = resolve)), sleep(graceMs)]);
    server.closeAllConnections();
    await closed;
    await Promise.race([app.stop(), sleep(graceMs)]);
  }

  return {
    app,
    get inFlight() {
      return inFlight;
    },
    listen: (port = CONFIG_DEFAULTS.webhook.port, host = CONFIG_DEFAULTS.webhook.host) =>
      listenOn(server, port, host),
    close() {
      closing ??= shutdown();
      return closing;
    },
  };
}
