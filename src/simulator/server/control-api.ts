import type { IncomingMessage, ServerResponse } from 'node:http';
import { SimulatorInputError, SimulatorNotFoundError } from '../core/errors.js';
import type { NewMessage, PageHook, RateLimitOptions, Simulator } from '../core/types.js';
import { parseFaultSpec } from './faults.js';
import { parseScriptedPageHook } from './page-hook-actions.js';
import { readBody, writeResult, type ApiResult } from './http-io.js';
import { FURTHER_CONTROL_ROUTES } from '../further/control-routes.js';
import { matchRoute, type Route } from './router.js';

type ControlHandler = (sim: Simulator, params: number[], body: Record<string, unknown>) => unknown;

const param = (params: number[], index: number): number => params[index] ?? Number.NaN;
const ok = { ok: true };
const describeHook = (hook: PageHook) => {
  const { id, match, label, matched, fired, error } = hook;
  return { id, match, label, matched, fired, error: error ?? null };
};

/** The control API under /_sim: JSON in and out, never rate limited, faulted or counted. */
const CONTROL_ROUTES: readonly Route<ControlHandler>[] = [
  { method: 'GET', pattern: '/_sim/health', handler: () => ({ status: 'ok' }) },
  { method: 'GET', pattern: '/_sim/accounts', handler: (sim) => ({ accounts: sim.accounts }) },
  { method: 'GET', pattern: '/_sim/stats', handler: (sim) => sim.stats },
  { method: 'POST', pattern: '/_sim/stats/reset', handler: (sim) => (sim.resetStats(), ok) },
  {
    method: 'POST',
    pattern: '/_sim/faults',
    handler: (sim, _, body) => (sim.injectFaults(parseFaultSpec(body)), ok),
  },
  { method: 'DELETE', pattern: '/_sim/faults', handler: (sim) => (sim.clearFaults(), ok) },
  {
    method: 'POST',
    pattern: '/_sim/page-hooks',
    handler: (sim, _, body) => {
      const { match, action, label } = parseScriptedPageHook(body);
      return describeHook(sim.afterRequest(match, action, label));
    },
  },
  {
    method: 'GET',
    pattern: '/_sim/page-hooks',
    handler: (sim) => ({ hooks: sim.listPageHooks().map(describeHook) }),
  },
  { method: 'DELETE', pattern: '/_sim/page-hooks', handler: (sim) => (sim.clearPageHooks(), ok) },
  {
    method: 'DELETE',
    pattern: '/_sim/page-hooks/:id',
    handler: (sim, p) => {
      const hook = sim.listPageHooks().find((h) => h.id === param(p, 0));
      if (hook === undefined) throw new SimulatorNotFoundError(`no page hook ${param(p, 0)}`);
      return (hook.remove(), ok);
    },
  },
  {
    method: 'PUT',
    pattern: '/_sim/rate-limit',
    handler: (sim, _, body) => (sim.setRateLimit(body as RateLimitOptions), ok),
  },
  { method: 'POST', pattern: '/_sim/tokens/revoke-all', handler: (sim) => (sim.revokeAllTokens(), ok) },
  {
    method: 'POST',
    pattern: '/_sim/accounts/:accountId/reservations',
    handler: (sim, p, body) => sim.addReservation(param(p, 0), body),
  },
  {
    method: 'POST',
    pattern: '/_sim/accounts/:accountId/reservations/:id/update',
    handler: (sim, p, body) => sim.updateReservation(param(p, 0), param(p, 1), body),
  },
  {
    method: 'POST',
    pattern: '/_sim/accounts/:accountId/reservations/:id/cancel',
    handler: (sim, p) => sim.cancelReservation(param(p, 0), param(p, 1)),
  },
  {
    method: 'POST',
    pattern: '/_sim/accounts/:accountId/reservations/:id/move',
    handler: (sim, p, body) => sim.moveReservation(param(p, 0), param(p, 1), Number(body['listingId'])),
  },
  {
    method: 'DELETE',
    pattern: '/_sim/accounts/:accountId/reservations/:id',
    handler: (sim, p) => (sim.deleteReservation(param(p, 0), param(p, 1)), ok),
  },
  {
    method: 'POST',
    pattern: '/_sim/accounts/:accountId/conversations/:id/messages',
    handler: (sim, p, body) => sim.addMessage(param(p, 0), param(p, 1), toNewMessage(body)),
  },
  {
    method: 'DELETE',
    pattern: '/_sim/accounts/:accountId/listings/:id',
    handler: (sim, p) => (sim.deleteListing(param(p, 0), param(p, 1)), ok),
  },
  {
    method: 'POST',
    pattern: '/_sim/accounts/:accountId/listings/:id/update',
    handler: (sim, p, body) => sim.updateListing(param(p, 0), param(p, 1), body),
  },
  ...FURTHER_CONTROL_ROUTES,
];

function toNewMessage(body: Record<string, unknown>): NewMessage {
  const { body: text, isIncoming, status } = body;
  if (text !== undefined && typeof text !== 'string') throw new SimulatorInputError('body must be a string');
  if (isIncoming !== undefined && isIncoming !== 0 && isIncoming !== 1)
    throw new SimulatorInputError('isIncoming must be 0 or 1');
  if (status !== undefined && typeof status !== 'string')
    throw new SimulatorInputError('status must be a string');
  return {
    ...(text === undefined ? {} : { body: text }),
    ...(isIncoming === undefined ? {} : { isIncoming }),
    ...(status === undefined ? {} : { status }),
  };
}

function parseBody(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SimulatorInputError('the request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SimulatorInputError('the request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

function errorResult(error: unknown): ApiResult {
  if (error instanceof SimulatorNotFoundError) return { status: 404, body: { error: error.message } };
  if (error instanceof SimulatorInputError || error instanceof RangeError)
    return { status: 400, body: { error: error.message } };
  throw error;
}

export async function handleControlRequest(
  sim: Simulator,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://simulator.invalid');
  const match = matchRoute(CONTROL_ROUTES, req.method ?? 'GET', url.pathname);
  const text = await readBody(req);
  if (match === undefined) {
    writeResult(res, {
      status: 404,
      body: { error: `no control route ${req.method ?? 'GET'} ${url.pathname}` },
    });
    return;
  }
  try {
    const result = match.route.handler(sim, match.params, parseBody(text));
    writeResult(res, { status: 200, body: result });
  } catch (error) {
    writeResult(res, errorResult(error));
  }
}
