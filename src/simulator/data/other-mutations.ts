import { SimulatorInputError, found } from '../core/errors.js';
import type { NewMessage } from '../core/types.js';
import type { HostawayRecord } from '../templates/key-template.js';
import { LISTING_KEYS } from '../templates/observed-keys.js';
import { formatDateTime, DAY_MS } from '../core/time.js';
import { readNumber, type AccountData } from './account-data.js';
import { buildMessage } from './generate-messages.js';
import { checkPatch, ownerOf, requireListing } from './reservation-mutations.js';
import { applyThreadDates } from './thread-summary.js';
import { newId } from './ids.js';
import { threadMessages } from './threads.js';
import { GUEST_LINES, HOST_LINES, SCHEDULED_LINES } from './vocabulary.js';

/**
 * Adds a message dated now (an 'awaiting' message is scheduled one day ahead) and recomputes the
 * conversation's messageSentOn / messageReceivedOn / hasUnreadMessages. The reservation is not touched.
 */
export function addMessage(
  data: AccountData,
  conversationId: number,
  input: NewMessage,
  nowMs: number,
): HostawayRecord {
  const conversation = found(
    data.conversations.get(conversationId),
    `conversation ${conversationId} not found in account ${data.accountId}`,
  );
  const isIncoming = input.isIncoming ?? 1;
  if (isIncoming !== 0 && isIncoming !== 1) throw new SimulatorInputError('isIncoming must be 0 or 1');
  const status = input.status ?? 'sent';
  const scheduled = status === 'awaiting';
  const lines = scheduled ? SCHEDULED_LINES : isIncoming === 1 ? GUEST_LINES : HOST_LINES;
  const message = buildMessage(
    data,
    ownerOf(data, conversation),
    {
      isIncoming,
      status,
      dateMs: scheduled ? nowMs + DAY_MS : nowMs,
      insertedMs: nowMs,
      body: input.body ?? data.rng.pick(lines),
    },
    newId(data, 'message'),
  );
  const messages = threadMessages(data, conversationId) ?? [];
  messages.push(message);
  data.messages.set(conversationId, messages);
  applyThreadDates(conversation, messages);
  if (status === 'sent') conversation['hasUnreadMessages'] = isIncoming;
  data.cache.clear();
  return message;
}

export function deleteListing(data: AccountData, listingId: number): void {
  requireListing(data, listingId);
  data.listings.delete(listingId);
  data.cache.clear();
}

/**
 * Applies `patch` and bumps latestActivityOn (listings have no updatedOn). A new name is also shown as
 * `listingName` on the listing's reservations, without touching their updatedOn (Hostaway joins it).
 */
export function updateListing(
  data: AccountData,
  listingId: number,
  patch: Record<string, unknown>,
  nowMs: number,
): HostawayRecord {
  const listing = requireListing(data, listingId);
  checkPatch(patch, LISTING_KEYS, 'listing');
  listing['latestActivityOn'] = formatDateTime(nowMs);
  Object.assign(listing, patch);
  const name = listing['name'];
  if (typeof name === 'string') {
    for (const reservation of data.reservations.values()) {
      if (readNumber(reservation, 'listingMapId') === listingId) reservation['listingName'] = name;
    }
  }
  data.cache.clear();
  return listing;
}
