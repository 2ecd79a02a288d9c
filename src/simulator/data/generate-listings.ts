import { formatDateTime, DAY_MS, MINUTE_MS } from '../core/time.js';
import { buildFromTemplate, type HostawayRecord } from '../templates/key-template.js';
import { LISTING_KEYS } from '../templates/observed-keys.js';
import type { GenerationContext } from './account-data.js';
import { newId } from './ids.js';
import { listingNested } from './listing-parts.js';
import { CITIES, FIRST_NAMES, LISTING_ADJECTIVES, LISTING_KINDS } from './vocabulary.js';

export function generateListing(ctx: GenerationContext): HostawayRecord {
  const { rng, anchorMs } = ctx;
  const id = newId(ctx, 'listing');
  const place = rng.pick(CITIES);
  const street = `${rng.pick(place.streets)} ${rng.int(1, 240)}`;
  const bedrooms = rng.int(0, 4);
  const name = `${rng.pick(LISTING_ADJECTIVES)} ${bedrooms === 0 ? 'Studio' : `${bedrooms}BR ${rng.pick(LISTING_KINDS)}`} in ${place.city}`;
  const price = rng.int(8, 60) * 5;
  const insertedMs = anchorMs - rng.int(200, 900) * DAY_MS + rng.int(0, 1439) * MINUTE_MS;
  const text = `${name}. Walk to cafés, parks and public transport.`;
  const numbers = listingNumbers(ctx, bedrooms, price);
  const texts = listingTexts(ctx, name, text);
  const nested = listingNested(ctx, id, bedrooms, place.currencyCode, insertedMs);
  const own: HostawayRecord = {
    id,
    propertyTypeId: rng.pick([1, 2, 3, 8]),
    name,
    externalListingName: name,
    internalListingName: `${place.city.slice(0, 3).toUpperCase()}-${id}`,
    description: rng.chance(0.9) ? text : null,
    thumbnailUrl: `https://images.example.com/listings/${id}/thumb.jpg`,
    houseRules: 'No smoking. No parties. Quiet hours 10 pm - 8 am.',
    doorSecurityCode: rng.chance(0.5) ? String(rng.int(1000, 9999)) : null,
    country: place.country,
    countryCode: place.countryCode,
    state: place.state,
    city: place.city,
    street,
    address: `${street}, ${place.city}, ${place.state} ${place.zipcode}, ${place.country}`,
    publicAddress: `${place.city}, ${place.state} ${place.zipcode}, ${place.country}`,
    zipcode: place.zipcode,
    price,
    lat: round(place.lat + (rng.next() - 0.5) / 50, 6),
    lng: round(place.lng + (rng.next() - 0.5) / 50, 6),
    contactName: rng.pick(FIRST_NAMES),
    contactPhone1: `+1555${rng.int(1000000, 9999999)}`,
    language: 'en',
    currencyCode: place.currencyCode,
    timeZoneName: place.timeZoneName,
    wifiUsername: `guest-${id}`,
    wifiPassword: rng.hex(10),
    cleannessStatus: rng.chance(0.5) ? String(rng.int(1, 3)) : null,
    latestActivityOn: formatDateTime(anchorMs - rng.int(60, 90 * 24 * 60) * MINUTE_MS),
    insertedOn: formatDateTime(insertedMs),
  };
  return buildFromTemplate(LISTING_KEYS, own, numbers, texts, nested);
}

function listingNumbers(ctx: GenerationContext, bedrooms: number, price: number): HostawayRecord {
  const { rng } = ctx;
  return {
    weeklyDiscount: rng.pick([0, 0.9, 0.95]),
    monthlyDiscount: rng.pick([0, 0.8, 0.85]),
    propertyRentTax: 0,
    guestPerPersonPerNightTax: 0,
    guestStayTax: 0,
    guestNightlyTax: 0,
    refundableDamageDeposit: rng.pick([0, 200, 500]),
    isDepositStayCollected: 0,
    personCapacity: Math.max(2, bedrooms * 2),
    checkInTimeStart: rng.pick([14, 15, 16]),
    checkInTimeEnd: rng.chance(0.8) ? 22 : null,
    checkOutTime: rng.pick([10, 11]),
    cancellationPolicy: rng.pick(['flexible', 'moderate', 'strict']),
    squareMeters: 25 + bedrooms * rng.int(15, 30),
    roomType: 'entire_home',
    bathroomType: 'private',
    bedroomsNumber: bedrooms,
    bedsNumber: Math.max(1, bedrooms),
    bathroomsNumber: Math.max(1, Math.ceil(bedrooms / 2)),
    minNights: rng.pick([1, 2, 3]),
    maxNights: 365,
    guestsIncluded: Math.max(1, bedrooms * 2),
    cleaningFee: rng.pick([40, 60, 75.5, 90]),
    checkinFee: 0,
    priceForExtraPerson: Math.round(price / 10),
    instantBookable: rng.chance(0.6) ? 1 : 0,
    airbnbBookingLeadTime: 24,
    airbnbBookingLeadTimeAllowRequestToBook: rng.chance(0.5) ? 1 : null,
    allowSameDayBooking: 1,
    sameDayBookingLeadTime: 18,
    cancellationPolicyId: 4010,
    vrboCancellationPolicyId: 4011,
    marriottCancellationPolicyId: 4013,
    bookingCancellationPolicyId: 4013,
    airbnbCancellationPolicyId: 4012,
    averageReviewRating: rng.pick([8, 9, 9.2, 9.6, 10]),
    partnersListingMarkup: 1,
    airbnbOfficialListingMarkup: 1.03,
    bookingEngineMarkup: 1,
    homeawayApiMarkup: 1.05,
    marriottListingMarkup: 1,
    airbnbPetFeeAmount: rng.chance(0.3) ? 25 : null,
  };
}

function listingTexts(ctx: GenerationContext, name: string, text: string): HostawayRecord {
  const slug = ctx.rng.int(10_000_000, 99_999_999);
  return {
    airbnbName: name,
    airbnbSummary: text,
    airbnbSpace: 'The whole place is yours.',
    airbnbAccess: 'Self check-in with a keypad.',
    airbnbInteraction: 'We are available by message at any time.',
    airbnbNeighborhoodOverview: 'A lively neighbourhood with shops and restaurants.',
    airbnbNotes: 'Please take the rubbish out before check-out.',
    airbnbExportStatus: 'exported',
    vrboExportStatus: 'notExported',
    googleExportStatus: 'notExported',
    homeawayPropertyName: name,
    homeawayPropertyHeadline: name,
    homeawayPropertyDescription: text,
    bookingcomPropertyName: name,
    bookingcomPropertyRoomName: 'Apartment',
    bookingcomPropertyDescription: ctx.rng.chance(0.5) ? text : null,
    airbnbListingUrl: `https://www.airbnb.com/rooms/${slug}`,
    vrboListingUrl: `https://www.vrbo.com/${slug}`,
    googleVrListingUrl: '',
    expediaListingUrl: '',
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
