import { HostawayApiError } from '../errors.js';
import { hostawayTimeKey } from '../hostaway-time.js';
import type { AccountApi } from './client.js';
import { paginateByAfterId, paginateByOffset, type Page } from './paginate.js';
import type {
  HostawayConversation,
  HostawayEnvelope,
  HostawayListing,
  HostawayMessage,
  HostawayReservation,
} from './types.js';

/**
 * The core resources' reads, one function per endpoint, for the sync, webhook re-fetches and attachment
 * URLs, and the 404 rule of every read of one object (`getUnlessGone`). The optional resources read the
 * paths their registry entries name (src/sync/resources/); webhook registration has unified-webhooks.ts.
 */

export function fetchListingPages(api: AccountApi): AsyncGenerator<Page<HostawayListing>> {
  // includeResources=1: hidden custom fields only appear with it (changelog 2025-04-25).
  return paginateByOffset<HostawayListing>(api, '/listings', { includeResources: 1 });
}

/** Reservations in Hostaway's default order: `updatedOn` DESC, then `id` DESC. */
export function fetchReservationPages(api: AccountApi): AsyncGenerator<Page<HostawayReservation>> {
  return paginateByAfterId<HostawayReservation>(api, '/reservations', { includeResources: 1 });
}

export function fetchConversationPages(
  api: AccountApi,
  startOffset = 0,
): AsyncGenerator<Page<HostawayConversation>> {
  return paginateByOffset<HostawayConversation>(api, '/conversations', { includeResources: 1 }, startOffset);
}

/**
 * The whole thread of one conversation, scheduled, failed and cancelled messages included, each object
 * exactly as served, ordered oldest first (the endpoint's own order is undocumented).
 */
export async function fetchConversationMessages(
  api: AccountApi,
  conversationId: number,
): Promise<HostawayMessage[]> {
  const messages: HostawayMessage[] = [];
  const pages = paginateByOffset<HostawayMessage>(api, `/conversations/${conversationId}/messages`, {
    includeScheduledMessages: 1,
  });
  for await (const page of pages) messages.push(...page.items);
  return sortOldestFirst(dedupeById(messages));
}

export async function fetchReservation(api: AccountApi, reservationId: number): Promise<HostawayReservation> {
  const envelope = await api.get<HostawayReservation>(`/reservations/${reservationId}`, {
    includeResources: 1,
  });
  return envelope.result;
}

/** One conversation, with `includeResources=1` as in the conversation list. */
export async function fetchConversation(
  api: AccountApi,
  conversationId: number,
): Promise<HostawayConversation> {
  return (await api.get<HostawayConversation>(`/conversations/${conversationId}`, { includeResources: 1 }))
    .result;
}

/** One message as served now (a private attachment URL is signed afresh on each read). */
export async function fetchMessage(
  api: AccountApi,
  ids: { conversationId: number; messageId: number },
): Promise<HostawayMessage> {
  return (await api.get<HostawayMessage>(`/conversations/${ids.conversationId}/messages/${ids.messageId}`))
    .result;
}

export async function fetchReservationConversations(
  api: AccountApi,
  reservationId: number,
): Promise<HostawayConversation[]> {
  // includeResources=1 as in the conversation list, so the embedded reservation has the same form.
  const envelope = await api.get<HostawayConversation[]>(`/reservations/${reservationId}/conversations`, {
    includeResources: 1,
  });
  return Array.isArray(envelope.result) ? envelope.result : [];
}

function dedupeById(messages: HostawayMessage[]): HostawayMessage[] {
  const byId = new Map<unknown, HostawayMessage>();
  for (const message of messages) byId.set(message.id, message);
  return [...byId.values()];
}

/** By insertedOn (date when absent) read as a Hostaway time, unreadable first, then id: as the database does. */
function sortOldestFirst(messages: HostawayMessage[]): HostawayMessage[] {
  const key = (m: HostawayMessage) => hostawayTimeKey(m.insertedOn ?? m.date) ?? '';
  return messages.sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    return ka < kb ? -1 : ka > kb ? 1 : Number(a.id) - Number(b.id);
  });
}

/** A GET whose 404 means the object (or its parent) does not exist: undefined then. */
export async function getUnlessGone(
  api: AccountApi,
  path: string,
  searchParams?: Record<string, string | number>,
): Promise<HostawayEnvelope<unknown> | undefined> {
  try {
    return await api.get<unknown>(path, searchParams);
  } catch (error) {
    if (error instanceof HostawayApiError && error.status === 404) return undefined;
    throw error;
  }
}

/**
 * Whether Hostaway says the object at `path` (e.g. `/listings/123`) does not exist: a 404 is the proof a
 * deletion needs. Any answer with the object is "not gone"; other failures are thrown to the caller.
 */
export async function isGoneUpstream(api: AccountApi, path: string): Promise<boolean> {
  return (await getUnlessGone(api, path)) === undefined;
}
