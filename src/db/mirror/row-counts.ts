import type { Queryable } from '../database.js';

/** What one account holds in the mirror (rows marked deleted upstream excluded). */
export interface MirrorRowCounts {
  listings: number;
  reservations: number;
  /** Rows of hostaway.messages: one per message thread. */
  threads: number;
  /** Message objects inside those threads. */
  messages: number;
}

const live = (table: string) =>
  `SELECT count(*)::int FROM hostaway.${table} WHERE account_id = $1 AND deleted_at IS NULL`;

export async function countMirrorRows(db: Queryable, accountId: number): Promise<MirrorRowCounts> {
  const { rows } = await db.query<MirrorRowCounts>(
    `SELECT (${live('listings')}) AS listings, (${live('reservations')}) AS reservations,
       (${live('messages')}) AS threads,
       (SELECT COALESCE(sum(jsonb_array_length(raw_messages)), 0)::int FROM hostaway.messages
         WHERE account_id = $1 AND deleted_at IS NULL AND jsonb_typeof(raw_messages) = 'array') AS messages`,
    [accountId],
  );
  return rows[0]!;
}
