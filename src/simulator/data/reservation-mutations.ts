import { SimulatorInputError, found } from '../core/errors.js';
import type { HostawayRecord } from '../templates/key-template.js';
import { RESERVATION_KEYS } from '../templates/observed-keys.js';
import { formatDateTime } from '../core/time.js';
import { readNumber, readString, type AccountData } from './account-data.js';
import { generateConversation, subjectForReservation } from './generate-conversations.js';
import { buildMessage, type ThreadOwner } from './generate-messages.js';
import { generateReservation } from './generate-reservations.js';
import { generateResources } from './generate-resources.js';
import { applyThreadDates } from './thread-summary.js';
import { newId } from './ids.js';
import { dropThread, threadMessages } from './threads.js';
import { GUEST_LINES, HOST_LINES } from './vocabulary.js';

export function requireReservation(data: AccountData, reservationId: number): HostawayRecord {
  return found(
    data.reservations.get(reservationId),
    `reservation ${reservationId} not found in account ${data.accountId}`,
  );
}

export function requireListing(data: AccountData, listingId: number): HostawayRecord {
  return found(data.listings.get(listingId), `listing ${listingId} not found in account ${data.accountId}`);
}

/** Throws unless every key of `patch` is a key of `template` (and not `id`). */
export function checkPatch(
  patch: Record<string, unknown>,
  template: Readonly<Record<string, unknown>>,
  what: string,
): void {
  const bad = Object.keys(patch).filter((key) => key === 'id' || !(key in template));
  if (bad.length > 0) throw new SimulatorInputError(`cannot patch ${what} field(s): ${bad.join(', ')}`);
}

/** Applies `patch`, bumping updatedOn and latestActivityOn to now (a patch may set them explicitly). */
export function updateReservation(
  data: AccountData,
  reservationId: number,
  patch: Record<string, unknown>,
  nowMs: number,
): HostawayRecord {
  const reservation = requireReservation(data, reservationId);
  checkPatch(patch, RESERVATION_KEYS, 'reservation');
  const now = formatDateTime(nowMs);
  reservation['updatedOn'] = now;
  reservation['latestActivityOn'] = now;
  const resources = data.resources.get(reservationId) ?? { customFieldValues: [], reservationFees: [] };
  for (const [key, value] of Object.entries(patch)) {
    if ((key === 'customFieldValues' || key === 'reservationFees') && Array.isArray(value)) {
      resources[key] = value as HostawayRecord[];
    } else {
      reservation[key] = value;
    }
  }
  data.resources.set(reservationId, resources);
  data.cache.clear();
  return reservation;
}

export function cancelReservation(data: AccountData, reservationId: number, nowMs: number): HostawayRecord {
  const now = formatDateTime(nowMs);
  return updateReservation(
    data,
    reservationId,
    { status: 'cancelled', cancellationDate: now, cancelledBy: 'guest' },
    nowMs,
  );
}

/** Moves a reservation (and its conversations and messages) to another listing of the account. */
export function moveReservation(
  data: AccountData,
  reservationId: number,
  listingId: number,
  nowMs: number,
): HostawayRecord {
  const listing = requireListing(data, listingId);
  const reservation = updateReservation(
    data,
    reservationId,
    { listingMapId: listingId, listingName: readString(listing, 'name') },
    nowMs,
  );
  for (const [conversationId, conversation] of data.conversations) {
    if (conversation['reservationId'] !== reservationId) continue;
    conversation['listingMapId'] = listingId;
    for (const message of threadMessages(data, conversationId) ?? []) message['listingMapId'] = listingId;
  }
  return reservation;
}

/** A new reservation (status 'new', every timestamp = now) and its conversation with two messages. */
export function addReservation(
  data: AccountData,
  overrides: Record<string, unknown>,
  nowMs: number,
): HostawayRecord {
  checkPatch(overrides, RESERVATION_KEYS, 'reservation');
  const requested = overrides['listingMapId'];
  const listing =
    typeof requested === 'number'
      ? requireListing(data, requested)
      : data.rng.pick([...data.listings.values()]);
  const reservation = generateReservation(data, listing, nowMs, true);
  const now = formatDateTime(nowMs);
  Object.assign(reservation, {
    reservationDate: now,
    insertedOn: now,
    updatedOn: now,
    latestActivityOn: now,
  });
  Object.assign(reservation, overrides, { listingName: readString(listing, 'name') });
  const id = readNumber(reservation, 'id');
  data.reservations.set(id, reservation);
  data.resources.set(id, generateResources(data, reservation));
  openConversation(data, reservation, listing, nowMs);
  data.cache.clear();
  return reservation;
}

/** The conversation of a new reservation: a guest message and an automated host reply, both at now. */
function openConversation(
  data: AccountData,
  reservation: HostawayRecord,
  listing: HostawayRecord,
  nowMs: number,
): void {
  const plan = { count: 0, scheduled: 0, problem: null };
  const { conversation } = generateConversation(data, subjectForReservation(reservation, listing), plan);
  const conversationId = readNumber(conversation, 'id');
  const owner = ownerOf(data, conversation);
  const at = { status: 'sent', dateMs: nowMs, insertedMs: nowMs };
  const guest = { ...at, isIncoming: 1 as const, body: data.rng.pick(GUEST_LINES) };
  const host = { ...at, isIncoming: 0 as const, body: data.rng.pick(HOST_LINES), automated: true };
  const messages = [
    buildMessage(data, owner, guest, newId(data, 'message')),
    buildMessage(data, owner, host, newId(data, 'message')),
  ];
  applyThreadDates(conversation, messages);
  data.conversations.set(conversationId, conversation);
  data.messages.set(conversationId, messages);
}

/** Hard delete: the reservation, its resources, its conversations and their messages disappear. */
export function deleteReservation(data: AccountData, reservationId: number): void {
  requireReservation(data, reservationId);
  data.reservations.delete(reservationId);
  data.resources.delete(reservationId);
  for (const [conversationId, conversation] of data.conversations) {
    if (conversation['reservationId'] !== reservationId) continue;
    data.conversations.delete(conversationId);
    dropThread(data, conversationId);
  }
  data.cache.clear();
}

/** What a new message of `conversation` inherits (listing, reservation, channel, time zone, guest). */
export function ownerOf(data: AccountData, conversation: HostawayRecord): ThreadOwner {
  const listingMapId = readNumber(conversation, 'listingMapId');
  const reservationId = conversation['reservationId'];
  const reservation = typeof reservationId === 'number' ? data.reservations.get(reservationId) : undefined;
  const listing = data.listings.get(listingMapId);
  const recipient = readString(conversation, 'recipientName');
  return {
    conversationId: readNumber(conversation, 'id'),
    reservationId: typeof reservationId === 'number' ? reservationId : null,
    listingMapId,
    channelId: reservation === undefined ? null : readNumber(reservation, 'channelId'),
    timeZoneName: listing === undefined ? 'UTC' : readString(listing, 'timeZoneName'),
    guestFirstName: recipient.split(' ')[0] ?? recipient,
  };
}
