import { createHash } from 'node:crypto';
import type { Queryable } from '../database.js';
import type { WebhookEventStatus } from '../schema/index.js';
import { hostawayTimeKeySql } from './hostaway-time-sql.js';
import { guardedReservationUpsertSql } from './guarded-reservation-upsert.js';
import { countWebhookFirstSql } from './count-webhook-first.js';

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

const DATA_UPDATED_ON = hostawayTimeKeySql(`data->>'updatedOn'`);

// One statement, one round trip, one commit for the whole batch: each body is parsed once; reservations
// are upserted from inside it (newest per reservation wins within the batch) and the inbox rows carry
// what that did. A body already in the inbox for that account (an identical re-delivery) is not stored
// again: `ON CONFLICT DO NOTHING` finds it with the index probe every insert makes anyway, so it writes
// nothing, not even WAL (its reservation, as old as the stored one, is refused by the guard), and it is
// answered with the stored event, outcome `duplicate`; that lookup runs only for duplicates (COALESCE).
// The events that stored a change count towards the account's webhook coverage (duplicates do not).
// Results come back in `ord` order, one per input row.
const STORE_SQL = `WITH input AS (
  SELECT r.*, r.payload #> r.data_path AS data
  FROM jsonb_to_recordset($1::jsonb) AS r(ord int, account_id bigint, event text, object_id bigint,
    status text, outcome text, attempts int, last_error text, res_id bigint, listing_id bigint,
    data_path text[], payload_hash text, payload jsonb)
), batch AS (
  SELECT DISTINCT ON (account_id, payload_hash) * FROM input ORDER BY account_id, payload_hash, ord
), winners AS (
  SELECT DISTINCT ON (account_id, res_id) ord, account_id, res_id AS id, listing_id, data AS raw_payload
  FROM batch WHERE res_id IS NOT NULL
  ORDER BY account_id, res_id, ${DATA_UPDATED_ON} DESC NULLS LAST, ord DESC
), upserted AS (
  ${guardedReservationUpsertSql('winners')}
), inserted AS (
  INSERT INTO hostaway.webhook_events (account_id, event, object_id, status, outcome, attempts,
    next_attempt_at, last_error, applied_at, payload, payload_hash)
  SELECT b.account_id, b.event, b.object_id, b.status,
    CASE WHEN b.res_id IS NULL THEN b.outcome
      WHEN u.id IS NULL OR w.ord <> b.ord THEN 'unchanged'
      WHEN u.inserted THEN 'inserted' ELSE 'updated' END,
    b.attempts, CASE WHEN b.status = 'pending' THEN now() END, b.last_error,
    CASE WHEN b.status = 'applied' THEN now() END, b.payload, b.payload_hash
  FROM batch b
  LEFT JOIN winners w ON w.account_id = b.account_id AND w.id = b.res_id
  LEFT JOIN upserted u ON u.account_id = b.account_id AND u.id = b.res_id
  ORDER BY b.ord
  ON CONFLICT (account_id, payload_hash) DO NOTHING
  RETURNING id, account_id, payload_hash, status, outcome
), counted AS (
  ${countWebhookFirstSql('inserted')}
)
SELECT i.ord,
  COALESCE(n.id, (SELECT e.id FROM hostaway.webhook_events e
    WHERE e.account_id = i.account_id AND e.payload_hash = i.payload_hash)) AS id,
  COALESCE(n.status, (SELECT e.status FROM hostaway.webhook_events e
    WHERE e.account_id = i.account_id AND e.payload_hash = i.payload_hash)) AS status,
  CASE WHEN n.id IS NULL THEN 'duplicate' ELSE n.outcome END AS outcome
FROM input i
LEFT JOIN inserted n ON n.account_id = i.account_id AND n.payload_hash = i.payload_hash
ORDER BY i.ord`;

/** The stored event of a body that a concurrent writer inserted after this statement's snapshot. */
const FIND_BY_BODY_SQL = `SELECT id, status, 'duplicate' AS outcome FROM hostaway.webhook_events
WHERE account_id = $1 AND payload_hash = $2`;

/** SHA-256 of the body as delivered: Hostaway's re-deliveries repeat it byte for byte. */
const bodyHash = (body: string) => createHash('sha256').update(body).digest('hex');

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
      payload_hash: bodyHash(item.body),
    });
    return `${fields.slice(0, -1)},"payload":${item.body}}`;
  });
  return `[${parts.join(',')}]`;
}

/**
 * Stores a batch of deliveries in the inbox and applies its complete reservations, atomically (a single
 * statement); a body the inbox holds already is answered with its stored event. Returns one result per
 * item, in input order.
 */
export async function storeWebhookBatch(
  db: Queryable,
  items: readonly InboxBatchItem[],
): Promise<StoredInboxEvent[]> {
  if (items.length === 0) return [];
  const { rows } = await db.query<StoredInboxEvent & { ord: number; id: number | null }>(STORE_SQL, [
    batchParameter(items),
  ]);
  return Promise.all(
    rows.map(async ({ ord, ...row }) => {
      if (row.id !== null) return { ...row, id: Number(row.id) };
      // Another replica stored the same body between this statement's snapshot and its insert.
      const item = items[ord]!;
      const found = await db.query<StoredInboxEvent>(FIND_BY_BODY_SQL, [item.accountId, bodyHash(item.body)]);
      return { ...found.rows[0]!, id: Number(found.rows[0]!.id) };
    }),
  );
}
