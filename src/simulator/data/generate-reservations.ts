import type { Rng } from '../core/prng.js';
import { buildFromTemplate, type HostawayRecord } from '../templates/key-template.js';
import { RESERVATION_KEYS } from '../templates/observed-keys.js';
import { formatDateTime, MINUTE_MS, SECOND_MS } from '../core/time.js';
import { readNumber, readString, type GenerationContext } from './account-data.js';
import { newId } from './ids.js';
import {
  CHANNELS,
  STATUSES,
  channelCodes,
  guestFields,
  moneyFields,
  stayFields,
} from './reservation-parts.js';

/**
 * `count` updatedOn instants over the last ~90 days before `anchorMs`, shuffled. Includes bursts of up to
 * 50 rows sharing the same second (the first burst is always 50 rows when count >= 100), which is what
 * makes cursor pagination interesting.
 */
export function updateTimeline(rng: Rng, count: number, anchorMs: number): number[] {
  const times: number[] = [];
  let firstBurst = count >= 100;
  while (times.length < count) {
    const remaining = count - times.length;
    let size = 1;
    if (firstBurst) {
      size = 50;
      firstBurst = false;
    } else if (rng.chance(0.015)) {
      size = Math.min(rng.int(2, 50), remaining);
    }
    const instant = anchorMs - rng.int(60, 90 * 24 * 3600) * SECOND_MS;
    for (let i = 0; i < size; i += 1) times.push(instant);
  }
  for (let i = times.length - 1; i > 0; i -= 1) {
    const j = rng.int(0, i);
    const swap = times[i] ?? 0;
    times[i] = times[j] ?? 0;
    times[j] = swap;
  }
  return times;
}

/**
 * A reservation in the plain (includeResources=0) form, for `listing`, last updated at `updatedMs`.
 * `justCreated`: status 'new', inserted at `updatedMs` (used by addReservation).
 */
export function generateReservation(
  ctx: GenerationContext,
  listing: HostawayRecord,
  updatedMs: number,
  justCreated = false,
): HostawayRecord {
  const { rng } = ctx;
  const id = newId(ctx, 'reservation');
  const channel = rng.weighted(CHANNELS);
  const status = justCreated ? 'new' : rng.weighted(STATUSES);
  const fresh = justCreated || (status === 'new' && rng.chance(0.3));
  const insertedMs = fresh ? updatedMs : updatedMs - rng.int(0, 200 * 24 * 60) * MINUTE_MS;
  const reservedMs = insertedMs - rng.int(0, 120) * SECOND_MS;
  const activityMs = insertedMs + Math.floor(rng.next() * (updatedMs - insertedMs + 1));
  const listingMapId = readNumber(listing, 'id');
  const stay = stayFields(rng, status, reservedMs);
  const nights = readNumber(stay, 'nights');
  const hash = rng.hex(32);
  const codes = channelCodes(rng, channel, ctx.accountId, listingMapId);
  const guest = guestFields(rng, channel);
  const money = moneyFields(
    rng,
    channel,
    readNumber(listing, 'price'),
    nights,
    readNumber(listing, 'cleaningFee'),
  );
  const own: HostawayRecord = {
    id,
    listingMapId,
    listingName: readString(listing, 'name'),
    hostawayReservationId: String(id),
    guestAuthHash: hash,
    guestPortalUrl: `https://guest.hostaway.example/${id}?hash=${hash}`,
    isProcessed: 1,
    isInitial: 0,
    isManuallyChecked: 0,
    isInstantBooked: rng.chance(0.4) ? 1 : 0,
    reservationDate: formatDateTime(reservedMs),
    currency: readString(listing, 'currencyCode'),
    insertedOn: formatDateTime(insertedMs),
    updatedOn: formatDateTime(updatedMs),
    latestActivityOn: formatDateTime(activityMs),
  };
  const state = statusFields(rng, status, updatedMs);
  return buildFromTemplate(RESERVATION_KEYS, own, { ...channel }, codes, guest, stay, money, state);
}

/** The reservations of one account; ids follow generation order, updatedOn does not. */
export function generateReservations(
  ctx: GenerationContext,
  listings: readonly HostawayRecord[],
  count: number,
): HostawayRecord[] {
  const times = updateTimeline(ctx.rng, count, ctx.anchorMs);
  return times.map((updatedMs) => generateReservation(ctx, ctx.rng.pick(listings), updatedMs));
}

/** Status, flags, notes and the remaining scalar fields; cancelled reservations get their cancellation. */
export function statusFields(rng: Rng, status: string, updatedMs: number): HostawayRecord {
  const cancelled = status === 'cancelled';
  return {
    status,
    cancellationDate: cancelled ? formatDateTime(updatedMs) : null,
    cancelledBy: cancelled ? rng.pick(['guest', 'host', null]) : null,
    hostNote: rng.chance(0.1) ? 'Returning guest.' : null,
    doorCode: rng.chance(0.5) ? String(rng.int(1000, 9999)) : null,
    comment: rng.chance(0.1) ? 'Late arrival expected.' : null,
    isStarred: rng.chance(0.05) ? 1 : 0,
    isArchived: 0,
    isPinned: 0,
    customFieldValues: [],
    reservationFees: [],
    reservationUnit: [],
    reservationAgreement: rng.weighted(AGREEMENTS),
    financeField: [],
    insuranceStatus: 'not_insured',
    cancellationPolicyId: rng.chance(0.7) ? rng.int(4010, 4013) : null,
    hostProxyEmail: `c-${rng.hex(32)}@host.hostaway.info`,
  };
}

const AGREEMENTS: readonly (readonly [string, number])[] = [
  ['not_required', 8],
  ['signed', 1],
  ['not_signed', 1],
];
