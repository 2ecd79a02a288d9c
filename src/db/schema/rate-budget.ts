import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { hostawaySchema } from './hostaway-schema.js';

/**
 * The shared Hostaway rate budget (server databases only; the embedded database keeps an in-process gate).
 * All times are the database's clock, never a pod's.
 */

/** One row per egress pool: the shared pause after a 429 and lifetime counters for `status` and /metrics. */
export const ratePools = hostawaySchema.table('rate_pools', {
  pool: text('pool').primaryKey(),
  /** No request of the pool is granted before this (set by a 429 seen by any process). */
  pausedUntil: timestamp('paused_until', { withTimezone: true, mode: 'date' }),
  granted: bigint('granted', { mode: 'number' }).notNull().default(0),
  rateLimited: bigint('rate_limited', { mode: 'number' }).notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' })
    .notNull()
    .default(sql`now()`),
});

/**
 * One row per granted request (a sliding-window log). A slot counts against its pool and its account from
 * `granted_at` until `window` after `released_at`; a slot never released (its process died) counts as
 * released at `expires_at` (grant + request timeout).
 */
export const rateSlots = hostawaySchema.table(
  'rate_slots',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    pool: text('pool').notNull(),
    /** Not a foreign key: `accounts add` verifies credentials before the account row exists. */
    accountId: bigint('account_id', { mode: 'number' }),
    priority: smallint('priority').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true, mode: 'date' }).notNull(),
    releasedAt: timestamp('released_at', { withTimezone: true, mode: 'date' }),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('rate_slots_pool_granted_idx').on(t.pool, t.grantedAt),
    index('rate_slots_account_granted_idx').on(t.accountId, t.grantedAt),
  ],
);

/** Processes waiting for a slot, by their best waiting priority; rows not refreshed for a while are ignored. */
export const rateWaiters = hostawaySchema.table(
  'rate_waiters',
  {
    pool: text('pool').notNull(),
    /** A random id per process. */
    holder: text('holder').notNull(),
    priority: smallint('priority').notNull(),
    waiting: smallint('waiting').notNull(),
    seenAt: timestamp('seen_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.pool, t.holder] })],
);

export type RatePool = typeof ratePools.$inferSelect;
export type RateSlot = typeof rateSlots.$inferSelect;
export type RateWaiter = typeof rateWaiters.$inferSelect;
