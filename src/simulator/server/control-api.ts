import type { IncomingMessage, ServerResponse } from 'node:http';
import { SimulatorInputError, SimulatorNotFoundError } from '../core/errors.js';
import { parseJsonObject, pickFields, type Body } from '../core/input.js';
import type { PageHook, RateLimitOptions, Simulator } from '../core/types.js';
import { parseFaultSpec } from './faults.js';
import { parseScriptedPageHook } from './page-hook-actions.js';
import { readBody, writeResult, type ApiResult } from './http-io.js';
import type { CalendarChange } from '../further/calendar.js';
import { FURTHER_LISTS, isGenerated } from '../further/lists.js';
import type { NewAttachment } from '../data/attachments.js';
import { matchRoute, route, type Route } from './router.js';

/** `ids`: the pattern's numeric parameters in order (as many as it has). */
type ControlHandler = (sim: Simulator, ids: [number, number, number], body: Body) => unknown;
const controlRoute = (methodAndPattern: string, handler: ControlHandler) => route(methodAndPattern, handler);
const ok = { ok: true };
const describeHook = ({ id, match, label, matched, fired, error }: PageHook) => ({
  id,
  match,
  label,
  matched,
  fired,
  error: error ?? null,
});
const A = '/_sim/accounts/:accountId';

/** The control API under /_sim: JSON in and out, never rate limited, faulted or counted. */
const CONTROL_ROUTES: readonly Route<ControlHandler>[] = [
  controlRoute('GET /_sim/health', () => ({ status: 'ok' })),
  controlRoute('GET /_sim/accounts', (sim) => ({ accounts: sim.accounts })),
  controlRoute('GET /_sim/stats', (sim) => sim.stats),
  controlRoute('POST /_sim/stats/reset', (sim) => (sim.resetStats(), ok)),
  controlRoute('POST /_sim/faults', (sim, _, body) => (sim.injectFaults(parseFaultSpec(body)), ok)),
  controlRoute('DELETE /_sim/faults', (sim) => (sim.clearFaults(), ok)),
  controlRoute('POST /_sim/page-hooks', (sim, _, body) => {
    const { match, action, label } = parseScriptedPageHook(body);
    return describeHook(sim.afterRequest(match, action, label));
  }),
  controlRoute('GET /_sim/page-hooks', (sim) => ({ hooks: sim.listPageHooks().map(describeHook) })),
  controlRoute('DELETE /_sim/page-hooks', (sim) => (sim.clearPageHooks(), ok)),
  controlRoute('DELETE /_sim/page-hooks/:id', (sim, [id]) => {
    const hook = sim.listPageHooks().find((h) => h.id === id);
    if (hook === undefined) throw new SimulatorNotFoundError(`no page hook ${id}`);
    return (hook.remove(), ok);
  }),
  controlRoute('PUT /_sim/rate-limit', (sim, _, body) => (sim.setRateLimit(body as RateLimitOptions), ok)),
  controlRoute('POST /_sim/tokens/revoke-all', (sim) => (sim.revokeAllTokens(), ok)),
  controlRoute(`POST ${A}/reservations`, (sim, [a], body) => sim.addReservation(a, body)),
  controlRoute(`POST ${A}/reservations/:id/update`, (sim, [a, id], body) =>
    sim.updateReservation(a, id, body),
  ),
  controlRoute(`POST ${A}/reservations/:id/cancel`, (sim, [a, id]) => sim.cancelReservation(a, id)),
  controlRoute(`POST ${A}/reservations/:id/move`, (sim, [a, id], body) =>
    sim.moveReservation(a, id, Number(body['listingId'])),
  ),
  controlRoute(`DELETE ${A}/reservations/:id`, (sim, [a, id]) => (sim.deleteReservation(a, id), ok)),
  controlRoute(`POST ${A}/conversations/:id/messages`, (sim, [a, id], body) =>
    sim.addMessage(
      a,
      id,
      pickFields(body, { body: 'a string', isIncoming: '0 or 1', status: 'a string' }, 'message'),
    ),
  ),
  controlRoute(`DELETE ${A}/listings/:id`, (sim, [a, id]) => (sim.deleteListing(a, id), ok)),
  controlRoute(`POST ${A}/listings/:id/update`, (sim, [a, id], body) => sim.updateListing(a, id, body)),
  // The further resources (mutations answer with the changed object as served).
  ...FURTHER_LISTS.filter(isGenerated).flatMap(({ name }) => [
    controlRoute(`POST ${A}/${name}/:id/update`, (s, [a, id], b) => s.updateResourceObject(a, name, id, b)),
    controlRoute(`DELETE ${A}/${name}/:id`, (s, [a, id]) => s.deleteResourceObject(a, name, id)),
  ]),
  controlRoute(`POST ${A}/financeField/:reservationId/:id/update`, (s, [a, r, id], b) =>
    s.updateFinanceField(a, r, id, b),
  ),
  controlRoute(`DELETE ${A}/financeField/:reservationId/:id`, (s, [a, r, id]) =>
    s.deleteFinanceField(a, r, id),
  ),
  controlRoute(`POST ${A}/listings/:id/calendar`, (s, [a, id], b) =>
    s.updateCalendar(a, id, b as unknown as CalendarChange),
  ),
  controlRoute(`POST ${A}/conversations/:id/messages/:messageId/attachments`, (s, [a, c, m], b) =>
    s.addAttachment(a, c, m, b as NewAttachment),
  ),
  controlRoute(`POST ${A}/attachments/expire`, (s, [a]) => (s.expireAttachmentUrls(a), ok)),
  controlRoute('POST /_sim/attachments/expire', (s) => (s.expireAttachmentUrls(), ok)),
  controlRoute('POST /_sim/clock/advance', (s, _, b) => {
    const { ms } = b;
    if (typeof ms !== 'number') throw new SimulatorInputError('ms must be a number');
    return (s.advanceClock(ms), ok);
  }),
];

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
  const body = parseJsonObject(await readBody(req));
  if (match === undefined) {
    const error = `no control route ${req.method ?? 'GET'} ${url.pathname}`;
    return writeResult(res, { status: 404, body: { error } });
  }
  try {
    if (body === undefined) throw new SimulatorInputError('the request body must be a JSON object');
    const ids = match.params as [number, number, number];
    writeResult(res, { status: 200, body: match.route.handler(sim, ids, body) });
  } catch (error) {
    writeResult(res, errorResult(error));
  }
}
