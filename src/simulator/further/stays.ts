// Templates of the lists the SQL views read (reviews, tasks, guest charges) or the sync inspects (expenses'
// marker and updatedOn, owner statements' name and updatedOn): derived from the account's bookings, so the
// views' figures are plausible. Every other field of these objects is left out.
import { formatDate, formatDateTime, parseHostawayTime, DAY_MS, HOUR_MS } from '../core/time.js';
import { readNumber, readString } from '../data/account-data.js';
import type { HostawayRecord } from '../templates/key-template.js';
import type { ListContext } from './lists.js';

const STAYED = new Set(['new', 'modified']);
const PUBLIC_REVIEWS = [
  'Great place, spotless and exactly as described.',
  'Lovely stay, the host was very responsive.',
  'Good location, a bit noisy at night.',
  'Would stay again, thank you!',
];
const REPAIRS = [
  'Fix dripping tap',
  'Replace smoke detector battery',
  'Deep clean carpets',
  'Service the boiler',
];
const EXPENSES = ['Cleaning supplies', 'Plumber visit', 'Linen service', 'Light bulbs', 'Garden service'];
const EXTRAS = ['Late check-out', 'Airport transfer', 'Welcome basket'];

/** A booking's date ("YYYY-MM-DD") at an hour of the day, in ms UTC. */
const at = (booking: HostawayRecord, key: string, hour: number) =>
  parseHostawayTime(readString(booking, key)) + hour * HOUR_MS;

/**
 * A guest-to-host review of a stay that ended before the anchor and a host-to-guest one for about half
 * (still 'awaiting' when it ended in the last 14 days); for one cancelled booking in four a review with
 * `isCancelled: 1` (status 'expired').
 */
export function reviews(ctx: ListContext, booking: HostawayRecord): HostawayRecord[] {
  const status = readString(booking, 'status');
  if (STAYED.has(status) && at(booking, 'departureDate', 0) < ctx.data.anchorMs) {
    const guest = review(ctx, booking, 'guest-to-host', false);
    return ctx.rng.chance(0.5) ? [guest, review(ctx, booking, 'host-to-guest', false)] : [guest];
  }
  return status === 'cancelled' && ctx.rng.chance(0.25) ? [review(ctx, booking, 'guest-to-host', true)] : [];
}

function review(ctx: ListContext, booking: HostawayRecord, type: string, cancelled: boolean): HostawayRecord {
  const { rng, data } = ctx;
  const departureMs = at(booking, 'departureDate', 10);
  const awaiting = !cancelled && departureMs > data.anchorMs - 14 * DAY_MS;
  const status = cancelled
    ? 'expired'
    : awaiting
      ? 'awaiting'
      : rng.pick(['published', 'published', 'submitted']);
  const written = status !== 'expired' && status !== 'awaiting';
  return {
    accountId: data.accountId,
    listingMapId: readNumber(booking, 'listingMapId'),
    reservationId: readNumber(booking, 'id'),
    channelId: readNumber(booking, 'channelId'),
    type,
    status,
    rating: written ? rng.int(6, 10) : null,
    publicReview: written ? rng.pick(PUBLIC_REVIEWS) : null,
    isCancelled: cancelled ? 1 : 0,
    departureDate: formatDateTime(departureMs),
    arrivalDate: formatDateTime(at(booking, 'arrivalDate', 15)),
    listingName: String(booking['listingName'] ?? ''),
    guestName: String(booking['guestName'] ?? ''),
  };
}

/**
 * A cleaning task after every booked stay (check-out day 11:00 UTC, due 4 h later) and, for every 7th
 * booking, a maintenance task of its listing a few days before arrival; past ones completed.
 */
export function tasks(ctx: ListContext, booking: HostawayRecord, index: number): HostawayRecord[] {
  const listingMapId = readNumber(booking, 'listingMapId');
  const out: HostawayRecord[] = [];
  if (STAYED.has(readString(booking, 'status'))) {
    const startMs = at(booking, 'departureDate', 11);
    out.push({
      listingMapId,
      channelId: readNumber(booking, 'channelId'),
      reservationId: readNumber(booking, 'id'),
      title: 'Cleaning after check-out',
      ...task(ctx, startMs, startMs + 4 * HOUR_MS),
    });
  }
  if (index % 7 === 3) {
    const startMs = at(booking, 'arrivalDate', 9) - ctx.rng.int(2, 6) * DAY_MS;
    out.push({
      listingMapId,
      title: ctx.rng.pick(REPAIRS),
      ...task(ctx, startMs, startMs + 2 * DAY_MS),
      cost: ctx.rng.int(20, 300),
      costCurrency: String(booking['currency'] ?? 'USD'),
    });
  }
  return out;
}

