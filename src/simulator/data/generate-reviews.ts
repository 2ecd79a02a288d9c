import { formatDateTime, DAY_MS } from '../core/time.js';
import { buildFromTemplate, type HostawayRecord } from '../templates/key-template.js';
import { REVIEW_KEYS } from '../templates/operations-templates.js';
import { readNumber, readString } from './account-data.js';
import { dateAtHour } from './resource-dates.js';
import { reviewId } from './resource-ids.js';
import type { ResourceContext } from './resource-store.js';

const STAYED = new Set(['new', 'modified']);
const PUBLIC_REVIEWS = [
  'Great place, spotless and exactly as described.',
  'Lovely stay, the host was very responsive.',
  'Good location, a bit noisy at night.',
  'Would stay again, thank you!',
];
const CATEGORIES = ['cleanliness', 'communication', 'check_in', 'accuracy', 'location', 'value'];

/**
 * Reviews of stays that ended before the anchor: a guest-to-host review for every such booking and a
 * host-to-guest one for about half; stays that ended in the last 14 days are still 'awaiting'. One cancelled
 * booking in four has a review with `isCancelled: 1` (status 'expired'). Ids in reservation-id order.
 */
export function generateReviews(ctx: ResourceContext): HostawayRecord[] {
  const { rng, data } = ctx;
  const reviews: HostawayRecord[] = [];
  const anchorDate = formatDateTime(data.anchorMs).slice(0, 10);
  for (const booking of ctx.bookings) {
    const status = readString(booking, 'status');
    const departed = readString(booking, 'departureDate') < anchorDate;
    if (STAYED.has(status) && departed) {
      reviews.push(review(ctx, booking, reviews.length + 1, 'guest-to-host', false));
      if (rng.chance(0.5)) reviews.push(review(ctx, booking, reviews.length + 1, 'host-to-guest', false));
    } else if (status === 'cancelled' && rng.chance(0.25)) {
      reviews.push(review(ctx, booking, reviews.length + 1, 'guest-to-host', true));
    }
  }
  return reviews;
}

function review(
  ctx: ResourceContext,
  booking: HostawayRecord,
  n: number,
  type: 'guest-to-host' | 'host-to-guest',
  cancelled: boolean,
): HostawayRecord {
  const { rng, data } = ctx;
  const departureMs = dateAtHour(readString(booking, 'departureDate'), 10);
  const awaiting = !cancelled && departureMs > data.anchorMs - 14 * DAY_MS;
  const status = cancelled
    ? 'expired'
    : awaiting
      ? 'awaiting'
      : rng.pick(['published', 'published', 'submitted']);
  const written = status === 'published' || status === 'submitted';
  const rating = written ? rng.int(6, 10) : null;
  const airbnb = booking['channelId'] === 2018;
  return buildFromTemplate(REVIEW_KEYS, {
    id: reviewId(data.accountIndex, n),
    accountId: data.accountId,
    listingMapId: readNumber(booking, 'listingMapId'),
    reservationId: readNumber(booking, 'id'),
    scheduledDateTime: awaiting && type === 'host-to-guest' ? formatDateTime(departureMs + DAY_MS) : null,
    channelId: readNumber(booking, 'channelId'),
    type,
    status,
    rating,
    externalReviewId: airbnb && written ? String(rng.int(100_000_000, 999_999_999)) : null,
    externalReservationId: airbnb ? String(booking['channelReservationId'] ?? '') || null : null,
    publicReview: written ? rng.pick(PUBLIC_REVIEWS) : null,
    privateFeedback: written && rng.chance(0.3) ? 'Please replace the shower curtain.' : null,
    revieweeResponse:
      written && type === 'guest-to-host' && rng.chance(0.2) ? 'Thank you for staying!' : null,
    isRevieweeRecommended: type === 'host-to-guest' && written ? 1 : null,
    isCancelled: cancelled ? 1 : 0,
    reviewCategory:
      written && type === 'guest-to-host'
        ? CATEGORIES.map((category) => ({ category, rating: Math.min(10, (rating ?? 8) + rng.int(-1, 1)) }))
        : [],
    departureDate: formatDateTime(departureMs),
    arrivalDate: formatDateTime(dateAtHour(readString(booking, 'arrivalDate'), 15)),
    listingName: String(booking['listingName'] ?? ''),
    guestName: String(booking['guestName'] ?? ''),
  });
}
