import { jsonb, primaryKey, text } from 'drizzle-orm/pg-core';
import { accountIdColumn } from './common-columns.js';
import { hostawaySchema, timestamptz, timestamptzNow } from './hostaway-schema.js';

/** Per account and resource: the incremental cursor and the latest outcomes. */
export const syncState = hostawaySchema.table(
  'sync_state',
  {
    accountId: accountIdColumn(),
    resource: text('resource').notNull(),
    /** Resource-specific watermark (any JSON value). Only advanced after the resource succeeded. */
    cursor: jsonb('cursor').$type<unknown>(),
    lastFullSuccessAt: timestamptz('last_full_success_at'),
    lastIncrementalSuccessAt: timestamptz('last_incremental_success_at'),
    lastReconcileSuccessAt: timestamptz('last_reconcile_success_at'),
    lastError: text('last_error'),
    lastErrorAt: timestamptz('last_error_at'),
    /** Since when the account cannot use this optional resource (403 after a fresh token, 404 on its list). */
    unavailableSince: timestamptz('unavailable_since'),
    /** Why it is unavailable: Hostaway's answer, one line. */
    unavailableReason: text('unavailable_reason'),
    /** When it was last tried while unavailable: the next probe waits the re-probe interval from here. */
    unavailableCheckedAt: timestamptz('unavailable_checked_at'),
    updatedAt: timestamptzNow('updated_at'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.resource] })],
);

export type SyncState = typeof syncState.$inferSelect;
