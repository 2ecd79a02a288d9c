import type { Queryable } from './database.js';

/**
 * Reservations whose stored thread embeds another version of them (the thread's `Reservation.updatedOn`
 * differs from the stored reservation's): a run wrote the reservation but ended (killed, database lost)
 * before it refreshed the thread. An incremental pass that stops listing early must treat them as changed
 * in this run, or their threads stay stale until the next full listing. One indexed join per account.
 */
export async function findReservationsWithStaleThreads(db: Queryable, accountId: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT r.id FROM hostaway.reservations r
     JOIN hostaway.messages m ON m.account_id = r.account_id AND m.reservation_id = r.id
     WHERE r.account_id = $1::bigint AND r.deleted_at IS NULL AND m.deleted_at IS NULL
       AND jsonb_typeof(m.raw_conversation->'Reservation') = 'object'
       AND (m.raw_conversation->'Reservation'->>'updatedOn') IS DISTINCT FROM (r.raw_payload->>'updatedOn')
     ORDER BY r.id`,
    [accountId],
  );
  return rows.map((r) => Number(r.id));
}
