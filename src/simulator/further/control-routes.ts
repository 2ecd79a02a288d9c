import { SimulatorInputError } from '../core/errors.js';
import type { NewAttachment } from '../data/attachments.js';
import type { CalendarChange } from './calendar.js';
import type { Simulator } from '../core/types.js';
import type { Route } from '../server/router.js';
import { FURTHER_LISTS, isGenerated } from './lists.js';

type ControlHandler = (sim: Simulator, params: number[], body: Record<string, unknown>) => unknown;

const p = (params: number[], index: number): number => params[index] ?? Number.NaN;
const ok = { ok: true };
const A = '/_sim/accounts/:accountId';

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
    handler: (s, x, b) => s.updateCalendar(p(x, 0), p(x, 1), b as unknown as CalendarChange),
  },
  {
    method: 'POST',
    pattern: `${A}/conversations/:id/messages/:messageId/attachments`,
    handler: (s, x, b) => s.addAttachment(p(x, 0), p(x, 1), p(x, 2), b as NewAttachment),
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
