import { listings, messages, reservations } from '../schema/index.js';

/** The tables that mirror Hostaway's core resources, and each one's key column. */
export const MIRROR_TABLES = {
  listings: { table: listings, key: listings.id },
  reservations: { table: reservations, key: reservations.id },
  messages: { table: messages, key: messages.conversationId },
};

export type MirrorTableName = keyof typeof MIRROR_TABLES;
