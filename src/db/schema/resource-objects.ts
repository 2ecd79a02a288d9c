import { bigint, index, jsonb, primaryKey, text } from 'drizzle-orm/pg-core';
import { accountIdColumn, customerIdColumn, mirrorTimestamps } from './common-columns.js';
import { hostawaySchema, timestamptz } from './hostaway-schema.js';

/**
 * One row per object of every resource beyond the core three (reviews, tasks, expenses, coupons, reference
 * lists, …): the object exactly as served, keyed by resource and Hostaway's key for it. One table rather than
 * one per resource, so adding a resource is a module and a registry line, never a migration; typed views
 * (`review_summary`, …) give the questions their columns.
 */
export const resourceObjects = hostawaySchema.table(
  'resource_objects',
  {
    accountId: accountIdColumn(),
    /** The registry name of the resource (`reviews`, `tasks`, `financeFields`, …). */
    resource: text('resource').notNull(),
    /** Hostaway's id as text: most are integers, reference lists are keyed by code (`US`, `EUR`). */
    key: text('key').notNull(),
    customerId: customerIdColumn(),
    /** The listing or reservation an object was fetched under (finance fields, fee settings), else null. */
    parentId: bigint('parent_id', { mode: 'number' }),
    /** The object as served: usually a JSON object, a bare value for code-keyed reference lists. */
    rawPayload: jsonb('raw_payload').$type<unknown>().notNull(),
    /**
     * When an answer first left this live row out while leaving out too many rows to be believed
     * (src/sync/deletion-rule.ts): the deletion waits for the next pass to leave it out again. Null otherwise.
     */
    deletionHeldAt: timestamptz('deletion_held_at'),
    ...mirrorTimestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.resource, t.key] }),
    index('resource_objects_parent_idx').on(t.accountId, t.resource, t.parentId),
  ],
);
