import { SimulatorInputError, found } from '../core/errors.js';
import type { HostawayRecord } from '../templates/key-template.js';
import type { SimulatorState } from '../core/state.js';
import { addAttachment, expireAttachmentUrls, type NewAttachment } from '../data/attachments.js';
import { calendarDays, parseDay, updateCalendar, type CalendarChange } from './calendar.js';
import { financeFieldsOf, updateFinanceField } from './finance-fields.js';
import { deleteObject, generatedList, objectsOf, updateObject } from './store.js';

const copy = <T>(value: T): T => structuredClone(value);

/** The Simulator methods of the further resources; every result is a deep copy. */
export function resourceMethods(state: SimulatorState) {
  const data = (accountId: number) => state.requireAccount(accountId);
  const rs = state.resources;
  return {
    /** The objects of a further list by its resource name ('reviews', 'tasks', …), in served order. */
    listResourceObjects: (a: number, resource: string): HostawayRecord[] =>
      copy([...objectsOf(rs, data(a), generatedList(resource)).values()]),
    /** Patches one object (keys it has only); one with `updatedOn` gets it set to now. */
    updateResourceObject: (a: number, resource: string, id: number, patch: Record<string, unknown>) =>
      copy(updateObject(rs, data(a), generatedList(resource), id, patch)),
    /**
     * Deletes one object as Hostaway shows it: expenses get `isDeleted: 1` (and updatedOn now), reviews
     * `isCancelled: 1`, both still listed; any other is removed (its detail then 404s). Returns the object.
     */
    deleteResourceObject: (a: number, resource: string, id: number) =>
      copy(deleteObject(rs, data(a), generatedList(resource), id)),
    listFinanceFields: (a: number, reservationId: number) => {
      return copy(
        found(
          financeFieldsOf(data(a), reservationId),
          `reservation ${reservationId} not found in account ${a}`,
        ),
      );
    },
    /** Days from startDate to endDate inclusive ("YYYY-MM-DD"), without embedded reservations. */
    getCalendar: (a: number, listingId: number, startDate: string, endDate: string) => {
      const [startMs, endMs] = [parseDay(startDate, 'startDate'), parseDay(endDate, 'endDate')];
      return copy(
        found(
          calendarDays(data(a), listingId, startMs, endMs, false),
          `listing ${listingId} not found in account ${a}`,
        ),
      );
    },
    updateFinanceField: (a: number, reservationId: number, fieldId: number, patch: Record<string, unknown>) =>
      copy(updateFinanceField(data(a), reservationId, fieldId, patch)),
    /** Soft delete: isDeleted 1; the field is still served. */
    deleteFinanceField: (a: number, reservationId: number, fieldId: number) =>
      copy(updateFinanceField(data(a), reservationId, fieldId, { isDeleted: 1 })),
    /** Overrides calendar days (price, availability, stay limits, note); returns the changed days. */
    updateCalendar: (a: number, listingId: number, change: CalendarChange) =>
      copy(updateCalendar(data(a), listingId, change)),
    /** Adds a file to a message; returns the message as served (with signed URLs). */
    addAttachment: (a: number, conversationId: number, messageId: number, attachment?: NewAttachment) =>
      copy(addAttachment(rs, data(a), conversationId, messageId, attachment ?? {})),
    /** Every attachment URL issued so far (one account, or all) answers 410; re-fetched messages get new ones. */
    expireAttachmentUrls: (a?: number) => {
      const ids = a === undefined ? state.accounts.map((account) => account.accountId) : [data(a).accountId];
      for (const id of ids) expireAttachmentUrls(rs, id);
    },
    /** Moves the simulator clock forward (tokens, rate-limit windows, URL expiry, mutation times). */
    advanceClock: (ms: number) => {
      if (!Number.isFinite(ms) || ms < 0)
        throw new SimulatorInputError('advanceClock takes a non-negative number of ms');
      rs.clockOffsetMs += ms;
    },
  };
}

/** Programmatic access to the further resources (README "Further resources"). */
export type ResourceMethods = ReturnType<typeof resourceMethods>;
