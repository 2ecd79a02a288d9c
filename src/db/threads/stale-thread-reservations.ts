import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../database.js';
import { messages as m, reservations as r } from '../schema/index.js';

/**
 * Reservations whose stored thread embeds another version of them (the thread's `Reservation.updatedOn`
 * differs from the stored reservation's): a run wrote the reservation but ended (killed, database lost)
 * before it refreshed the thread. An incremental pass that stops listing early must treat them as changed
 * in this run, or their threads stay stale until the sweep or the next complete listing reaches them. The
 * condition can also outlive a refresh (a webhook stored a version the conversation list does not embed
 * yet): the caller bounds that with the stored `updatedOn` One indexed join per account.
 */
export async function findReservationsWithStaleThreads(db: Queryable, accountId: number) {
  const embedded = sql`${m.rawConversation}->'Reservation'`;
  const updatedOn = sql<string | null>`${r.rawPayload}->>'updatedOn'`;
  return db.orm
    .selectDistinct({ id: r.id, updatedOn })
    .from(r)
    .innerJoin(m, and(eq(m.accountId, r.accountId), eq(m.reservationId, r.id)))
    .where(
      and(
        eq(r.accountId, accountId),
        isNull(r.deletedAt),
        isNull(m.deletedAt),
        sql`jsonb_typeof(${embedded}) = 'object'`,
        sql`(${embedded}->>'updatedOn') IS DISTINCT FROM (${updatedOn})`,
      ),
    )
    .orderBy(r.id);
}
