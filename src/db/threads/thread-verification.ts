import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../database.js';
import { anyId } from '../id-list-sql.js';
import { messages as m } from '../schema/index.js';

/** The conversation ids of the account's live stored threads, ascending (the rolling verification's order). */
export async function listLiveThreadIds(db: Queryable, accountId: number): Promise<number[]> {
  const rows = await db.orm
    .select({ id: m.conversationId })
    .from(m)
    .where(and(eq(m.accountId, accountId), isNull(m.deletedAt)))
    .orderBy(m.conversationId);
  return rows.map((r) => r.id);
}

/** These live stored threads' conversations as stored, in id order, so their messages can be read again. */
export async function listStoredConversations(
  db: Queryable,
  accountId: number,
  conversationIds: readonly number[],
): Promise<Record<string, unknown>[]> {
  if (conversationIds.length === 0) return [];
  const rows = await db.orm
    .select({ conversation: m.rawConversation })
    .from(m)
    .where(
      and(
        eq(m.accountId, accountId),
        isNull(m.deletedAt),
        sql`${m.conversationId} = ${anyId(conversationIds)}`,
      ),
    )
    .orderBy(m.conversationId);
  return rows.map((r) => r.conversation);
}
