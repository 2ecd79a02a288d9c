import { sql } from 'drizzle-orm';
import { bigint, integer, jsonb, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { accountIdColumn, type RawPayload } from './common-columns.js';
import { hostawaySchema } from './hostaway-schema.js';

/**
 * Message threads whose messages could not be fetched, one row per conversation until a fetch succeeds.
 * Incremental runs retry them directly (one request each) until `attempts` reaches the configured maximum;
 * after that only reconcile and full passes try again, so one broken thread costs nothing on idle runs.
 */
export const threadFailures = hostawaySchema.table(
  'thread_failures',
  {
    accountId: accountIdColumn(),
    conversationId: bigint('conversation_id', { mode: 'number' }).notNull(),
    /** The conversation as last listed, so a retry needs only the messages request. */
    conversation: jsonb('conversation').$type<RawPayload>().notNull(),
    attempts: integer('attempts').notNull().default(1),
    lastError: text('last_error').notNull(),
    firstFailedAt: timestamp('first_failed_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now()`),
    lastFailedAt: timestamp('last_failed_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.conversationId] })],
);
