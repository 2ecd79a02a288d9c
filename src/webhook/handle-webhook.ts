import { DatabaseUnavailableError, describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { parseWebhookBody, type ParsedWebhook, type RefetchMode } from '../sync/webhook-event.js';
import type { AuthThrottle } from './auth-throttle.js';
import type { AuthVerdict, VerifyOptions } from './authenticator.js';
import type { AcceptedEvent, StoredEvent } from './inbox-writer.js';
import type { WebhookMetrics } from './metrics.js';
import { unstorableJsonReason } from './storable-json.js';
import type { Readiness } from '../observability/readiness.js';

export interface WebhookRequest {
  method: string;
  /** Path and query, as in the request line. */
  url: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
  /** Who sent it, for the failed-login throttle (remote address, or the trusted proxy's view). */
  client?: string;
}

export interface WebhookResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface WebhookHandlerDeps {
  authenticate(
    accountId: number,
    authorization: string | string[] | undefined,
    options?: VerifyOptions,
  ): Promise<AuthVerdict>;
  /** Resolves once the event is durably stored. */
  submit(event: AcceptedEvent): Promise<StoredEvent>;
  readiness(): Promise<Readiness>;
  metrics: WebhookMetrics;
  logger: Logger;
  /** Failed logins per client; past its limit a client's failures are answered 429, its successes 200. */
  throttle?: AuthThrottle;
  refetch: RefetchMode;
  maxBodyBytes: number;
  /** Storing slower than this is answered 503 (Hostaway gives up after 20 s and retries later). */
  submitTimeoutMs: number;
}

/** Hostaway's unified webhook path; the second is the path the original tool registered. */
export const WEBHOOK_PATHS: readonly string[] = ['/webhooks/hostaway', '/hostaway/webhooks/hostaway'];
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

const reply = (status: number, body: unknown, headers: Record<string, string> = {}): WebhookResponse => ({
  status,
  headers: { ...JSON_TYPE, ...headers },
  body: JSON.stringify(body),
});

/** The route label of a request path (metrics), or undefined for an unknown path. */
export function routeOf(url: string): 'webhook' | 'health' | 'ready' | 'metrics' | undefined {
  const path = (url.split('?')[0] ?? '').replace(/(.)\/+$/, '$1');
  if (WEBHOOK_PATHS.includes(path)) return 'webhook';
  if (path === '/health' || path === '/ready' || path === '/metrics') return path.slice(1) as 'health';
  return undefined;
}

/**
 * Every request the listener serves, without sockets: the server reads the body (bounded) and writes
 * what this returns. 2xx for anything Hostaway should not send again, 401 for bad credentials, 5xx only
 * when the event could not be stored (Hostaway retries 5xx and 429, never other 4xx).
 */
export async function handleWebhook(
  request: WebhookRequest,
  deps: WebhookHandlerDeps,
): Promise<WebhookResponse> {
  const route = routeOf(request.url);
  if (route === undefined) return reply(404, { error: 'not found' });
  if (route !== 'webhook') {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return reply(405, { error: 'method not allowed' }, { allow: 'GET, HEAD' });
    if (route === 'health') return reply(200, { status: 'ok' });
    if (route === 'ready') {
      const readiness = await deps.readiness();
      return reply(readiness.ready ? 200 : 503, readiness);
    }
    const metrics = await deps.metrics.render();
    return { status: 200, headers: { 'content-type': metrics.contentType }, body: metrics.body };
  }
  if (request.method !== 'POST') return reply(405, { error: 'method not allowed' }, { allow: 'POST' });
  if (request.body.length > deps.maxBodyBytes) return reply(413, { error: 'body too large' });
  const text = request.body.toString('utf8').replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return reply(400, { error: 'the body is not valid JSON' });
  }
  const unstorable = unstorableJsonReason(text);
  if (unstorable !== undefined) return reply(400, { error: `the body cannot be stored: ${unstorable}` });
  return handleDelivery(parseWebhookBody(json, deps.refetch), text, request, deps);
}

/**
 * A failed login: 401, or 429 with Retry-After when the client is past its failed-login limit for the
 * account (Hostaway retries 429 later). Only failures count and only failures are refused: valid
 * credentials are accepted whatever the counter says (handleDelivery checks them first).
 */
function refusedReply(
  request: WebhookRequest,
  accountId: number,
  verdict: AuthVerdict,
  deps: WebhookHandlerDeps,
): WebhookResponse {
  const client = request.client ?? 'unknown';
  const waitMs = deps.throttle?.blockedForMs(client, accountId) ?? 0;
  if (waitMs > 0) {
    deps.metrics.authThrottled();
    return reply(
      429,
      { error: 'too many failed logins' },
      { 'retry-after': String(Math.ceil(waitMs / 1000)) },
    );
  }
  deps.metrics.authFailed();
  deps.throttle?.recordFailure(client, accountId);
  const why = verdict === 'no-credentials' ? 'the account has no webhook credentials' : 'wrong credentials';
  deps.logger.warn({ accountId, reason: why }, 'webhook rejected');
  return reply(401, { error: 'unauthorized' }, { 'www-authenticate': 'Basic realm="hostaway-sync"' });
}

function ignored(deps: WebhookHandlerDeps, reason: string, fields: Record<string, unknown> = {}) {
  deps.metrics.ignored(reason);
  deps.logger.info({ reason, ...fields }, 'webhook ignored');
  return reply(200, { status: 'ignored', reason });
}

async function handleDelivery(
  parsed: ParsedWebhook,
  body: string,
  request: WebhookRequest,
  deps: WebhookHandlerDeps,
): Promise<WebhookResponse> {
  if (parsed.kind === 'malformed') return reply(400, { error: parsed.reason });
  if (parsed.kind === 'ping') return ignored(deps, 'test');
  const { accountId } = parsed;
  if (accountId === null) return ignored(deps, 'no-account', { event: parsed.event });
  const throttled = (deps.throttle?.blockedForMs(request.client ?? 'unknown', accountId) ?? 0) > 0;
  let verdict: AuthVerdict;
  try {
    verdict = await deps.authenticate(accountId, request.headers.authorization, { throttled });
  } catch (error) {
    return unavailable(deps, error, accountId);
  }
  if (verdict === 'unknown-account' || verdict === 'inactive') return ignored(deps, verdict, { accountId });
  if (verdict !== 'ok') return refusedReply(request, accountId, verdict, deps);
  if (parsed.kind === 'unsupported')
    return ignored(deps, 'unsupported-event', { accountId, event: parsed.event });
  const event: AcceptedEvent = {
    accountId,
    event: parsed.event,
    objectId: parsed.objectId,
    action: parsed.action,
    dataPath: parsed.dataPath,
    body,
  };
  try {
    const stored = await withTimeout(deps.submit(event), deps.submitTimeoutMs);
    deps.metrics.received(event.event);
    deps.logger.debug(
      { accountId, event: event.event, id: stored.id, outcome: stored.outcome },
      'webhook stored',
    );
    return reply(200, { status: 'accepted', id: stored.id, inbox: stored.status, outcome: stored.outcome });
  } catch (error) {
    return unavailable(deps, error, accountId);
  }
}

function unavailable(deps: WebhookHandlerDeps, error: unknown, accountId: number): WebhookResponse {
  deps.logger.error({ accountId, err: describeError(error) }, 'webhook not stored; Hostaway will retry');
  const temporary = error instanceof DatabaseUnavailableError || error instanceof SubmitTimeout;
  return reply(temporary ? 503 : 500, { error: 'not stored, try again later' }, { 'retry-after': '30' });
}

class SubmitTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SubmitTimeout(`not stored within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
