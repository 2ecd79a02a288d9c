import { SimulatorInputError } from '../core/errors.js';
import type { CalendarChange, NewAttachment } from '../core/resource-types.js';
import type { Simulator } from '../core/types.js';
import type { Route } from '../server/router.js';
import { FURTHER_LISTS, isGenerated } from './lists.js';

type ControlHandler = (sim: Simulator, params: number[], body: Record<string, unknown>) => unknown;

const p = (params: number[], index: number): number => params[index] ?? Number.NaN;
const ok = { ok: true };
const A = '/_sim/accounts/:accountId';

function toAttachment(body: Record<string, unknown>): NewAttachment {
  const { name, isPublic, sizeBytes } = body;
  if (name !== undefined && typeof name !== 'string') throw new SimulatorInputError('name must be a string');
  if (isPublic !== undefined && isPublic !== 0 && isPublic !== 1)
    throw new SimulatorInputError('isPublic must be 0 or 1');
  if (sizeBytes !== undefined && typeof sizeBytes !== 'number')
    throw new SimulatorInputError('sizeBytes must be a number');
  return {
    ...(name === undefined ? {} : { name }),
    ...(isPublic === undefined ? {} : { isPublic }),
    ...(sizeBytes === undefined ? {} : { sizeBytes }),
  };
}

function toCalendarChange(body: Record<string, unknown>): CalendarChange {
  if (typeof body['startDate'] !== 'string')
    throw new SimulatorInputError('startDate must be a YYYY-MM-DD string');
  return body as unknown as CalendarChange;
}

/** Control routes of the further resources (mutations answer with the changed object as served). */
export const FURTHER_CONTROL_ROUTES: readonly Route<ControlHandler>[] = [
  ...FURTHER_LISTS.filter(isGenerated).flatMap(({ name }): Route<ControlHandler>[] => [
    {
      method: 'POST',
      pattern: `${A}/${name}/:id/update`,
      handler: (s, x, b) => s.updateResourceObject(p(x, 0), name, p(x, 1), b),
    },
    {
      method: 'DELETE',
      pattern: `${A}/${name}/:id`,
      handler: (s, x) => s.deleteResourceObject(p(x, 0), name, p(x, 1)),
    },
  ]),
  {
    method: 'POST',
    pattern: `${A}/financeField/:reservationId/:id/update`,
    handler: (s, x, b) => s.updateFinanceField(p(x, 0), p(x, 1), p(x, 2), b),
  },
  {
    method: 'DELETE',
    pattern: `${A}/financeField/:reservationId/:id`,
    handler: (s, x) => s.deleteFinanceField(p(x, 0), p(x, 1), p(x, 2)),
  },
  {
    method: 'POST',
    pattern: `${A}/listings/:id/calendar`,
    handler: (s, x, b) => s.updateCalendar(p(x, 0), p(x, 1), toCalendarChange(b)),
  },
  {
    method: 'POST',
    pattern: `${A}/conversations/:id/messages/:messageId/attachments`,
    handler: (s, x, b) => s.addAttachment(p(x, 0), p(x, 1), p(x, 2), toAttachment(b)),
  },
  {
    method: 'POST',
    pattern: `${A}/attachments/expire`,
    handler: (s, x) => (s.expireAttachmentUrls(p(x, 0)), ok),
  },
  { method: 'POST', pattern: '/_sim/attachments/expire', handler: (s) => (s.expireAttachmentUrls(), ok) },
  {
    method: 'POST',
    pattern: '/_sim/clock/advance',
    handler: (s, _, b) => {
      const ms = b['ms'];
      if (typeof ms !== 'number') throw new SimulatorInputError('ms must be a number');
      s.advanceClock(ms);
      return ok;
    },
  },
];
