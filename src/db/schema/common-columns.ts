import { bigint, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.js';
import { timestamptz, timestamptzNow } from './hostaway-schema.js';

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
    createdAt: timestamptzNow('created_at'),
    /** Moves only when the stored row actually changes. */
    updatedAt: timestamptzNow('updated_at'),
    /** Set when a complete full sync no longer saw the row upstream; cleared when it reappears. */
    deletedAt: timestamptz('deleted_at'),
  };
}
