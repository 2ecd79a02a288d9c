import { integer, primaryKey } from 'drizzle-orm/pg-core';
import { accountIdColumn } from './common-columns.js';
import { hostawaySchema, timestamptz } from './hostaway-schema.js';

/**
 * Who saw each change of what webhooks cover first, per account and hour (database clock): the listener
 * counts the reservations it wrote and the messages it added (`webhook_first`), a poll of an account with
 * webhook credentials counts what it found that no webhook had delivered (`poll_first`). Coverage is
 * webhook_first ÷ (webhook_first + poll_first) over the last day; older hours are pruned by the listener.
 */
export const webhookCoverage = hostawaySchema.table(
  'webhook_coverage',
  {
    accountId: accountIdColumn(),
    /** The hour the changes were counted in (date_trunc('hour', now())). */
    hour: timestamptz('hour').notNull(),
    webhookFirst: integer('webhook_first').notNull().default(0),
    pollFirst: integer('poll_first').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.hour] })],
);
