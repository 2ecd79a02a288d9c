import { and, desc, eq, getTableColumns, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../database.js';
import { anyId } from '../id-list-sql.js';
import { webhookEvents, type WebhookEventStatus } from '../schema/index.js';

export interface WebhookEventFilter {
  accountIds?: readonly number[];
  status?: WebhookEventStatus;
  /** Received at or after. */
  since?: Date;
  ids?: readonly number[];
  limit?: number;
}

/** One inbox row for listings (`webhook events`), without the payload. */
export type WebhookEventSummary = Omit<typeof webhookEvents.$inferSelect, 'payload' | 'payloadHash'>;

export interface WebhookBacklog {
  pending: number;
  failed: number;
  /** When the oldest pending event arrived; null when none is pending. */
  oldestPendingAt: Date | null;
}

const e = webhookEvents;

function filterWhere(filter: WebhookEventFilter): SQL | undefined {
  const { accountIds, status, since, ids } = filter;
  return and(
    accountIds?.length ? sql`${e.accountId} = ${anyId(accountIds)}` : undefined,
    status === undefined ? undefined : eq(e.status, status),
    since === undefined ? undefined : gte(e.receivedAt, since),
    ids?.length ? sql`${e.id} = ${anyId(ids)}` : undefined,
  );
}

/** The most recent events first. */
export async function listWebhookEvents(
  db: Queryable,
  filter: WebhookEventFilter = {},
): Promise<WebhookEventSummary[]> {
  const { payload: _payload, payloadHash: _payloadHash, ...summaryColumns } = getTableColumns(e);
  return db.orm
    .select(summaryColumns)
    .from(e)
    .where(filterWhere(filter))
    .orderBy(desc(e.id))
    .limit(filter.limit ?? 50);
}

/** Ids matching the filter, oldest first (what `webhook replay` re-applies). */
export async function findWebhookEventIds(db: Queryable, filter: WebhookEventFilter): Promise<number[]> {
  const rows = await db.orm
    .select({ id: e.id })
    .from(e)
    .where(filterWhere(filter))
    .orderBy(e.id)
    .limit(filter.limit ?? 10_000);
  return rows.map((r) => r.id);
}

/**
 * Deletes applied events received before `before`, `batchSize` rows per statement (short locks, small
 * transactions) until none is left. Pending and failed events are never pruned. Returns the rows deleted.
 */
export async function pruneWebhookEvents(db: Queryable, before: Date, batchSize = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const batch = db.orm
      .select({ id: e.id })
      .from(e)
      .where(and(lt(e.receivedAt, before), eq(e.status, 'applied')))
      .limit(batchSize);
    const deleted = await db.orm.delete(e).where(inArray(e.id, batch)).returning({ id: e.id });
    total += deleted.length;
    if (deleted.length < batchSize) return total;
  }
}

/** Events waiting to be applied and events given up on, for metrics and `status`. */
export async function countWebhookBacklog(db: Queryable): Promise<WebhookBacklog> {
  const [row] = await db.orm
    .select({
      pending: sql<number>`count(*) FILTER (WHERE ${e.status} = 'pending')`.mapWith(Number),
      failed: sql<number>`count(*) FILTER (WHERE ${e.status} = 'failed')`.mapWith(Number),
      oldestPendingAt: sql<Date | null>`min(${e.receivedAt}) FILTER (WHERE ${e.status} = 'pending')`.mapWith(
        e.receivedAt,
      ),
    })
    .from(e)
    .where(inArray(e.status, ['pending', 'failed']));
  return row!;
}
