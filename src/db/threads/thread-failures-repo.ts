import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../database.js';
import { anyId } from '../id-list-sql.js';
import { threadFailures as f } from '../schema/index.js';

/** A failed thread; `conversation` as last listed (a retry fetches only its messages). */
export type StoredThreadFailure = Pick<typeof f.$inferSelect, 'conversationId' | 'attempts' | 'conversation'>;

/** The account's failed threads, by conversation id. */
export async function listThreadFailures(
  db: Queryable,
  accountId: number,
): Promise<Map<number, StoredThreadFailure>> {
  const rows = await db.orm
    .select({ conversationId: f.conversationId, attempts: f.attempts, conversation: f.conversation })
    .from(f)
    .where(eq(f.accountId, accountId));
  return new Map(rows.map((r) => [r.conversationId, r]));
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
  await db.orm
    .delete(f)
    .where(and(eq(f.accountId, accountId), sql`${f.conversationId} = ${anyId(conversationIds)}`));
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
  const rows = await db.orm
    .select({
      accountId: f.accountId,
      retrying: sql<number>`count(*) FILTER (WHERE ${f.attempts} < ${maxAttempts})::int`,
      givenUpIds: sql<number[] | null>`jsonb_agg(${f.conversationId} ORDER BY ${f.conversationId})
        FILTER (WHERE ${f.attempts} >= ${maxAttempts})`,
    })
    .from(f)
    .groupBy(f.accountId);
  return new Map(
    rows.map((r) => {
      const givenUpIds = (r.givenUpIds ?? []).map(Number);
      return [r.accountId, { retrying: r.retrying, givenUp: givenUpIds.length, givenUpIds }];
    }),
  );
}
