import { sql } from 'drizzle-orm';
import { jsonb, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { accountIdColumn } from './common-columns.js';
import { hostawaySchema } from './hostaway-schema.js';

/** Per account and resource: the incremental cursor and the latest outcomes. */
export const syncState = hostawaySchema.table(
  'sync_state',
  {
    accountId: accountIdColumn(),
    resource: text('resource').notNull(),
    /** Resource-specific watermark (any JSON value). Only advanced after the resource succeeded. */
    cursor: jsonb('cursor').$type<unknown>(),
    lastFullSuccessAt: timestamp('last_full_success_at', { withTimezone: true, mode: 'date' }),
    lastIncrementalSuccessAt: timestamp('last_incremental_success_at', { withTimezone: true, mode: 'date' }),
    lastReconcileSuccessAt: timestamp('last_reconcile_success_at', { withTimezone: true, mode: 'date' }),
    lastError: text('last_error'),
    lastErrorAt: timestamp('last_error_at', { withTimezone: true, mode: 'date' }),
    /** Since when the account cannot use this optional resource (403 after a fresh token, 404 on its list). */
    unavailableSince: timestamp('unavailable_since', { withTimezone: true, mode: 'date' }),
    /** Why it is unavailable: Hostaway's answer, one line. */
    unavailableReason: text('unavailable_reason'),
    /** When it was last tried while unavailable: the next probe waits the re-probe interval from here. */
    unavailableCheckedAt: timestamp('unavailable_checked_at', { withTimezone: true, mode: 'date' }),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.resource] })],
);

export type SyncState = typeof syncState.$inferSelect;
