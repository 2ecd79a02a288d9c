import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { accountIdColumn } from './common-columns.js';
import { hostawaySchema, timestamptz, timestamptzNow } from './hostaway-schema.js';

export const WEBHOOK_EVENT_STATUSES = ['pending', 'applied', 'failed'] as const;
export type WebhookEventStatus = (typeof WEBHOOK_EVENT_STATUSES)[number];

/**
 * The webhook inbox: one row per accepted delivery (identical re-deliveries share one), written before the
 * listener answers 200. `pending`
 * rows are retried by the listener (`next_attempt_at`); `applied` rows are pruned after the retention
 * period; `failed` rows stay until `webhook replay` applies them.
 */
export const webhookEvents = hostawaySchema.table(
  'webhook_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    accountId: accountIdColumn(),
    /** Hostaway's event name, e.g. `reservation.updated`. */
    event: text('event').notNull(),
    /** The reservation id or message id the event is about (null when the body had none). */
    objectId: bigint('object_id', { mode: 'number' }),
    status: text('status').$type<WebhookEventStatus>().notNull(),
    /** What applying did: inserted, updated, unchanged (stored row as new or newer), merged. */
    outcome: text('outcome'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamptz('next_attempt_at'),
    lastError: text('last_error'),
    receivedAt: timestamptzNow('received_at'),
    appliedAt: timestamptz('applied_at'),
    /** The whole request body exactly as delivered. */
    payload: jsonb('payload').$type<unknown>().notNull(),
    /** SHA-256 (hex) of the body as delivered: an identical re-delivery finds its event instead of a new row. */
    payloadHash: text('payload_hash'),
  },
  (t) => [
    index('webhook_events_received_idx').on(t.receivedAt),
    // Only open (pending, failed) rows are indexed: the retry worker's scan and the backlog count stay
    // tiny however many applied rows the inbox holds, and inserting an applied row skips this index.
    index('webhook_events_open_idx')
      .on(t.status, t.nextAttemptAt)
      .where(sql`status IN ('pending', 'failed')`),
    // One row per distinct body and account (rows stored before the column existed have none).
    uniqueIndex('webhook_events_payload_hash_idx').on(t.accountId, t.payloadHash),
  ],
);
