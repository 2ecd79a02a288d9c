import type { Queryable } from '../database.js';
import type { WebhookEventStatus } from '../schema/index.js';

export interface WebhookEventFilter {
  accountIds?: readonly number[];
  status?: WebhookEventStatus;
  /** Received at or after. */
  since?: Date;
  ids?: readonly number[];
  limit?: number;
}

/** One inbox row for listings (`webhook events`), without the payload. */
export interface WebhookEventSummary {
  id: number;
  accountId: number;
  event: string;
  objectId: number | null;
  status: WebhookEventStatus;
  outcome: string | null;
  attempts: number;
  lastError: string | null;
  receivedAt: Date;
  appliedAt: Date | null;
  nextAttemptAt: Date | null;
}

export interface WebhookBacklog {
  pending: number;
  failed: number;
  /** When the oldest pending event arrived; null when none is pending. */
  oldestPendingAt: Date | null;
}

const FILTER_SQL = `($1::jsonb IS NULL OR account_id IN (SELECT (value)::bigint FROM jsonb_array_elements_text($1::jsonb)))
  AND ($2::text IS NULL OR status = $2::text)
  AND ($3::timestamptz IS NULL OR received_at >= $3::timestamptz)
  AND ($4::jsonb IS NULL OR id IN (SELECT (value)::bigint FROM jsonb_array_elements_text($4::jsonb)))`;

function filterParams(filter: WebhookEventFilter): unknown[] {
  const list = (values: readonly number[] | undefined) =>
    values && values.length > 0 ? JSON.stringify(values) : null;
  return [
    list(filter.accountIds),
    filter.status ?? null,
    filter.since?.toISOString() ?? null,
    list(filter.ids),
  ];
}

/** The most recent events first. */
export async function listWebhookEvents(
  db: Queryable,
  filter: WebhookEventFilter = {},
): Promise<WebhookEventSummary[]> {
  const { rows } = await db.query<WebhookEventSummary>(
    `SELECT id, account_id AS "accountId", event, object_id AS "objectId", status, outcome, attempts,
       last_error AS "lastError", received_at AS "receivedAt", applied_at AS "appliedAt",
       next_attempt_at AS "nextAttemptAt"
     FROM hostaway.webhook_events WHERE ${FILTER_SQL}
     ORDER BY id DESC LIMIT $5`,
    [...filterParams(filter), filter.limit ?? 50],
  );
  return rows;
}

/** Ids matching the filter, oldest first (what `webhook replay` re-applies). */
export async function findWebhookEventIds(db: Queryable, filter: WebhookEventFilter): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT id FROM hostaway.webhook_events WHERE ${FILTER_SQL} ORDER BY id LIMIT $5`,
    [...filterParams(filter), filter.limit ?? 10_000],
  );
  return rows.map((r) => Number(r.id));
}

/**
 * Deletes applied events received before `before`, `batchSize` rows per statement (short locks, small
 * transactions) until none is left. Pending and failed events are never pruned. Returns the rows deleted.
 */
export async function pruneWebhookEvents(db: Queryable, before: Date, batchSize = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await db.query(
      `DELETE FROM hostaway.webhook_events WHERE id IN (
         SELECT id FROM hostaway.webhook_events
         WHERE received_at < $1::timestamptz AND status = 'applied' LIMIT $2)`,
      [before.toISOString(), batchSize],
    );
    total += rowCount;
    if (rowCount < batchSize) return total;
  }
}

/** Events waiting to be applied and events given up on, for metrics and `status`. */
export async function countWebhookBacklog(db: Queryable): Promise<WebhookBacklog> {
  const { rows } = await db.query<WebhookBacklog>(
    `SELECT count(*) FILTER (WHERE status = 'pending') AS pending,
       count(*) FILTER (WHERE status = 'failed') AS failed,
       min(received_at) FILTER (WHERE status = 'pending') AS "oldestPendingAt"
     FROM hostaway.webhook_events WHERE status IN ('pending', 'failed')`,
  );
  const row = rows[0];
  return {
    pending: Number(row?.pending ?? 0),
    failed: Number(row?.failed ?? 0),
    oldestPendingAt: row?.oldestPendingAt ?? null,
  };
}
