import type { Queryable } from './database.js';
import type { WebhookEventStatus } from './schema/index.js';
import { guardedReservationUpsertSql } from './webhook-reservations.js';

/** One accepted delivery for the listener's hot path. */
export interface InboxBatchItem {
  accountId: number;
  event: string;
  objectId: number | null;
  /** The body exactly as delivered: valid JSON text (it was parsed already), sent to the database once. */
  body: string;
  /**
   * A complete reservation to apply now: its id, listing and where it sits in the body (`data` or
   * `payload.data`); the statement writes it with the newer-than guard and records the outcome.
   */
  reservation?: { id: number; listingId: number | null; path: readonly string[] };
  /** For anything else, decided by the caller. */
  status: WebhookEventStatus;
  outcome?: string | null;
  lastError?: string | null;
  attempts: number;
}

export interface StoredInboxEvent {
  id: number;
  status: WebhookEventStatus;
  outcome: string | null;
}

// One statement, one round trip, one commit for the whole batch: each body is parsed once; reservations
// are upserted from inside it (newest per reservation wins within the batch) and the inbox rows carry
// what that did. Inbox rows are inserted in `ord` order, so their ids ascend with it.
const STORE_SQL = `WITH input AS (
  SELECT r.*, r.payload #> r.data_path AS data
  FROM jsonb_to_recordset($1::jsonb) AS r(ord int, account_id bigint, event text, object_id bigint,
    status text, outcome text, attempts int, last_error text, res_id bigint, listing_id bigint,
    data_path text[], payload jsonb)
), winners AS (
  SELECT DISTINCT ON (account_id, res_id) ord, account_id, res_id AS id, listing_id, data AS raw_payload
  FROM input WHERE res_id IS NOT NULL
  ORDER BY account_id, res_id, (data->>'updatedOn') COLLATE "C" DESC, ord DESC
), upserted AS (
  ${guardedReservationUpsertSql('winners')}
)
INSERT INTO hostaway.webhook_events
  (account_id, event, object_id, status, outcome, attempts, next_attempt_at, last_error, applied_at, payload)
SELECT i.account_id, i.event, i.object_id, i.status,
  CASE WHEN i.res_id IS NULL THEN i.outcome
    WHEN u.id IS NULL OR w.ord <> i.ord THEN 'unchanged'
    WHEN u.inserted THEN 'inserted' ELSE 'updated' END,
  i.attempts, CASE WHEN i.status = 'pending' THEN now() END, i.last_error,
  CASE WHEN i.status = 'applied' THEN now() END, i.payload
FROM input i
LEFT JOIN winners w ON w.account_id = i.account_id AND w.id = i.res_id
LEFT JOIN upserted u ON u.account_id = i.account_id AND u.id = i.res_id
ORDER BY i.ord
RETURNING id, status, outcome`;

/** The JSON array parameter, with each body spliced in as is (no re-serialisation). */
function batchParameter(items: readonly InboxBatchItem[]): string {
  const parts = items.map((item, ord) => {
    const fields = JSON.stringify({
      ord,
      account_id: item.accountId,
      event: item.event,
      object_id: item.objectId,
      status: item.status,
      outcome: item.outcome ?? null,
      attempts: item.attempts,
      last_error: item.lastError ?? null,
      res_id: item.reservation?.id ?? null,
      listing_id: item.reservation?.listingId ?? null,
      data_path: item.reservation?.path ?? null,
    });
    return `${fields.slice(0, -1)},"payload":${item.body}}`;
  });
  return `[${parts.join(',')}]`;
}

/**
 * Stores a batch of deliveries in the inbox and applies its complete reservations, atomically (a single
 * statement). Returns one result per item, in input order.
 */
export async function storeWebhookBatch(
  db: Queryable,
  items: readonly InboxBatchItem[],
): Promise<StoredInboxEvent[]> {
  if (items.length === 0) return [];
  const { rows } = await db.query<StoredInboxEvent>(STORE_SQL, [batchParameter(items)]);
  return rows.map((r) => ({ ...r, id: Number(r.id) })).sort((a, b) => a.id - b.id);
}
