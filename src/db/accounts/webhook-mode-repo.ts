import type { Queryable } from '../database.js';
import { anyIdOf, idListParam } from '../id-list-sql.js';

/**
 * Stores the account's webhook mode and its reason. `since` moves when the mode changes, and when `restart`
 * (the account was tightened again for a new failure): deliveries are counted from it on the way back.
 */
export async function saveWebhookMode(
  db: Queryable,
  accountId: number,
  input: { mode: string; reason: string; restart: boolean },
): Promise<void> {
  await db.query(
    `UPDATE hostaway.accounts SET webhook_mode = $2, webhook_mode_reason = $3,
       webhook_mode_since = CASE WHEN $4 OR webhook_mode IS DISTINCT FROM $2 THEN now() ELSE webhook_mode_since END
     WHERE account_id = $1 AND (webhook_mode, webhook_mode_reason, $4) IS DISTINCT FROM ($2, $3, false)`,
    [accountId, input.mode, input.reason, input.restart],
  );
}

/** Webhook events the listener stored for the account since `since` (duplicates are stored once). */
export async function countWebhookEventsSince(
  db: Queryable,
  accountId: number,
  since: Date,
): Promise<number> {
  const { rows } = await db.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM hostaway.webhook_events WHERE account_id = $1 AND received_at >= $2`,
    [accountId, since.toISOString()],
  );
  return rows[0]?.count ?? 0;
}

/** The stored `updatedOn` of these reservations (absent: not stored). */
export async function findStoredReservationVersions(
  db: Queryable,
  accountId: number,
  ids: readonly number[],
): Promise<Map<number, string | null>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; updatedOn: string | null }>(
    `SELECT id::text AS id, raw_payload->>'updatedOn' AS "updatedOn" FROM hostaway.reservations
     WHERE account_id = $1 AND id = ${anyIdOf(2)}`,
    [accountId, idListParam(ids)],
  );
  return new Map(rows.map((row) => [Number(row.id), row.updatedOn]));
}

/** The ids of the messages stored in these threads, as text (absent: the thread is not stored). */
export async function findStoredMessageIds(
  db: Queryable,
  accountId: number,
  conversationIds: readonly number[],
): Promise<Map<number, Set<string>>> {
  if (conversationIds.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; messageIds: string[] }>(
    `SELECT conversation_id::text AS id,
       ARRAY(SELECT e->>'id' FROM jsonb_array_elements(raw_messages) e) AS "messageIds"
     FROM hostaway.messages WHERE account_id = $1 AND conversation_id = ${anyIdOf(2)}`,
    [accountId, idListParam(conversationIds)],
  );
  return new Map(rows.map((row) => [Number(row.id), new Set(row.messageIds)]));
}
