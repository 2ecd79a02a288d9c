import { SimulatorInputError, SimulatorNotFoundError } from '../core/errors.js';
import type { ResourceMethods } from '../core/resource-types.js';
import type { SimulatorState } from '../core/state.js';
import { addAttachment, expireAttachmentUrls } from '../data/attachments.js';
import { calendarDays, parseDay, updateCalendar } from './calendar.js';
import { financeFieldsOf, updateFinanceField } from './finance-fields.js';
import { deleteObject, generatedList, objectsOf, updateObject } from './store.js';

const copy = <T>(value: T): T => structuredClone(value);

/** The Simulator methods of the further resources; every result is a deep copy. */
export function resourceMethods(state: SimulatorState): ResourceMethods {
  const data = (accountId: number) => state.requireAccount(accountId);
  const rs = state.resources;
  return {
    listResourceObjects: (a, resource) => copy([...objectsOf(rs, data(a), generatedList(resource)).values()]),
    updateResourceObject: (a, resource, id, patch) =>
      copy(updateObject(rs, data(a), generatedList(resource), id, patch)),
    deleteResourceObject: (a, resource, id) => copy(deleteObject(rs, data(a), generatedList(resource), id)),
    listFinanceFields: (a, reservationId) => {
      const fields = financeFieldsOf(data(a), reservationId);
      if (fields === undefined)
        throw new SimulatorNotFoundError(`reservation ${reservationId} not found in account ${a}`);
      return copy(fields);
    },
    getCalendar: (a, listingId, startDate, endDate) => {
      const [startMs, endMs] = [parseDay(startDate, 'startDate'), parseDay(endDate, 'endDate')];
      const days = calendarDays(data(a), listingId, startMs, endMs, false);
      if (days === undefined)
        throw new SimulatorNotFoundError(`listing ${listingId} not found in account ${a}`);
      return copy(days);
    },
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
