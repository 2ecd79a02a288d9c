import type { Queryable } from '../database.js';

export interface StaleThreadReservation {
  id: number;
  /** The stored reservation's `updatedOn` (null when it has none). */
  updatedOn: string | null;
}

/**
 * Reservations whose stored thread embeds another version of them (the thread's `Reservation.updatedOn`
 * differs from the stored reservation's): a run wrote the reservation but ended (killed, database lost)
 * before it refreshed the thread. An incremental pass that stops listing early must treat them as changed
 * in this run, or their threads stay stale until the sweep or the next complete listing reaches them. The
 * condition can also outlive a refresh (a webhook stored a version the conversation list does not embed
 * yet): the caller bounds that with the stored `updatedOn`. One indexed join per account.
 */
export async function findReservationsWithStaleThreads(
  db: Queryable,
  accountId: number,
): Promise<StaleThreadReservation[]> {
  const { rows } = await db.query<{ id: number; updated_on: string | null }>(
    `SELECT DISTINCT r.id, r.raw_payload->>'updatedOn' AS updated_on FROM hostaway.reservations r
     JOIN hostaway.messages m ON m.account_id = r.account_id AND m.reservation_id = r.id
     WHERE r.account_id = $1::bigint AND r.deleted_at IS NULL AND m.deleted_at IS NULL
       AND jsonb_typeof(m.raw_conversation->'Reservation') = 'object'
       AND (m.raw_conversation->'Reservation'->>'updatedOn') IS DISTINCT FROM (r.raw_payload->>'updatedOn')
     ORDER BY r.id`,
    [accountId],
  );
  return rows.map((r) => ({ id: Number(r.id), updatedOn: r.updated_on }));
}
