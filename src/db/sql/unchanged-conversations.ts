import type { Queryable } from '../database.js';

/**
 * Of the listed conversations, the ids whose stored thread row holds exactly this conversation object
 * (same latest message, same timestamps, same embedded reservation). Their messages need no new fetch.
 * The page goes as one JSON parameter; `OFFSET 0` keeps the check a primary-key lookup per conversation.
 */
export async function findUnchangedConversations(
  db: Queryable,
  accountId: number,
  conversations: readonly { id: number }[],
): Promise<Set<number>> {
  if (conversations.length === 0) return new Set();
  const { rows } = await db.query<{ id: number }>(
    `SELECT (c->>'id')::bigint AS id FROM jsonb_array_elements($2::jsonb) AS c
     WHERE EXISTS (
       SELECT 1 FROM hostaway.messages t
       WHERE t.account_id = $1::bigint AND t.conversation_id = (c->>'id')::bigint
         AND t.deleted_at IS NULL AND t.raw_conversation = c
       OFFSET 0
     )`,
    [accountId, JSON.stringify(conversations)],
  );
  return new Set(rows.map((r) => Number(r.id)));
}
