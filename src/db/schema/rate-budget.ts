import { bigint, index, integer, primaryKey, smallint, text } from 'drizzle-orm/pg-core';
import { hostawaySchema, timestamptz, timestamptzNow } from './hostaway-schema.js';

/**
 * The shared Hostaway rate budget (server databases only; the embedded database keeps an in-process gate).
 * All times are the database's clock, never a pod's.
 */

/** One row per egress pool: the shared pause after a pool-level 429, and lifetime counters. */
export const ratePools = hostawaySchema.table('rate_pools', {
  pool: text('pool').primaryKey(),
  /** No request of the pool is sent before this (a pool-level 429 seen by any process). */
  pausedUntil: timestamptz('paused_until'),
  /** Requests sent (reported by each process when it renews its lease). */
  granted: bigint('granted', { mode: 'number' }).notNull().default(0),
  rateLimited: bigint('rate_limited', { mode: 'number' }).notNull().default(0),
  /** The last 429 of the pool: whose account, and when (two accounts refused in one window: pool-level). */
  lastRefusedAccount: bigint('last_refused_account', { mode: 'number' }),
  lastRefusedAt: timestamptz('last_refused_at'),
  updatedAt: timestamptzNow('updated_at'),
});

/** One row per account paused by an account-level 429 (its own limit, not the pool's). */
export const rateAccounts = hostawaySchema.table('rate_accounts', {
  /** Not a foreign key: `accounts add` verifies credentials before the account row exists. */
  accountId: bigint('account_id', { mode: 'number' }).primaryKey(),
  pausedUntil: timestamptz('paused_until'),
  rateLimited: bigint('rate_limited', { mode: 'number' }).notNull().default(0),
});

/**
 * A process's lease on a scope's budget (`pool:<name>` or `account:<id>`): `share` requests per window,
 * spent locally through the process's sliding-window gate until `expires_at`, renewed in place. The share
 * counts against the scope until `counts_until` (expiry + request timeout + one window: a crashed holder's
 * last requests have aged out by then). A share given up counts on as `extra` until `extra_until`, one
 * window after the last request sent under it was answered; a holder counts the larger of the two (its own
 * gate counts every request it sent against its current share).
 */
export const rateLeases = hostawaySchema.table(
  'rate_leases',
  {
    scope: text('scope').notNull(),
    /** A random id per process. */
    holder: text('holder').notNull(),
    priority: smallint('priority').notNull(),
    /** Requests per window the holder would spend (0: idle). */
    wanted: integer('wanted').notNull(),
    share: integer('share').notNull(),
    extra: integer('extra').notNull().default(0),
    extraUntil: timestamptz('extra_until'),
    expiresAt: timestamptz('expires_at').notNull(),
    countsUntil: timestamptz('counts_until').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.scope, t.holder] }),
    index('rate_leases_counts_until_idx').on(t.countsUntil),
  ],
);