function task(ctx: ListContext, startMs: number, endMs: number): HostawayRecord {
  const done = endMs < ctx.data.anchorMs;
  return {
    canStartFrom: formatDateTime(startMs),
    shouldEndBy: formatDateTime(endMs),
    status: done ? 'completed' : ctx.rng.pick(['pending', 'confirmed']),
    completedAt: done ? formatDateTime(endMs - 30 * 60_000) : null,
  };
}

/**
 * One charge per direct or Booking.com booked stay (due 72 h before arrival, paid when that lies before the
 * anchor) plus a security-deposit pre-authorisation for one in five.
 */
export function guestCharges(ctx: ListContext, booking: HostawayRecord): HostawayRecord[] {
  const channelId = booking['channelId'];
  if ((channelId !== 2000 && channelId !== 2005) || !STAYED.has(String(booking['status']))) return [];
  const charge = guestCharge(ctx, booking, 'charge');
  return ctx.rng.chance(0.2) ? [charge, guestCharge(ctx, booking, 'preAuth')] : [charge];
}

function guestCharge(ctx: ListContext, booking: HostawayRecord, type: string): HostawayRecord {
  const dueMs = at(booking, 'arrivalDate', 12) - 3 * DAY_MS;
  const paid = dueMs < ctx.data.anchorMs;
  const total = booking['totalPrice'];
  return {
    listingMapId: readNumber(booking, 'listingMapId'),
    reservationId: readNumber(booking, 'id'),
    type,
    currency: String(booking['currency'] ?? 'USD'),
    amount: type === 'charge' ? (typeof total === 'number' ? total : 0) : 200,
    status: paid ? (type === 'charge' ? 'paid' : 'released') : 'awaiting',
    paymentProviderChargeId: paid ? `ch_${ctx.rng.hex(24)}` : null,
    scheduledDate: formatDateTime(dueMs),
  };
}

/**
 * An expense (negative amount) or extra over the 120 days before the anchor, for one booking in three of
 * its listing tied to a reservation; every 10th soft-deleted.
 */
export function expense(ctx: ListContext, n: number): HostawayRecord {
  const { rng, data } = ctx;
  const listingMapId = readNumber(rng.pick([...data.listings.values()]), 'id');
  const ofListing = ctx.bookings.filter((b) => b['listingMapId'] === listingMapId);
  const booking = ofListing.length > 0 && rng.chance(0.4) ? rng.pick(ofListing) : undefined;
  const extra = rng.chance(0.25);
  const insertedMs = data.anchorMs - rng.int(1, 120 * 24) * HOUR_MS;
  const updatedMs = rng.chance(0.3)
    ? Math.min(data.anchorMs - 1000, insertedMs + rng.int(1, 72) * HOUR_MS)
    : insertedMs;
  return {
    accountId: data.accountId,
    listingMapId,
    reservationId: booking === undefined ? null : readNumber(booking, 'id'),
    expenseDate: formatDate(insertedMs),
    concept: rng.pick(extra ? EXTRAS : EXPENSES),
    type: extra ? 'extra' : 'expense',
    amount: extra ? rng.int(10, 80) : -rng.int(500, 40_000) / 100,
    isDeleted: n % 10 === 0 ? 1 : 0,
    insertedOn: formatDateTime(insertedMs),
    updatedOn: formatDateTime(updatedMs),
  };
}

/**
 * The nth monthly statement: `ownerStatementsPerListing` per listing, for the months before the anchor's,
 * newest first; issued a day after its month ends. The detail sums the owner's payout of its stays.
 */
export function ownerStatement(ctx: ListContext, n: number): HostawayRecord {
  const { data, options } = ctx;
  const listing = [...data.listings.values()][Math.floor((n - 1) / options.ownerStatementsPerListing)]!;
  const back = ((n - 1) % options.ownerStatementsPerListing) + 1;
  const anchor = new Date(data.anchorMs);
  const fromMs = Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth() - back, 1);
  const toMs = Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth() - back + 1, 1) - DAY_MS;
  const [fromDate, toDate] = [formatDate(fromMs), formatDate(toMs)];
  const listingMapId = readNumber(listing, 'id');
  const payout = ctx.bookings
    .filter((b) => b['listingMapId'] === listingMapId && STAYED.has(String(b['status'])))
    .filter((b) => readString(b, 'arrivalDate') >= fromDate && readString(b, 'arrivalDate') <= toDate)
    .reduce((sum, b) => sum + (typeof b['totalPrice'] === 'number' ? b['totalPrice'] * 0.8 : 0), 0);
  const issuedOn = formatDateTime(toMs + DAY_MS + ctx.rng.int(1, 20) * HOUR_MS);
  return {
    accountId: String(data.accountId),
    statementName: `${readString(listing, 'name')} ${fromDate.slice(0, 7)}`,
    filterParametersJson: { listingMapIds: [listingMapId], fromDate, toDate, dateType: 'arrivalDate' },
    grandTotalJson: { grandTotalAmount: Math.round(payout * 100) / 100 },
    insertedOn: issuedOn,
    updatedOn: issuedOn,
  };
}
