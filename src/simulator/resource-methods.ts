import { SimulatorInputError, SimulatorNotFoundError } from './core/errors.js';
import type { ResourceMethods } from './core/resource-types.js';
import type { SimulatorState } from './core/state.js';
import { addAttachment, expireAttachmentUrls } from './data/attachments.js';
import { calendarDays, parseDay } from './data/calendar.js';
import { financeFieldsOf } from './data/finance-fields.js';
import { resourcesOf, toResourceKind } from './data/resource-lists.js';
import { deleteRecord, updateCalendar, updateFinanceField, updateRecord } from './data/resource-mutations.js';

const copy = <T>(value: T): T => structuredClone(value);

/** The Simulator methods of the further resources; every result is a deep copy. */
export function resourceMethods(state: SimulatorState): ResourceMethods {
  const data = (accountId: number) => state.requireAccount(accountId);
  const rs = state.resources;
  const list = (accountId: number, kind: 'reviews' | 'tasks' | 'expenses') =>
    copy([...resourcesOf(rs, data(accountId), kind).values()]);
  const kindOf = (resource: string) => {
    const kind = toResourceKind(resource);
    if (kind === undefined) throw new SimulatorInputError(`no further resource list ${resource}`);
    return kind;
  };
  return {
    listReviews: (a) => list(a, 'reviews'),
    listTasks: (a) => list(a, 'tasks'),
    listExpenses: (a) => list(a, 'expenses'),
    listFinanceFields: (a, reservationId) => {
      const fields = financeFieldsOf(data(a), reservationId);
      if (fields === undefined)
        throw new SimulatorNotFoundError(`reservation ${reservationId} not found in account ${a}`);
      return copy(fields);
    },
    getCalendar: (a, listingId, startDate, endDate) => {
      const days = calendarDays(
        data(a),
        listingId,
        parseDay(startDate, 'startDate'),
        parseDay(endDate, 'endDate'),
        false,
      );
      if (days === undefined)
        throw new SimulatorNotFoundError(`listing ${listingId} not found in account ${a}`);
      return copy(days);
    },
    updateReview: (a, id, patch) => copy(updateRecord(rs, data(a), 'reviews', id, patch)),
    deleteReview: (a, id) => copy(deleteRecord(rs, data(a), 'reviews', id)),
    updateTask: (a, id, patch) => copy(updateRecord(rs, data(a), 'tasks', id, patch)),
    deleteTask: (a, id) => copy(deleteRecord(rs, data(a), 'tasks', id)),
    updateExpense: (a, id, patch) => copy(updateRecord(rs, data(a), 'expenses', id, patch)),
    deleteExpense: (a, id) => copy(deleteRecord(rs, data(a), 'expenses', id)),
    updateResourceObject: (a, resource, id, patch) =>
      copy(updateRecord(rs, data(a), kindOf(resource), id, patch)),
    deleteResourceObject: (a, resource, id) => copy(deleteRecord(rs, data(a), kindOf(resource), id)),
    listResourceObjects: (a, resource) => copy([...resourcesOf(rs, data(a), kindOf(resource)).values()]),
    updateFinanceField: (a, reservationId, fieldId, patch) =>
      copy(updateFinanceField(data(a), reservationId, fieldId, patch)),
    deleteFinanceField: (a, reservationId, fieldId) =>
      copy(updateFinanceField(data(a), reservationId, fieldId, { isDeleted: 1 })),
    updateCalendar: (a, listingId, change) => copy(updateCalendar(data(a), listingId, change)),
    addAttachment: (a, conversationId, messageId, attachment) =>
      copy(addAttachment(rs, data(a), conversationId, messageId, attachment ?? {})),
    expireAttachmentUrls: (a) => {
      const ids = a === undefined ? state.accounts.map((account) => account.accountId) : [data(a).accountId];
      for (const id of ids) expireAttachmentUrls(rs, id);
    },
    advanceClock: (ms) => {
      if (!Number.isFinite(ms) || ms < 0)
        throw new SimulatorInputError('advanceClock takes a non-negative number of ms');
      rs.clockOffsetMs += ms;
    },
  };
}
