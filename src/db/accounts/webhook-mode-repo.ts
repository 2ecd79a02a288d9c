import { and, count, eq, gte, sql } from 'drizzle-orm';
import type { Queryable } from '../database.js';
import { anyId } from '../id-list-sql.js';
import { accounts as a, messages as m, reservations as r, webhookEvents as e } from '../schema/index.js';

/**
 * Stores the account's webhook mode and its reason. `since` moves when the mode changes, and when `restart`
 * (the account was tightened again for a new failure): deliveries are counted from it on the way back.
 */
export async function saveWebhookMode(
  db: Queryable,
  accountId: number,
  input: { mode: string; reason: string; restart: boolean },
): Promise<void> {
  const restart = sql`${input.restart}::boolean`;
  await db.orm
    .update(a)
    .set({
      webhookMode: input.mode,
      webhookModeReason: input.reason,
      webhookModeSince: sql`CASE WHEN ${restart} OR ${a.webhookMode} IS DISTINCT FROM ${input.mode}::text
        THEN now() ELSE ${a.webhookModeSince} END`,
    })
    .where(
      and(
        eq(a.accountId, accountId),
        sql`(${a.webhookMode}, ${a.webhookModeReason}, ${restart})
          IS DISTINCT FROM (${input.mode}::text, ${input.reason}::text, false)`,
      ),
    );
}

/** Webhook events the listener stored for the account since `since` (duplicates are stored once). */
export async function countWebhookEventsSince(
  db: Queryable,
  accountId: number,
  since: Date,
): Promise<number> {
  const [row] = await db.orm
    .select({ count: count() })
    .from(e)
    .where(and(eq(e.accountId, accountId), gte(e.receivedAt, since)));
  return row?.count ?? 0;
}

/** The stored `updatedOn` of these reservations (absent: not stored). */
export async function findStoredReservationVersions(
  db: Queryable,
  accountId: number,
  ids: readonly number[],
): Promise<Map<number, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db.orm
    .select({ id: r.id, updatedOn: sql<string | null>`${r.rawPayload}->>'updatedOn'` })
    .from(r)
    .where(and(eq(r.accountId, accountId), sql`${r.id} = ${anyId(ids)}`));
  return new Map(rows.map((row) => [row.id, row.updatedOn]));
}

/** The ids of the messages stored in these threads, as text (absent: the thread is not stored). */
export async function findStoredMessageIds(
  db: Queryable,
  accountId: number,
  conversationIds: readonly number[],
): Promise<Map<number, Set<string>>> {
  if (conversationIds.length === 0) return new Map();
  const rows = await db.orm
    .select({
      id: m.conversationId,
      messageIds: sql<string[]>`ARRAY(SELECT e->>'id' FROM jsonb_array_elements(${m.rawMessages}) e)`,
    })
    .from(m)
    .where(and(eq(m.accountId, accountId), sql`${m.conversationId} = ${anyId(conversationIds)}`));
  return new Map(rows.map((row) => [row.id, new Set(row.messageIds)]));
}
