import type { HostawayRecord } from '../templates/key-template.js';
import { readNumber, readOptionalString, type AccountData } from './account-data.js';
import { servedMessage } from './attachments.js';
import { latestMessage } from './thread-summary.js';
import { threadMessages } from './threads.js';

/** A reservation as served; includeResources=1 fills customFieldValues and reservationFees. */
export function reservationView(
  data: AccountData,
  reservation: HostawayRecord,
  includeResources: boolean,
): HostawayRecord {
  if (!includeResources) return reservation;
  const resources = data.resources.get(readNumber(reservation, 'id'));
  return resources === undefined ? reservation : { ...reservation, ...resources };
}

/** A conversation as served: only the latest message embedded, plus the full reservation (or null). */
export function conversationView(
  data: AccountData,
  conversation: HostawayRecord,
  includeResources: boolean,
): HostawayRecord {
  const latest = latestMessage(threadMessages(data, readNumber(conversation, 'id')) ?? []);
  const reservationId = conversation['reservationId'];
  const reservation = typeof reservationId === 'number' ? data.reservations.get(reservationId) : undefined;
  return {
    ...conversation,
    conversationMessages: latest === undefined ? [] : [servedMessage(data, latest)],
    Reservation: reservation === undefined ? null : reservationView(data, reservation, includeResources),
  };
}

type Direction = 'asc' | 'desc';
type ThreadIndex = Map<number, { messageSentOn: string | null; messageReceivedOn: string | null }>;
type SortKey = (reservation: HostawayRecord, threads: ThreadIndex) => string | null;

const RESERVATION_ORDERS: Record<string, readonly [SortKey, Direction]> = {
  updatedOn: [(r) => readOptionalString(r, 'updatedOn'), 'asc'],
  latestActivity: [(r) => readOptionalString(r, 'latestActivityOn'), 'asc'],
  latestActivityDesc: [(r) => readOptionalString(r, 'latestActivityOn'), 'desc'],
  arrivalDate: [(r) => readOptionalString(r, 'arrivalDate'), 'asc'],
  arrivalDateDesc: [(r) => readOptionalString(r, 'arrivalDate'), 'desc'],
  lastConversationMessageSent: [threadKey('messageSentOn'), 'asc'],
  lastConversationMessageSentDesc: [threadKey('messageSentOn'), 'desc'],
  lastConversationMessageReceived: [threadKey('messageReceivedOn'), 'asc'],
  lastConversationMessageReceivedDesc: [threadKey('messageReceivedOn'), 'desc'],
};

const DEFAULT_ORDER: readonly [SortKey, Direction] = [(r) => readOptionalString(r, 'updatedOn'), 'desc'];

function threadKey(field: 'messageSentOn' | 'messageReceivedOn'): SortKey {
  return (reservation, threads) => threads.get(readNumber(reservation, 'id'))?.[field] ?? null;
}

/** Latest messageSentOn / messageReceivedOn over each reservation's conversations. */
function indexThreads(data: AccountData): ThreadIndex {
  const index: ThreadIndex = new Map();
  for (const conversation of data.conversations.values()) {
    const id = conversation['reservationId'];
    if (typeof id !== 'number') continue;
    const entry = index.get(id) ?? { messageSentOn: null, messageReceivedOn: null };
    entry.messageSentOn = later(entry.messageSentOn, readOptionalString(conversation, 'messageSentOn'));
    entry.messageReceivedOn = later(
      entry.messageReceivedOn,
      readOptionalString(conversation, 'messageReceivedOn'),
    );
    index.set(id, entry);
  }
  return index;
}

const later = (a: string | null, b: string | null) => (a === null || (b !== null && b > a) ? b : a);

/** The view `key` of the data, built on first use and cached until the next mutation. */
function cached(data: AccountData, key: string, build: () => HostawayRecord[]): HostawayRecord[] {
  let rows = data.cache.get(key);
  if (rows === undefined) data.cache.set(key, (rows = build()));
  return rows;
}

/** Rows by their sort value (nulls last), ties by id, both in the direction of `sign` (1 ascending). */
function sortBy(
  rows: Iterable<HostawayRecord>,
  value: (row: HostawayRecord) => string | null,
  sign: 1 | -1,
): HostawayRecord[] {
  const keyed = [...rows].map((row) => ({ row, k: value(row), id: readNumber(row, 'id') }));
  keyed.sort((a, b) => compareNullsLast(a.k, b.k, sign) || sign * (a.id - b.id));
  return keyed.map((item) => item.row);
}

/**
 * All reservations in a sort order: default `updatedOn` DESC, `id` DESC. Ties are broken by id in the
 * order's direction; null sort values come last. Cached until the next mutation.
 */
export function sortedReservations(data: AccountData, sortOrder: string | null): HostawayRecord[] {
  // An order GET /reservations does not understand falls back to the default.
  const name = sortOrder !== null && sortOrder in RESERVATION_ORDERS ? sortOrder : 'default';
  return cached(data, `reservations:${name}`, () => {
    const [key, direction] = RESERVATION_ORDERS[name] ?? DEFAULT_ORDER;
    const threads: ThreadIndex = name.startsWith('lastConversation') ? indexThreads(data) : new Map();
    return sortBy(data.reservations.values(), (r) => key(r, threads), direction === 'asc' ? 1 : -1);
  });
}

/**
 * Conversations in the order GET /conversations serves them: `messageSentOn` DESC, nulls last, then id DESC
 * (the real capture), or a fixed pseudo-random order (stable between requests, so paging still works) when
 * the simulator is told the list is unsorted. Cached until the next mutation.
 */
export function listedConversations(data: AccountData, order: 'latestSent' | 'unsorted'): HostawayRecord[] {
  const sorted = cached(data, 'conversations', () =>
    sortBy(data.conversations.values(), (c) => readOptionalString(c, 'messageSentOn'), -1),
  );
  if (order === 'latestSent') return sorted;
  const scramble = (c: HostawayRecord) => Math.imul(readNumber(c, 'id'), 0x9e3779b1) >>> 0;
  return cached(data, 'conversations-unsorted', () => [...sorted].sort((a, b) => scramble(a) - scramble(b)));
}

function compareNullsLast(a: string | null, b: string | null, sign: number): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return sign * (a < b ? -1 : 1);
}

/** Messages of a conversation as the endpoint serves them: newest (highest id) first, attachments signed. */
export function messagesNewestFirst(data: AccountData, conversationId: number): HostawayRecord[] | undefined {
  const messages = threadMessages(data, conversationId);
  return messages === undefined ? undefined : [...messages].reverse().map((m) => servedMessage(data, m));
}
