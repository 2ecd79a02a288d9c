import http from 'node:http';
import https from 'node:https';
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
  const load = lazyGot({
    prefixUrl: options.baseUrl,
    timeout: { request: options.timeoutMs },
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
    responseType: 'text',
    agent: agents,
    headers: { 'user-agent': options.userAgent, accept: 'application/json' },
  });

  return {
    async send(request) {
      const { client, RequestError } = await load();
      try {
        const response = await client(request.path.replace(/^\//, ''), {
          method: request.method,
          searchParams: request.searchParams,
          headers: request.headers,
          form: request.form,
          json: request.json,
        });
        return {
          kind: 'response',
          status: response.statusCode,
          body: response.body,
          headers: response.headers,
        };
      } catch (error) {
        if (error instanceof RequestError) {
          return {
            kind: 'network',
            code: error.code ?? error.name,
            message: error.message,
            answered: error.response !== undefined,
          };
        }
        throw error;
      }
    },
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
