import { bigint, index, jsonb, primaryKey } from 'drizzle-orm/pg-core';
import { accountIdColumn, customerIdColumn, mirrorTimestamps, type RawPayload } from './common-columns.js';
import { hostawaySchema } from './hostaway-schema.js';

/** One row per message thread (a Hostaway conversation), normally one per reservation. */
export const messages = hostawaySchema.table(
  'messages',
  {
    accountId: accountIdColumn(),
    conversationId: bigint('conversation_id', { mode: 'number' }).notNull(),
    customerId: customerIdColumn(),
    /** Null for conversations without a reservation (they are kept). */
    reservationId: bigint('reservation_id', { mode: 'number' }),
    listingId: bigint('listing_id', { mode: 'number' }),
    /** The conversation object exactly as listed. */
    rawConversation: jsonb('raw_conversation').$type<RawPayload>().notNull(),
    /** The raw message objects exactly as served, oldest first (the caller orders them). */
    rawMessages: jsonb('raw_messages').$type<RawPayload[]>().notNull(),
    ...mirrorTimestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.conversationId] }),
    index('messages_account_reservation_idx').on(t.accountId, t.reservationId),
  ],
);
