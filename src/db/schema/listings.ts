import { bigint, jsonb, primaryKey } from 'drizzle-orm/pg-core';
import { accountIdColumn, customerIdColumn, mirrorTimestamps, type RawPayload } from './common-columns.js';
import { hostawaySchema } from './hostaway-schema.js';

export const listings = hostawaySchema.table(
  'listings',
  {
    accountId: accountIdColumn(),
    id: bigint('id', { mode: 'number' }).notNull(),
    customerId: customerIdColumn(),
    rawPayload: jsonb('raw_payload').$type<RawPayload>().notNull(),
    ...mirrorTimestamps(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.id] })],
);
