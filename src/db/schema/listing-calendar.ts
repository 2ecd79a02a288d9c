import { bigint, date, jsonb, primaryKey } from 'drizzle-orm/pg-core';
import { accountIdColumn, customerIdColumn, type RawPayload } from './common-columns.js';
import { hostawaySchema, timestamptzNow } from './hostaway-schema.js';

/**
 * One row per listing and day of the synced calendar window, the day object exactly as served. A pass
 * replaces the days of the range it read; days that leave the window are kept as they were last seen and are
 * never deletions (a day cannot be deleted, only fall out of the range asked for).
 */
export const listingCalendar = hostawaySchema.table(
  'listing_calendar',
  {
    accountId: accountIdColumn(),
    listingId: bigint('listing_id', { mode: 'number' }).notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    customerId: customerIdColumn(),
    rawPayload: jsonb('raw_payload').$type<RawPayload>().notNull(),
    createdAt: timestamptzNow('created_at'),
    /** Moves only when the stored day actually changes. */
    updatedAt: timestamptzNow('updated_at'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.listingId, t.day] })],
);
