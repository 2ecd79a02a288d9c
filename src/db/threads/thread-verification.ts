import type { Queryable } from '../database.js';
import { anyIdOf, idListParam } from '../id-list-sql.js';

/** Notes that these threads' messages were just fetched from Hostaway (database clock). */
export async function markThreadsVerified(
  db: Queryable,
  accountId: number,
  conversationIds: readonly number[],
): Promise<void> {
  if (conversationIds.length === 0) return;
  await db.query(
    `UPDATE hostaway.messages SET verified_at = now()
     WHERE account_id = $1 AND deleted_at IS NULL
       AND conversation_id = ${anyIdOf(2)}`,
    [accountId, idListParam(conversationIds)],
  );
}

/**
 * The `limit` live stored threads verified longest ago (never verified first), with the conversation as
 * stored, for the rolling deep verification of a reconcile pass.
 */
export async function listThreadsToVerify(
  db: Queryable,
  accountId: number,
  limit: number,
): Promise<{ conversationId: number; conversation: Record<string, unknown> }[]> {
  if (limit <= 0) return [];
  const { rows } = await db.query<{ conversationId: number; conversation: Record<string, unknown> }>(
    `SELECT conversation_id AS "conversationId", raw_conversation AS conversation FROM hostaway.messages
     WHERE account_id = $1 AND deleted_at IS NULL
     ORDER BY verified_at ASC NULLS FIRST, conversation_id LIMIT $2`,
    [accountId, limit],
  );
  return rows.map((r) => ({ ...r, conversationId: Number(r.conversationId) }));
}
