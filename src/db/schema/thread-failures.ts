import { bigint, integer, jsonb, primaryKey, text } from 'drizzle-orm/pg-core';
import { accountIdColumn, type RawPayload } from './common-columns.js';
import { hostawaySchema, timestamptzNow } from './hostaway-schema.js';

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
    firstFailedAt: timestamptzNow('first_failed_at'),
    lastFailedAt: timestamptzNow('last_failed_at'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.conversationId] })],
);
