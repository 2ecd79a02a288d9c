import type { Queryable } from '../database.js';
import { anyIdOf, idListParam } from '../id-list-sql.js';

export interface StoredThreadFailure {
  conversationId: number;
  attempts: number;
  /** The conversation as last listed (a retry fetches only its messages). */
  conversation: Record<string, unknown>;
}

/** The account's failed threads, by conversation id. */
export async function listThreadFailures(
  db: Queryable,
  accountId: number,
): Promise<Map<number, StoredThreadFailure>> {
  const { rows } = await db.query<StoredThreadFailure>(
    `SELECT conversation_id AS "conversationId", attempts, conversation
     FROM hostaway.thread_failures WHERE account_id = $1`,
    [accountId],
  );
  return new Map(
    rows.map((r) => [Number(r.conversationId), { ...r, conversationId: Number(r.conversationId) }]),
  );
}

/**
 * Records one more failed attempt for each thread. Attempts count per conversation version: a new row, or a
 * conversation that changed since the last failure (a new message), starts again at 1.
 */
export async function recordThreadFailures(
  db: Queryable,
  accountId: number,
  failures: readonly { conversationId: number; conversation: unknown; error: string }[],
): Promise<void> {
  if (failures.length === 0) return;
  await db.query(
    `INSERT INTO hostaway.thread_failures AS f (account_id, conversation_id, conversation, last_error)
     SELECT $1::bigint, (x->>'conversationId')::bigint, x->'conversation', x->>'error'
     FROM jsonb_array_elements($2::jsonb) AS x
     ON CONFLICT (account_id, conversation_id) DO UPDATE SET
       attempts = CASE WHEN f.conversation = excluded.conversation THEN f.attempts + 1 ELSE 1 END,
       conversation = excluded.conversation, last_error = excluded.last_error, last_failed_at = now()`,
    [accountId, JSON.stringify(failures)],
  );
}

/** Forgets the failures of threads that have now been fetched. */
export async function clearThreadFailures(
  db: Queryable,
  accountId: number,
  conversationIds: readonly number[],
): Promise<void> {
  if (conversationIds.length === 0) return;
  await db.query(
    `DELETE FROM hostaway.thread_failures
     WHERE account_id = $1 AND conversation_id = ${anyIdOf(2)}`,
    [accountId, idListParam(conversationIds)],
  );
}

/** Failed threads of one account: still retried, and given up (attempts reached `maxAttempts`) with their ids. */
export interface ThreadFailureCounts {
  retrying: number;
  givenUp: number;
  givenUpIds: number[];
}

/** Failed threads per account, for `status` and `/metrics`. */
export async function countThreadFailures(
  db: Queryable,
  maxAttempts: number,
): Promise<Map<number, ThreadFailureCounts>> {
  const { rows } = await db.query<{ accountId: number; retrying: number; givenUpIds: number[] | null }>(
    `SELECT account_id AS "accountId",
       count(*) FILTER (WHERE attempts < $1)::int AS retrying,
       jsonb_agg(conversation_id ORDER BY conversation_id) FILTER (WHERE attempts >= $1) AS "givenUpIds"
     FROM hostaway.thread_failures GROUP BY account_id`,
    [maxAttempts],
  );
  return new Map(
    rows.map((r) => {
      const givenUpIds = (r.givenUpIds ?? []).map(Number);
      return [Number(r.accountId), { retrying: r.retrying, givenUp: givenUpIds.length, givenUpIds }];
    }),
  );
}
