import { text } from 'drizzle-orm/pg-core';
import { accountIdColumn } from './common-columns.js';
import { hostawaySchema, timestamptz } from './hostaway-schema.js';

/**
 * One row per account being synced: the run's lease. A row whose `expires_at` (the database's clock) has
 * passed belongs to nobody (its holder died or lost touch) and the next claimant takes it over; a holder
 * renews it while it runs and deletes it when it finishes. No session state: works behind a pooler.
 */
export const accountLeases = hostawaySchema.table('account_leases', {
  accountId: accountIdColumn().primaryKey(),
  /** A random id per acquisition (host, pid and random bytes): only that holder renews or releases it. */
  owner: text('owner').notNull(),
  expiresAt: timestamptz('expires_at').notNull(),
});

export type AccountLease = typeof accountLeases.$inferSelect;
