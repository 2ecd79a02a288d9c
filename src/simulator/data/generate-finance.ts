import { formatDate, formatDateTime, DAY_MS, HOUR_MS } from '../core/time.js';
import { buildFromTemplate, type HostawayRecord } from '../templates/key-template.js';
import { EXPENSE_KEYS, GUEST_CHARGE_KEYS } from '../templates/finance-templates.js';
import { readNumber, readString } from './account-data.js';
import { dateAtHour } from './resource-dates.js';
import { expenseId, guestChargeId } from './resource-ids.js';
import type { ResourceContext } from './resource-store.js';

const EXPENSES = ['Cleaning supplies', 'Plumber visit', 'Linen service', 'Light bulbs', 'Garden service'];
const EXTRAS = ['Late check-out', 'Airport transfer', 'Welcome basket'];

/**
 * `options.expenses` expenses and extras over the 120 days before the anchor (negative amount = expense,
 * type derived from the sign), some tied to a reservation of their listing; every 10th is soft-deleted
 * (`isDeleted: 1`).
 */
export function generateExpenses(ctx: ResourceContext): HostawayRecord[] {
  const { rng, data } = ctx;
  const listings = [...data.listings.values()];
  return Array.from({ length: ctx.options.expenses }, (_, index) => {
    const listing = rng.pick(listings);
    const listingMapId = readNumber(listing, 'id');
    const ofListing = ctx.bookings.filter((b) => b['listingMapId'] === listingMapId);
    const booking = ofListing.length > 0 && rng.chance(0.4) ? rng.pick(ofListing) : undefined;
    const extra = rng.chance(0.25);
    const insertedMs = data.anchorMs - rng.int(1, 120 * 24) * HOUR_MS;
    const updatedMs = rng.chance(0.3)
      ? Math.min(data.anchorMs - 1000, insertedMs + rng.int(1, 72) * HOUR_MS)
      : insertedMs;
    const id = expenseId(data.accountIndex, index + 1);
    return buildFromTemplate(EXPENSE_KEYS, {
      id,
      accountId: data.accountId,
      listingMapId,
      reservationId: booking === undefined ? null : readNumber(booking, 'id'),
      expenseDate: formatDate(insertedMs),
      concept: extra ? rng.pick(EXTRAS) : rng.pick(EXPENSES),
      type: extra ? 'extra' : 'expense',
      amount: extra ? rng.int(10, 80) : -rng.int(500, 40_000) / 100,
      isDeleted: index % 10 === 9 ? 1 : 0,
      insertedOn: formatDateTime(insertedMs),
      updatedOn: formatDateTime(updatedMs),
      ownerStatementIds: [],
      categories: [],
      categoriesNames: [],
      attachments: [],
      listingName: readString(listing, 'name'),
      guestName: booking === undefined ? null : String(booking['guestName'] ?? ''),
      ownerStatementNames: [],
      ownerStatementExpenseId: id,
    });
  });
}

/**
 * One charge per direct or Booking.com booking that is new or modified (accommodation, due 72 h before
 * arrival: paid when that lies before the anchor), plus a security-deposit pre-authorisation for one in
 * five. Ids in reservation-id order.
 */
export function generateGuestCharges(ctx: ResourceContext): HostawayRecord[] {
  const charges: HostawayRecord[] = [];
  for (const booking of ctx.bookings) {
    const channelId = booking['channelId'];
    const status = booking['status'];
    if ((channelId !== 2000 && channelId !== 2005) || (status !== 'new' && status !== 'modified')) continue;
    charges.push(charge(ctx, booking, charges.length + 1, 'charge'));
    if (ctx.rng.chance(0.2)) charges.push(charge(ctx, booking, charges.length + 1, 'preAuth'));
  }
  return charges;
}

function charge(
  ctx: ResourceContext,
  booking: HostawayRecord,
  n: number,
  type: 'charge' | 'preAuth',
): HostawayRecord {
  const { rng, data } = ctx;
  const dueMs = dateAtHour(readString(booking, 'arrivalDate'), 12) - 3 * DAY_MS;
  const paid = dueMs < data.anchorMs;
  const chargeId = paid ? `ch_${rng.hex(24)}` : null;
  const total = booking['totalPrice'];
  return buildFromTemplate(GUEST_CHARGE_KEYS, {
    id: guestChargeId(data.accountIndex, n),
    listingMapId: readNumber(booking, 'listingMapId'),
    reservationId: readNumber(booking, 'id'),
    autopaymentId: rng.int(10_000, 99_999),
    type,
    title: type === 'charge' ? 'Accommodation payment' : 'Security deposit',
    description: null,
    currency: String(booking['currency'] ?? 'USD'),
    paymentMethod: 'credit_card_online',
    amount: type === 'charge' ? (typeof total === 'number' ? total : 0) : 200,
    status: paid ? (type === 'charge' ? 'paid' : 'released') : 'awaiting',
    paymentProvider: 'stripe',
    paymentProviderMessage:
      chargeId === null ? null : `Charged successfully. Payment Provider charge ID: ${chargeId}`,
    paymentProviderChargeId: chargeId,
    scheduledDate: formatDateTime(dueMs),
    chargeDate: paid ? formatDate(dueMs) : null,
    isManual: 0,
    autoChargeId: rng.int(10_000, 99_999),
    triggerEvent: 'arrival',
    triggerTimeDelta: -72,
    percentageFee: type === 'charge' ? 100 : null,
    transactions: [],
  });
}
