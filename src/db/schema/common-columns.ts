import { sql } from 'drizzle-orm';
import { bigint, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.js';

/** A raw Hostaway object, stored exactly as served (JSONB). */
export type RawPayload = Record<string, unknown>;

/** `account_id` of a data table: references `accounts`, cascades on delete. */
export function accountIdColumn() {
  return bigint('account_id', { mode: 'number' })
    .notNull()
    .references(() => accounts.accountId, { onDelete: 'cascade' });
}

/** `customer_id` of a mirrored table: always the account's, never read from a payload. */
export function customerIdColumn() {
  return uuid('customer_id').notNull();
}

/** created_at, updated_at, deleted_at: the bookkeeping columns every mirrored table shares. */
export function mirrorTimestamps() {
  return {
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now()`),
    /** Moves only when the stored row actually changes. */
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now()`),
    /** Set when a complete full sync no longer saw the row upstream; cleared when it reappears. */
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
  };
}
