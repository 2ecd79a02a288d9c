import type { Queryable } from '../database.js';
import { hostawayTimeKeySql } from './hostaway-time-sql.js';

export interface ThreadMessageInput {
  accountId: number;
  conversationId: number;
  /** The message object as delivered; its `id` must be a positive integer. */
  message: { id: number } & Record<string, unknown>;
}

/** merged: added to its thread; unchanged: the thread already had it; missing: no thread row yet. */
export type MergeOutcome = 'merged' | 'unchanged' | 'missing';

// One statement for the whole batch. `present` are the threads that exist; `fresh` the messages they lack.
// The new array is de-duplicated by message id (the stored copy wins: a concurrent transaction may have
// added the same message after our snapshot) and ordered oldest first by insertedOn (date when absent),
// read as a Hostaway time (unreadable first), then id: the order the sync writes (sortOldestFirst). raw_conversation is left alone: the next sync refreshes it. A thread
// marked deleted that receives a message it did not have is alive upstream: deleted_at is cleared. A
// re-delivery of a message the deleted thread already holds proves nothing (it predates the deletion),
// so it leaves the row as it is.
const MESSAGE_TIME = hostawayTimeKeySql(`COALESCE(u.m->>'insertedOn', u.m->>'date')`);

const MERGE_SQL = `WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(account_id bigint, conversation_id bigint, message jsonb)
), present AS (
  SELECT DISTINCT t.account_id, t.conversation_id FROM input i
  JOIN hostaway.messages t ON t.account_id = i.account_id AND t.conversation_id = i.conversation_id
), fresh AS (
  SELECT i.account_id, i.conversation_id, jsonb_agg(i.message) AS added FROM input i
  JOIN hostaway.messages t ON t.account_id = i.account_id AND t.conversation_id = i.conversation_id
  WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(t.raw_messages) e WHERE e->'id' = i.message->'id')
  GROUP BY i.account_id, i.conversation_id
), merged AS (
  UPDATE hostaway.messages t SET updated_at = now(), deleted_at = NULL, raw_messages = (
    SELECT jsonb_agg(u.m ORDER BY COALESCE(${MESSAGE_TIME}, ''), (u.m->>'id')::numeric)
    FROM (
      SELECT DISTINCT ON (e.m->'id') e.m
      FROM jsonb_array_elements(t.raw_messages || f.added) WITH ORDINALITY AS e(m, n)
      ORDER BY e.m->'id', e.n
    ) u
  )
  FROM (SELECT * FROM fresh ORDER BY account_id, conversation_id) f
  WHERE t.account_id = f.account_id AND t.conversation_id = f.conversation_id
  RETURNING t.account_id, t.conversation_id, f.added
)
SELECT p.account_id AS "accountId", p.conversation_id AS "conversationId",
  COALESCE((SELECT jsonb_agg(x->'id') FROM merged m, jsonb_array_elements(m.added) x
    WHERE m.account_id = p.account_id AND m.conversation_id = p.conversation_id), '[]'::jsonb) AS "addedIds"
FROM present p`;

/**
 * Merges delivered messages into their stored threads (hostaway.messages), by message id: idempotent, a
 * thread never holds one message twice. Returns one outcome per input item, in input order; when the
 * same message comes twice in one batch the first is `merged`, the second `unchanged`.
 */
export async function mergeThreadMessages(
  db: Queryable,
  items: readonly ThreadMessageInput[],
): Promise<MergeOutcome[]> {
  if (items.length === 0) return [];
  const input = items.map((item) => ({
    account_id: item.accountId,
    conversation_id: item.conversationId,
    message: item.message,
  }));
  const { rows } = await db.query<{ accountId: number; conversationId: number; addedIds: unknown[] }>(
    MERGE_SQL,
    [JSON.stringify(input)],
  );
  const threads = new Map(rows.map((r) => [`${r.accountId}:${r.conversationId}`, new Set(r.addedIds)]));
  const counted = new Set<string>();
  return items.map((item) => {
    const added = threads.get(`${item.accountId}:${item.conversationId}`);
    if (added === undefined) return 'missing';
    const key = `${item.accountId}:${item.conversationId}:${item.message.id}`;
    if (!added.has(item.message.id) || counted.has(key)) return 'unchanged';
    counted.add(key);
    return 'merged';
  });
}
