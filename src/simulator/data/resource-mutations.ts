import { SimulatorInputError, SimulatorNotFoundError } from '../core/errors.js';
import type { ResourceState } from '../core/resource-state.js';
import type { CalendarChange } from '../core/resource-types.js';
import { formatDate, formatDateTime, DAY_MS } from '../core/time.js';
import type { HostawayRecord, KeyTemplate } from '../templates/key-template.js';
import { EXPENSE_KEYS, FINANCE_FIELD_KEYS } from '../templates/finance-templates.js';
import { REVIEW_KEYS, TASK_KEYS } from '../templates/operations-templates.js';
import type { AccountData } from './account-data.js';
import { calendarDays, parseDay } from './calendar.js';
import { financeFieldsOf } from './finance-fields.js';
import { checkPatch, requireListing } from './reservation-mutations.js';
import { resourcesOf } from './resource-lists.js';
import { storeOf, type ResourceKind } from './resource-store.js';

const TEMPLATES: Partial<Record<ResourceKind, KeyTemplate>> = {
  reviews: REVIEW_KEYS,
  tasks: TASK_KEYS,
  expenses: EXPENSE_KEYS,
};
const SINGULAR: Partial<Record<ResourceKind, string>> = {
  reviews: 'review',
  tasks: 'task',
  expenses: 'expense',
};

function requireRecord(
  state: ResourceState,
  data: AccountData,
  kind: ResourceKind,
  id: number,
): HostawayRecord {
  const record = resourcesOf(state, data, kind).get(id);
  if (record === undefined)
    throw new SimulatorNotFoundError(
      `${SINGULAR[kind] ?? kind} ${id} not found in account ${data.accountId}`,
    );
  return record;
}

/**
 * Applies a patch (keys of the object's template, or of the object itself for kinds without one); a
 * record with `updatedOn` gets it set to now unless the patch sets it.
 */
export function updateRecord(
  state: ResourceState,
  data: AccountData,
  kind: ResourceKind,
  id: number,
  patch: Record<string, unknown>,
): HostawayRecord {
  const record = requireRecord(state, data, kind, id);
  checkPatch(patch, TEMPLATES[kind] ?? record, SINGULAR[kind] ?? kind);
  if ('updatedOn' in record) record['updatedOn'] = formatDateTime(state.nowMs());
  Object.assign(record, patch);
  return record;
}

/** Expenses are soft-deleted (isDeleted 1, updatedOn now); every other kind is removed (then 404). */
export function deleteRecord(
  state: ResourceState,
  data: AccountData,
  kind: ResourceKind,
  id: number,
): HostawayRecord {
  const record = requireRecord(state, data, kind, id);
  if (kind !== 'expenses') {
    resourcesOf(state, data, kind).delete(id);
    return record;
  }
  return updateRecord(state, data, kind, id, { isDeleted: 1 });
}

function requireField(data: AccountData, reservationId: number, fieldId: number): HostawayRecord {
  const fields = financeFieldsOf(data, reservationId);
  if (fields === undefined)
    throw new SimulatorNotFoundError(`reservation ${reservationId} not found in account ${data.accountId}`);
  const field = fields.find((f) => f['id'] === fieldId);
  if (field === undefined)
    throw new SimulatorNotFoundError(`finance field ${fieldId} not found on reservation ${reservationId}`);
  return field;
}

/** Patches a finance field; `delete` marks it isDeleted 1 (it stays in the list). */
export function updateFinanceField(
  data: AccountData,
  reservationId: number,
  fieldId: number,
  patch: Record<string, unknown>,
): HostawayRecord {
  const field = requireField(data, reservationId, fieldId);
  checkPatch(patch, FINANCE_FIELD_KEYS, 'finance field');
  return Object.assign(field, patch);
}

const CALENDAR_FIELDS = [
  'price',
  'isAvailable',
  'status',
  'minimumStay',
  'maximumStay',
  'note',
  'closedOnArrival',
  'closedOnDeparture',
];

/**
 * Overrides days of a listing's calendar (kept across requests). `isAvailable` without `status` sets the
 * status to 'available' or 'blocked'. Returns the changed days as served.
 */
export function updateCalendar(
  data: AccountData,
  listingId: number,
  change: CalendarChange,
): HostawayRecord[] {
  requireListing(data, listingId);
  const startMs = parseDay(String(change.startDate), 'startDate');
  const endMs = change.endDate === undefined ? startMs : parseDay(String(change.endDate), 'endDate');
  const patch = Object.fromEntries(
    Object.entries(change).filter(([key]) => key !== 'startDate' && key !== 'endDate'),
  );
  const bad = Object.keys(patch).filter((key) => !CALENDAR_FIELDS.includes(key));
  if (bad.length > 0) throw new SimulatorInputError(`cannot patch calendar field(s): ${bad.join(', ')}`);
  if (patch['isAvailable'] !== undefined && patch['status'] === undefined) {
    patch['status'] = patch['isAvailable'] === 1 ? 'available' : 'blocked';
  }
  if (patch['status'] !== undefined && patch['isAvailable'] === undefined) {
    patch['isAvailable'] = patch['status'] === 'available' ? 1 : 0;
  }
  const days = calendarDays(data, listingId, startMs, endMs, false) ?? [];
  const store = storeOf(data);
  const overrides = store.calendar.get(listingId) ?? new Map<string, HostawayRecord>();
  for (let ms = startMs; ms <= endMs; ms += DAY_MS) {
    const date = formatDate(ms);
    overrides.set(date, { ...overrides.get(date), ...patch });
  }
  store.calendar.set(listingId, overrides);
  return days.length === 0 ? [] : (calendarDays(data, listingId, startMs, endMs, false) ?? []);
}
