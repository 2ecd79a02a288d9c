import type { Rng } from '../core/prng.js';
import type { HostawayRecord } from '../templates/key-template.js';
import { formatDate, formatDateTime, DAY_MS, HOUR_MS } from '../core/time.js';
import { FIRST_NAMES, LAST_NAMES } from './vocabulary.js';

export interface Channel {
  channelId: number;
  channelName: string;
  source: string | null;
}

/** Channels observed in the real capture, weighted roughly like a typical account. */
export const CHANNELS: readonly (readonly [Channel, number])[] = [
  [{ channelId: 2018, channelName: 'airbnbOfficial', source: null }, 55],
  [{ channelId: 2002, channelName: 'homeaway', source: 'VRBO' }, 15],
  [{ channelId: 2005, channelName: 'bookingcom', source: null }, 15],
  [{ channelId: 2000, channelName: 'direct', source: null }, 15],
];

/** Status mix of the real 100-row capture. */
export const STATUSES: readonly (readonly [string, number])[] = [
  ['modified', 47],
  ['new', 24],
  ['inquiry', 18],
  ['cancelled', 7],
  ['declined', 2],
  ['inquiryPreapproved', 1],
  ['inquiryNotPossible', 1],
];

const ALPHANUMERIC = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function code(rng: Rng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += ALPHANUMERIC[rng.int(0, ALPHANUMERIC.length - 1)] ?? 'X';
  return out;
}

