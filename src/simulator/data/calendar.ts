import { SimulatorInputError } from '../core/errors.js';
import { mixSeed } from '../core/prng.js';
import { formatDate, DAY_MS } from '../core/time.js';
import { buildFromTemplate, type HostawayRecord } from '../templates/key-template.js';
import { CALENDAR_DAY_KEYS, CALENDAR_RESERVATION_KEYS } from '../templates/operations-templates.js';
import { readNumber, readString, type AccountData } from './account-data.js';
import { calendarDayId } from './resource-ids.js';
import { storeOf } from './resource-store.js';

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

function embedded(reservation: HostawayRecord): HostawayRecord {
  return Object.fromEntries(CALENDAR_RESERVATION_KEYS.map((key) => [key, reservation[key] ?? null]));
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
  return buildFromTemplate(
    CALENDAR_DAY_KEYS,
    {
      id: calendarDayId(data.accountIndex, listingId, dayNumber),
      date,
      isAvailable: status === 'available' ? 1 : 0,
      isProcessed: 1,
      status,
      price: Math.round(base * (1 + ((hash % 11) - 5) / 100)),
      minimumStay: readNumber(listing, 'minNights'),
      maximumStay: readNumber(listing, 'maxNights'),
      note: blocked ? 'Owner block' : null,
    },
    override,
    { reservations: withReservations ? stays.map(embedded) : [] },
  );
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
