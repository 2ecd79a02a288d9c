import { bigint, index, jsonb, primaryKey } from 'drizzle-orm/pg-core';
import { accountIdColumn, customerIdColumn, mirrorTimestamps, type RawPayload } from './common-columns.js';
import { hostawaySchema } from './hostaway-schema.js';

export const reservations = hostawaySchema.table(
  'reservations',
  {
    accountId: accountIdColumn(),
    id: bigint('id', { mode: 'number' }).notNull(),
    customerId: customerIdColumn(),
    /** The payload's `listingMapId`; no foreign key (an orphan must never abort a batch). */
    listingId: bigint('listing_id', { mode: 'number' }),
    rawPayload: jsonb('raw_payload').$type<RawPayload>().notNull(),
    ...mirrorTimestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    index('reservations_account_listing_idx').on(t.accountId, t.listingId),
  ],
);
