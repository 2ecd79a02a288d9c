import { SimulatorInputError } from '../core/errors.js';
import { mixSeed } from '../core/prng.js';
import { formatDate, DAY_MS } from '../core/time.js';
import { readNumber, readString, type AccountData } from '../data/account-data.js';
import { requireListing } from '../data/reservation-mutations.js';
import type { HostawayRecord } from '../templates/key-template.js';
import { storeOf } from './store.js';

/**
 * The days from startDate to endDate (default startDate) get these day fields: price, isAvailable (without
 * status, 1 sets 'available' and 0 'blocked'), status, minimumStay, maximumStay, note, closedOnArrival,
 * closedOnDeparture.
 */
export type CalendarChange = { startDate: string; endDate?: string } & Record<string, unknown>;
const EDITABLE =
  'price isAvailable status minimumStay maximumStay note closedOnArrival closedOnDeparture'.split(' ');

/** At most this many days per request (the real limit is undocumented). */
export const MAX_CALENDAR_DAYS = 1096;
const OCCUPYING = new Set(['new', 'modified']);
const PENDING = new Set(['inquiryPreapproved', 'pending', 'awaitingPayment']);

/** Milliseconds of a strict "YYYY-MM-DD", or throws SimulatorInputError. */
export function parseDay(value: string, name: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms) || formatDate(ms) !== value) {
    throw new SimulatorInputError(`${name} must be a date in the format YYYY-MM-DD`);
  }
  return ms;
}

/** Reservations of a listing that show on its calendar; cached until the next mutation. */
function staysOf(data: AccountData, listingId: number): HostawayRecord[] {
  const key = `calendar-stays:${listingId}`;
  const cached = data.cache.get(key);
  if (cached !== undefined) return cached;
  const stays = [...data.reservations.values()].filter((r) => {
    const status = String(r['status']);
    return r['listingMapId'] === listingId && (OCCUPYING.has(status) || PENDING.has(status));
  });
  data.cache.set(key, stays);
  return stays;
}

/** calendarDay.reservations[] items (includeResources=1): the reservation fields a calendar shows. */
const EMBEDDED_KEYS = [
  'id',
  'listingMapId',
  'channelId',
  'guestName',
  'arrivalDate',
  'departureDate',
  'status',
];
const embedded = (reservation: HostawayRecord): HostawayRecord =>
  Object.fromEntries(EMBEDDED_KEYS.map((key) => [key, reservation[key] ?? null]));

/**
 * Calendar day ids: unique per listing and date within an account (not across accounts), derived from the
 * listing number and the day number since 1970, so any requested range has stable ids.
 */
function calendarDayId(accountIndex: number, listingIdValue: number, dayNumber: number): number {
  const n = listingIdValue - 100_000 - accountIndex * 10_000;
  return 1_000_000_000 + Math.max(0, n - 1) * 40_000 + (((dayNumber % 40_000) + 40_000) % 40_000);
}

/**
 * One calendar day: reserved (or pending) when a new/modified (or pre-approved) stay covers the night, else
 * available with one night in 40 blocked; the listing's price with +20 % on Friday and Saturday nights and
 * a small per-day variation; then any override set by a mutation.
 */
function day(
  data: AccountData,
  listing: HostawayRecord,
  dayMs: number,
  withReservations: boolean,
): HostawayRecord {
  const listingId = readNumber(listing, 'id');
  const date = formatDate(dayMs);
  const dayNumber = Math.floor(dayMs / DAY_MS);
  const stays = staysOf(data, listingId).filter(
    (r) => readString(r, 'arrivalDate') <= date && date < readString(r, 'departureDate'),
  );
  const hash = mixSeed(data.seed, listingId, dayNumber);
  const weekday = new Date(dayMs).getUTCDay();
  const base = readNumber(listing, 'price') * (weekday === 5 || weekday === 6 ? 1.2 : 1);
  const reserved = stays.some((r) => OCCUPYING.has(String(r['status'])));
  const blocked = stays.length === 0 && hash % 40 === 0;
  const status = reserved ? 'reserved' : stays.length > 0 ? 'pending' : blocked ? 'blocked' : 'available';
  const override = storeOf(data).calendar.get(listingId)?.get(date) ?? {};
  return {
    id: calendarDayId(data.accountIndex, listingId, dayNumber),
    date,
    isAvailable: status === 'available' ? 1 : 0,
    status,
    price: Math.round(base * (1 + ((hash % 11) - 5) / 100)),
    minimumStay: readNumber(listing, 'minNights'),
    maximumStay: readNumber(listing, 'maxNights'),
    closedOnArrival: null,
    closedOnDeparture: null,
    note: blocked ? 'Owner block' : null,
    ...override,
    reservations: withReservations ? stays.map(embedded) : [],
  };
}

/** The days from startMs to endMs inclusive; undefined for an unknown listing. */
export function calendarDays(
  data: AccountData,
  listingId: number,
  startMs: number,
  endMs: number,
  withReservations: boolean,
): HostawayRecord[] | undefined {
  const listing = data.listings.get(listingId);
  if (listing === undefined) return undefined;
  if (endMs < startMs) throw new SimulatorInputError('endDate must not be before startDate');
  if ((endMs - startMs) / DAY_MS + 1 > MAX_CALENDAR_DAYS) {
    throw new SimulatorInputError(`at most ${MAX_CALENDAR_DAYS} days per request`);
  }
  const days: HostawayRecord[] = [];
  for (let ms = startMs; ms <= endMs; ms += DAY_MS) days.push(day(data, listing, ms, withReservations));
  return days;
}

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
  const bad = Object.keys(patch).filter((key) => !EDITABLE.includes(key));
  if (bad.length > 0) throw new SimulatorInputError(`cannot patch calendar field(s): ${bad.join(', ')}`);
  if (patch['isAvailable'] !== undefined && patch['status'] === undefined) {
    patch['status'] = patch['isAvailable'] === 1 ? 'available' : 'blocked';
  }
  if (patch['status'] !== undefined && patch['isAvailable'] === undefined) {
    patch['isAvailable'] = patch['status'] === 'available' ? 1 : 0;
  }
  calendarDays(data, listingId, startMs, endMs, false); // checks the range
  const store = storeOf(data);
  const overrides = store.calendar.get(listingId) ?? new Map<string, HostawayRecord>();
  for (let ms = startMs; ms <= endMs; ms += DAY_MS) {
    const date = formatDate(ms);
    overrides.set(date, { ...overrides.get(date), ...patch });
  }
  store.calendar.set(listingId, overrides);
  return calendarDays(data, listingId, startMs, endMs, false) ?? [];
}
