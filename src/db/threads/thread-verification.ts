import type { Queryable } from '../database.js';
import { anyIdOf, idListParam } from '../id-list-sql.js';

/** The conversation ids of the account's live stored threads, ascending (the rolling verification's order). */
export async function listLiveThreadIds(db: Queryable, accountId: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT conversation_id AS id FROM hostaway.messages
     WHERE account_id = $1 AND deleted_at IS NULL ORDER BY conversation_id`,
    [accountId],
  );
  return rows.map((r) => Number(r.id));
}

/** These live stored threads' conversations as stored, in id order, so their messages can be read again. */
export async function listStoredConversations(
  db: Queryable,
  accountId: number,
  conversationIds: readonly number[],
): Promise<Record<string, unknown>[]> {
  if (conversationIds.length === 0) return [];
  const { rows } = await db.query<{ conversation: Record<string, unknown> }>(
    `SELECT raw_conversation AS conversation FROM hostaway.messages
     WHERE account_id = $1 AND deleted_at IS NULL AND conversation_id = ${anyIdOf(2)}
     ORDER BY conversation_id`,
    [accountId, idListParam(conversationIds)],
  );
  return rows.map((r) => r.conversation);
}
