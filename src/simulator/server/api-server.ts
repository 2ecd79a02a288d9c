import type { IncomingMessage, ServerResponse } from 'node:http';
import { SimulatorInputError } from '../core/errors.js';
import type { SimulatorState } from '../core/state.js';
import type { RequestContext } from './api-context.js';
import { API_ROUTES } from './api-routes.js';
import { faultResult } from './fault-responses.js';
import {
  badRequest,
  forbidden,
  notFound,
  parseFields,
  RATE_LIMIT_BODY,
  readBody,
  writeResult,
  writeTruncated,
  type ApiResult,
} from './http-io.js';
import { matchRoute } from './router.js';
import { increment, recordRequest } from './stats.js';

const API_PREFIX = '/v1';

/** Waits `ms` unless the simulator closes first (then never resolves; the socket is gone anyway). */
export type Delay = (ms: number) => Promise<void>;

type Incoming = Awaited<ReturnType<typeof parseIncoming>>;

/**
 * The API pipeline: count the request, record it in the rate-limit windows, apply a scripted fault if one
 * matches, answer 429 when over the limit, check the bearer token, then run the endpoint.
 */
export async function handleApiRequest(
  state: SimulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  delay: Delay,
): Promise<void> {
  const startedMs = Date.now();
  const incoming = await parseIncoming(state, req);
  const accountId = accountOf(state, incoming);
  const endpoint = `${incoming.method} ${incoming.match?.route.pattern ?? '(unmatched)'}`;
  recordRequest(state.stats, endpoint, accountId, incoming.url.searchParams);
  const allowed = state.limiter.hit(req.socket.remoteAddress ?? 'unknown', accountId, state.nowMs());
  const fault = state.faults.take(incoming.url.pathname, accountId);
  if (fault?.kind === 'short-page') capLimit(incoming.ctx.query, fault.limit ?? 1);
  const finish = (result: ApiResult | undefined, how: string): void => {
    if (result !== undefined) increment(state.stats.status, String(result.status));
    const status = result === undefined ? 'reset' : String(result.status);
    const account = accountId === undefined ? '' : ` account=${accountId}`;
    const suffix = how === '' ? '' : ` (${how})`;
    state.options.logRequests?.(
      `${incoming.method} ${incoming.url.pathname}${incoming.url.search} -> ${status} ${Date.now() - startedMs}ms${account}${suffix}`,
    );
  };
  if (fault?.kind === 'reset') {
    finish(undefined, 'fault reset');
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'slow') await delay(fault.delayMs ?? 1000);
  const canned = fault === undefined ? undefined : faultResult(fault);
  const result = canned ?? (allowed ? answer(state, incoming) : rateLimited(state));
  finish(result, fault === undefined ? '' : `fault ${fault.kind}`);
  if (fault?.kind === 'truncated') {
    writeTruncated(res, result);
    return;
  }
  writeResult(res, result);
  // Sent (encoded) already: whatever a page hook changes shows from the next request on.
  if (canned === undefined && result.status >= 200 && result.status < 300) {
    state.pageHooks.served({
      accountId,
      method: incoming.method,
      path: incoming.url.pathname,
      query: Object.fromEntries(incoming.url.searchParams),
      status: result.status,
      body: result.body,
    });
  }
}

/** Serves at most `cap` rows: a larger (or absent) `limit` is lowered to it, and so echoed. */
function capLimit(query: URLSearchParams, cap: number): void {
  const asked = Number(query.get('limit') ?? Number.NaN);
  if (!(asked > 0 && asked <= cap)) query.set('limit', String(cap));
}

function rateLimited(state: SimulatorState): ApiResult {
  state.stats.rateLimited += 1;
  return { status: 429, body: RATE_LIMIT_BODY };
}

async function parseIncoming(state: SimulatorState, req: IncomingMessage) {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://simulator.invalid');
  const path = url.pathname.startsWith(`${API_PREFIX}/`) ? url.pathname.slice(API_PREFIX.length) : undefined;
  const match = path === undefined ? undefined : matchRoute(API_ROUTES, method, path);
  const body = await readBody(req);
  const authorization = req.headers.authorization;
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  const ctx: RequestContext = {
    state,
    query: url.searchParams,
    params: match?.params ?? [],
    body,
    contentType: req.headers['content-type'],
  };
  return { method, url, match, ctx, bearer };
}

/** The account a request is attributed to: the token's (signature-checked) aud, or client_id when minting. */
function accountOf(state: SimulatorState, incoming: Incoming): number | undefined {
  if (incoming.match?.route.pattern === '/accessTokens' && incoming.method === 'POST') {
    try {
      const clientId = Number(parseFields(incoming.ctx.body, incoming.ctx.contentType)['client_id']);
      return Number.isSafeInteger(clientId) && clientId > 0 ? clientId : undefined;
    } catch {
      return undefined;
    }
  }
  if (incoming.bearer === undefined) return undefined;
  return state.tokens.check(incoming.bearer, state.nowMs(), 0).accountId;
}

function answer(state: SimulatorState, incoming: Incoming): ApiResult {
  const { match, ctx } = incoming;
  if (match === undefined) return notFound();
  const endpoint = match.route.handler;
  try {
    if (!endpoint.auth) return endpoint.handle(ctx);
    if (incoming.bearer === undefined) return forbidden();
    const check = state.tokens.check(incoming.bearer, state.nowMs(), state.options.tokenActivationMs);
    const data = check.ok ? state.findAccount(check.accountId) : undefined;
    if (data === undefined) return forbidden();
    return endpoint.handle({ ...ctx, data });
  } catch (error) {
    if (error instanceof SimulatorInputError) return badRequest(error.message);
    throw error;
  }
}