function emailLocalPart(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

/** Channel booking codes: reservationId, channelReservationId and confirmationCode. */
export function channelCodes(
  rng: Rng,
  channel: Channel,
  accountId: number,
  listingId: number,
): HostawayRecord {
  const externalId = String(rng.int(10_000_000, 999_999_999));
  switch (channel.channelId) {
    case 2018: {
      const confirmation = `HM${code(rng, 8)}`;
      const reservationCode = `${listingId}-guest-${externalId}-confirmation-${confirmation}`;
      return {
        reservationId: reservationCode,
        channelReservationId: reservationCode,
        confirmationCode: confirmation,
        guestExternalAccountId: externalId,
      };
    }
    case 2002: {
      const hex = rng.hex(32);
      const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
      return {
        reservationId: uuid,
        channelReservationId: uuid,
        confirmationCode: `HA-${code(rng, 6)}`,
        externalPropertyId: String(rng.int(1_000_000, 9_999_999)),
        externalUnitId: String(rng.int(1_000_000, 9_999_999)),
      };
    }
    case 2005: {
      const number = String(rng.int(1_000_000_000, 4_999_999_999));
      return {
        reservationId: number,
        channelReservationId: number,
        confirmationCode: number,
        externalPropertyId: String(rng.int(100_000, 999_999)),
      };
    }
    default: {
      const direct = `${accountId}-${listingId}-2000-${rng.int(1_000_000_000, 9_999_999_999)}`;
      return { reservationId: direct, channelReservationId: direct, confirmationCode: null };
    }
  }
}

export function guestFields(rng: Rng, channel: Channel): HostawayRecord {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const named = channel.channelId === 2018 || rng.chance(0.9);
  const adults = rng.int(1, 4);
  const children = rng.chance(0.2) ? rng.int(1, 2) : 0;
  return {
    guestName: `${first} ${last}`,
    guestFirstName: named ? first : null,
    guestLastName: named ? last : null,
    guestZipCode: rng.chance(0.2) ? String(rng.int(10000, 99999)) : null,
    guestAddress: rng.chance(0.2) ? `${rng.int(1, 300)} Elm Street` : null,
    guestCity: rng.chance(0.3) ? rng.pick(['Boston', 'Paris', 'Toronto', 'Madrid']) : null,
    guestCountry: rng.chance(0.7) ? rng.pick(['US', 'GB', 'DE', 'FR', 'CA', 'ES']) : null,
    guestEmail: rng.chance(0.85) ? `${emailLocalPart(first)}.${emailLocalPart(last)}@example.com` : null,
    guestPicture: channel.channelId === 2018 ? `https://images.example.com/guests/${rng.hex(12)}.jpg` : null,
    guestRecommendations: rng.int(0, 12),
    guestTrips: rng.int(0, 30),
    isGuestIdentityVerified: rng.chance(0.6) ? 1 : 0,
    isGuestVerifiedByEmail: rng.chance(0.8) ? 1 : 0,
    isGuestVerifiedByWorkEmail: 0,
    isGuestVerifiedByFacebook: 0,
    isGuestVerifiedByGovernmentId: rng.chance(0.5) ? 1 : 0,
    isGuestVerifiedByPhone: rng.chance(0.8) ? 1 : 0,
    isGuestVerifiedByReviews: rng.chance(0.4) ? 1 : 0,
    numberOfGuests: adults + children,
    adults,
    children,
    infants: rng.chance(0.9) ? 0 : null,
    pets: rng.chance(0.9) ? 0 : 1,
    phone: rng.chance(0.8) ? `+1555${rng.int(1_000_000, 9_999_999)}` : null,
    guestLocale: rng.chance(0.6) ? 'en' : null,
    localeForMessaging: rng.chance(0.6) ? 'en' : null,
  };
}

export function moneyFields(
  rng: Rng,
  channel: Channel,
  nightly: number,
  nights: number,
  cleaning: number,
): HostawayRecord {
  const base = nightly * nights;
  const tax = Math.round(base * 0.12 * 100) / 100;
  const total = Math.round((base + cleaning + tax) * 100) / 100;
  const airbnb = channel.channelId === 2018;
  const hostFee = Math.round(base * 0.03 * 100) / 100;
  return {
    totalPrice: total,
    taxAmount: rng.chance(0.8) ? tax : null,
    channelCommissionAmount: channel.channelId === 2000 ? null : Math.round(total * 0.15 * 100) / 100,
    cleaningFee: cleaning,
    securityDepositFee: rng.chance(0.5) ? 0 : null,
    paymentStatus: airbnb ? 'Paid' : rng.pick(['Paid', 'Unpaid', 'Unknown', null]),
    stripeGuestId: channel.channelId === 2000 ? `cus_${rng.hex(14)}` : null,
    stripeMessage: null,
    airbnbExpectedPayoutAmount: airbnb ? Math.round((base + cleaning - hostFee) * 100) / 100 : null,
    airbnbListingBasePrice: airbnb ? base : null,
    airbnbListingCancellationHostFee: airbnb ? 0 : null,
    airbnbListingCancellationPayout: airbnb ? 0 : null,
    airbnbListingCleaningFee: airbnb ? cleaning : null,
    airbnbListingHostFee: airbnb ? hostFee : null,
    airbnbListingSecurityPrice: airbnb ? 0 : null,
    airbnbTotalPaidAmount: airbnb ? total : null,
    airbnbTransientOccupancyTaxPaidAmount: airbnb ? tax : null,
    airbnbCancellationPolicy: airbnb
      ? rng.pick(['flexible', 'moderate', 'strict_14_with_grace_period'])
      : null,
  };
}

/** Stay dates relative to the booking time; modified reservations carry their previous dates. */
export function stayFields(rng: Rng, status: string, reservedMs: number): HostawayRecord {
  const arrivalMs = reservedMs + rng.int(1, 180) * DAY_MS;
  const nights = rng.int(1, 14);
  const shift = rng.int(1, 7) * DAY_MS;
  const modified = status === 'modified';
  const inquiry = status.startsWith('inquiry');
  return {
    arrivalDate: formatDate(arrivalMs),
    departureDate: formatDate(arrivalMs + nights * DAY_MS),
    isDatesUnspecified: 0,
    previousArrivalDate: modified ? formatDate(arrivalMs - shift) : null,
    previousDepartureDate: modified ? formatDate(arrivalMs - shift + nights * DAY_MS) : null,
    checkInTime: rng.pick([15, 16]),
    checkOutTime: rng.pick([10, 11]),
    nights,
    pendingExpireDate: inquiry ? formatDateTime(reservedMs + 24 * HOUR_MS) : null,
  };
}
