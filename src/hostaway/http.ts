import http from 'node:http';
import https from 'node:https';
import type { Request } from 'got';
import { lazyGot } from './lazy-got.js';

/** One HTTP exchange with Hostaway, before any interpretation. Never throws for HTTP status codes. */
export interface RawRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  searchParams?: Record<string, string | number>;
  headers?: Record<string, string>;
  form?: Record<string, string>;
  json?: unknown;
}

export type RawOutcome =
  | { kind: 'response'; status: number; body: string; headers: Record<string, string | string[] | undefined> }
  /** `answered`: the status line and headers arrived before the exchange broke (a body cut off). */
  | { kind: 'network'; code: string; message: string; answered: boolean };

export interface HttpTransport {
  send(request: RawRequest): Promise<RawOutcome>;
  close(): void;
}

export function createHttpTransport(options: {
  baseUrl: string;
  timeoutMs: number;
  userAgent: string;
  /** Local address outgoing requests are sent from (a host with several public IPs: one pool each). */
  localAddress?: string | undefined;
}): HttpTransport {
  // Keep-alive: a full sync makes thousands of calls to one host; re-handshaking TLS each time is waste.
  const agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: 16, localAddress: options.localAddress }),
    https: new https.Agent({ keepAlive: true, maxSockets: 16, localAddress: options.localAddress }),
  };
  // got's stream interface and one timer of our own per request: its promise interface and its timeout
  // (listeners on every phase of every request) cost about a third of the client's CPU per request.
  const load = lazyGot({
    prefixUrl: options.baseUrl,
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
    agent: agents,
    headers: { 'user-agent': options.userAgent, accept: 'application/json' },
  });

  return {
    async send(request) {
      const { client } = await load();
      const stream = client.stream(request.path.replace(/^\//, ''), {
        method: request.method,
        searchParams: request.searchParams,
        headers: request.headers,
        form: request.form,
        json: request.json,
      });
      // got ends a request with a body, and a GET, itself.
      if (request.method !== 'GET' && request.form === undefined && request.json === undefined) stream.end();
      return exchange(stream, options.timeoutMs);
    },
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/** The response of one streamed request, its body read whole, or the network error that broke it. */
function exchange(stream: Request, timeoutMs: number): Promise<RawOutcome> {
  return new Promise((resolve) => {
    let response: http.IncomingMessage | undefined;
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      const error = Object.assign(new Error(`Timeout awaiting 'request' for ${timeoutMs}ms`), {
        code: 'ETIMEDOUT',
      });
      stream.destroy(error);
    }, timeoutMs);
    stream.once('response', (answer: http.IncomingMessage) => (response = answer));
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => {
      clearTimeout(timer);
      resolve({
        kind: 'response',
        status: response!.statusCode!,
        body: (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString(),
        headers: response!.headers,
      });
    });
    stream.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({
        kind: 'network',
        code: error.code ?? error.name,
        message: error.message,
        answered: response !== undefined,
      });
    });
  });
}
