import { and, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../database.js';
import { webhookEvents, type WebhookEventStatus } from '../schema/index.js';
import { anyId } from '../id-list-sql.js';
import { countWebhookFirstSql } from '../sql/count-webhook-first.js';

/** A stored event as the retry worker and `webhook replay` see it. */
export type StoredWebhookEvent = Pick<
  typeof webhookEvents.$inferSelect,
  'id' | 'accountId' | 'event' | 'objectId' | 'status' | 'attempts' | 'payload' | 'receivedAt'
>;

export interface EventResult {
  id: number;
  status: WebhookEventStatus;
  outcome?: string | null;
  lastError?: string | null;
  /** For `pending`: the next attempt, in ms from now. */
  retryInMs?: number;
}

const { id, accountId, event, objectId, status, attempts, payload, receivedAt } = webhookEvents;
const STORED_COLUMNS = { id, accountId, event, objectId, status, attempts, payload, receivedAt };

/** Counts an attempt on the events `which` selects and leases them for `leaseMs`; sorted by id. */
async function claim(
  db: Queryable,
  which: SQL,
  leaseMs: number,
  newStatus?: 'pending',
): Promise<StoredWebhookEvent[]> {
  const rows = await db.orm
    .update(webhookEvents)
    .set({
      status: newStatus,
      attempts: sql`${webhookEvents.attempts} + 1`,
      nextAttemptAt: sql`now() + make_interval(secs => ${leaseMs}::int / 1000.0)`,
    })
    .where(which)
    .returning(STORED_COLUMNS);
  return rows.sort((a, b) => a.id - b.id);
}

/**
 * Claims up to `limit` pending events whose time has come: their next attempt moves `leaseMs` ahead, so
 * another listener (or this one) only takes them again if this attempt never records a result.
 * SKIP LOCKED lets several replicas claim at once without waiting for each other.
 */
export async function claimDueWebhookEvents(
  db: Queryable,
  options: { limit: number; leaseMs: number },
): Promise<StoredWebhookEvent[]> {
  const due = db.orm
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.status, 'pending'), lte(webhookEvents.nextAttemptAt, sql`now()`)))
    .orderBy(webhookEvents.nextAttemptAt)
    .limit(options.limit)
    .for('update', { skipLocked: true });
  return claim(db, inArray(webhookEvents.id, due), options.leaseMs);
}

/** Claims the given events whatever their status (`webhook replay`); an attempt is counted. */
export async function claimWebhookEvents(
  db: Queryable,
  ids: readonly number[],
  leaseMs: number,
): Promise<StoredWebhookEvent[]> {
  if (ids.length === 0) return [];
  return claim(db, sql`${webhookEvents.id} = ${anyId(ids)}`, leaseMs, 'pending');
}

/** Records what an attempt did; the events that stored a change count towards webhook coverage. */
export async function recordWebhookEventResults(db: Queryable, results: readonly EventResult[]) {
  if (results.length === 0) return;
  const input = results.map((r) => ({
    id: r.id,
    status: r.status,
    outcome: r.outcome ?? null,
    last_error: r.lastError ?? null,
    retry_in_ms: Math.max(0, Math.round(r.retryInMs ?? 0)),
  }));
  await db.query(
    `WITH recorded AS (
       UPDATE hostaway.webhook_events e SET status = r.status, outcome = r.outcome, last_error = r.last_error,
         next_attempt_at = CASE WHEN r.status = 'pending'
           THEN now() + make_interval(secs => r.retry_in_ms / 1000.0) END,
         applied_at = CASE WHEN r.status = 'applied' THEN now() ELSE e.applied_at END
       FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, status text, outcome text, last_error text,
         retry_in_ms int)
       WHERE e.id = r.id
       RETURNING e.account_id, e.status, e.outcome
     ), counted AS (${countWebhookFirstSql('recorded')})
     SELECT count(*) FROM recorded`,
    [JSON.stringify(input)],
  );
}
