import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a handler answers; `body` is JSON-encoded unless it is a string (then sent as text/html). */
export interface ApiResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/** The documented 429 body (fixture error-429.json), verbatim. */
export const RATE_LIMIT_BODY = {
  status: 'fail',
  message:
    'This error occurs because a server detects that your application has exceeded the rate limits or has made too many requests in a given period of time.',
};

export const notFound = (): ApiResult => ({
  status: 404,
  body: { status: 'fail', message: 'Resource not found' },
});
/** The real 403 body is undocumented; clients must key on the status code. */
export const forbidden = (): ApiResult => ({
  status: 403,
  body: { status: 'fail', message: 'Unauthorized' },
});
export const badRequest = (message: string): ApiResult => ({
  status: 400,
  body: { status: 'fail', result: message },
});
export const success = (result: unknown): ApiResult => ({ status: 200, body: { status: 'success', result } });

/** Reads the request body as UTF-8 (at most 1 MiB; more is an error). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A form-encoded or JSON body as string fields. */
export function parseFields(body: string, contentType: string | undefined): Record<string, string> {
  if (contentType?.includes('application/json') === true) {
    const parsed: unknown = body.trim() === '' ? {} : JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, String(value)]));
  }
  return Object.fromEntries(new URLSearchParams(body));
}

export function encodeResult(result: ApiResult): { buffer: Buffer; headers: Record<string, string> } {
  const html = typeof result.body === 'string';
  const buffer = Buffer.from(html ? (result.body as string) : JSON.stringify(result.body), 'utf8');
  const headers = {
    'content-type': html ? 'text/html; charset=UTF-8' : 'application/json',
    'content-length': String(buffer.length),
    ...result.headers,
  };
  return { buffer, headers };
}

/** Writes the whole response. */
export function writeResult(res: ServerResponse, result: ApiResult): void {
  if (res.headersSent || res.destroyed) return;
  const { buffer, headers } = encodeResult(result);
  res.writeHead(result.status, headers);
  res.end(buffer);
}

/** Announces the full Content-Length, writes only half of the body, then kills the connection. */
export function writeTruncated(res: ServerResponse, result: ApiResult): void {
  if (res.headersSent || res.destroyed) return;
  const { buffer, headers } = encodeResult(result);
  res.writeHead(result.status, headers);
  res.flushHeaders();
  res.write(buffer.subarray(0, Math.floor(buffer.length / 2)), () => {
    res.socket?.destroy();
  });
}
