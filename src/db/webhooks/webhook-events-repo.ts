import type { Queryable } from '../database.js';
import type { WebhookEventStatus } from '../schema/index.js';
import { anyIdOf, idListParam } from '../id-list-sql.js';

/** A stored event as the retry worker and `webhook replay` see it. */
export interface StoredWebhookEvent {
  id: number;
  accountId: number;
  event: string;
  objectId: number | null;
  status: WebhookEventStatus;
  attempts: number;
  payload: unknown;
  receivedAt: Date;
}

export interface EventResult {
  id: number;
  status: WebhookEventStatus;
  outcome?: string | null;
  lastError?: string | null;
  /** For `pending`: the next attempt, in ms from now. */
  retryInMs?: number;
}

const STORED_COLUMNS = `e.id, e.account_id AS "accountId", e.event, e.object_id AS "objectId", e.status,
  e.attempts, e.payload, e.received_at AS "receivedAt"`;

/**
 * Claims up to `limit` pending events whose time has come: their next attempt moves `leaseMs` ahead, so
 * another listener (or this one) only takes them again if this attempt never records a result.
 * SKIP LOCKED lets several replicas claim at once without waiting for each other.
 */
export async function claimDueWebhookEvents(
  db: Queryable,
  options: { limit: number; leaseMs: number },
): Promise<StoredWebhookEvent[]> {
  const { rows } = await db.query<StoredWebhookEvent>(
    `UPDATE hostaway.webhook_events e
     SET attempts = e.attempts + 1, next_attempt_at = now() + make_interval(secs => $2::int / 1000.0)
     WHERE e.id IN (
       SELECT id FROM hostaway.webhook_events
       WHERE status = 'pending' AND next_attempt_at <= now()
       ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED
     )
     RETURNING ${STORED_COLUMNS}`,
    [options.limit, options.leaseMs],
  );
  return rows.sort((a, b) => a.id - b.id);
}

/** Claims the given events whatever their status (`webhook replay`); an attempt is counted. */
export async function claimWebhookEvents(
  db: Queryable,
  ids: readonly number[],
  leaseMs: number,
): Promise<StoredWebhookEvent[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<StoredWebhookEvent>(
    `UPDATE hostaway.webhook_events e
     SET status = 'pending', attempts = e.attempts + 1,
       next_attempt_at = now() + make_interval(secs => $2::int / 1000.0)
     WHERE e.id = ${anyIdOf(1)}
     RETURNING ${STORED_COLUMNS}`,
    [idListParam(ids), leaseMs],
  );
  return rows.sort((a, b) => a.id - b.id);
}

/** Records what an attempt did. */
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
    `UPDATE hostaway.webhook_events e SET status = r.status, outcome = r.outcome, last_error = r.last_error,
       next_attempt_at = CASE WHEN r.status = 'pending'
         THEN now() + make_interval(secs => r.retry_in_ms / 1000.0) END,
       applied_at = CASE WHEN r.status = 'applied' THEN now() ELSE e.applied_at END
     FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, status text, outcome text, last_error text,
       retry_in_ms int)
     WHERE e.id = r.id`,
    [JSON.stringify(input)],
  );
}
