import type { Queryable } from '../database.js';
import {
  checkedArray,
  checkedNullableId,
  checkedObject,
  upsertMirrorRows,
  type UpsertCounts,
  type UpsertTarget,
} from './upsert-mirror-rows.js';

export type { UpsertCounts, UpsertTarget } from './upsert-mirror-rows.js';

export interface ListingInput {
  id: number;
  /** The listing exactly as Hostaway served it. */
  payload: object;
}

export interface ReservationInput {
  id: number;
  /** The payload's `listingMapId`; updated when a reservation moves to another listing. */
  listingId: number | null;
  payload: object;
}

export interface ThreadInput {
  conversationId: number;
  reservationId: number | null;
  listingId: number | null;
  /** The conversation object exactly as listed. */
  conversation: object;
  /** The raw message objects exactly as served, already ordered oldest first. */
  messages: readonly object[];
}

export async function upsertListings(
  db: Queryable,
  input: UpsertTarget & { rows: readonly ListingInput[] },
): Promise<UpsertCounts> {
  const records = input.rows.map((row) => ({
    key: row.id,
    record: { raw_payload: checkedObject(row.payload, `listing ${row.id} payload`) },
  }));
  return upsertMirrorRows(db, 'listings', input, records);
}

export async function upsertReservations(
  db: Queryable,
  input: UpsertTarget & { rows: readonly ReservationInput[] },
): Promise<UpsertCounts> {
  const records = input.rows.map((row) => ({
    key: row.id,
    record: {
      listing_id: checkedNullableId(row.listingId, `reservation ${row.id} listingId`),
      raw_payload: checkedObject(row.payload, `reservation ${row.id} payload`),
    },
  }));
  return upsertMirrorRows(db, 'reservations', input, records);
}

/** Upserts message threads: one row per conversation with its raw messages as one JSONB array. */
export async function upsertThreads(
  db: Queryable,
  input: UpsertTarget & { rows: readonly ThreadInput[] },
): Promise<UpsertCounts> {
  const records = input.rows.map((row) => {
    const what = `conversation ${row.conversationId}`;
    return {
      key: row.conversationId,
      record: {
        reservation_id: checkedNullableId(row.reservationId, `${what} reservationId`),
        listing_id: checkedNullableId(row.listingId, `${what} listingId`),
        raw_conversation: checkedObject(row.conversation, `${what} conversation`),
        raw_messages: checkedArray(row.messages, `${what} messages`),
      },
    };
  });
  return upsertMirrorRows(db, 'messages', input, records);
}
