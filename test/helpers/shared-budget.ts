import { createDatabase, type Database } from '../../src/db/database.js';
import { createPostgresLeaseStore } from '../../src/db/rate-budget/postgres-lease-store.js';
import { createLeasedBudget } from '../../src/hostaway/leased-budget.js';
import type { RateBudget } from '../../src/hostaway/rate-budget.js';

export interface BudgetLimits {
  perPool: number;
  perAccount: number;
  windowMs: number;
  leaseMs: number;
  slotTimeoutMs: number;
  backgroundFloor: number;
}

/** Counts the transactions a database is asked for: each `transaction()` and each statement outside one. */
export function countTransactions(db: Database): { db: Database; count(): number } {
  let transactions = 0;
  const counted: Database = {
    ...db,
    query: (text, params) => {
      transactions += 1;
      return db.query(text, params);
    },
    transaction: (fn, options) => {
      transactions += 1;
      return db.transaction(fn, options);
    },
    withSession: (fn) => db.withSession(fn),
  };
  return { db: counted, count: () => transactions };
}

/**
 * One process's shared budget: its own connection pool and its own lease holder; `transactions` counts its
 * budget transactions and its checks of whether another process wants part of a share.
 */
export async function createProcessBudget(url: string, pool: string, limits: BudgetLimits) {
  const raw = await createDatabase({ url, poolSize: 3 });
  const { db, count } = countTransactions(raw);
  const store = createPostgresLeaseStore(async () => db, {
    pool,
    ...limits,
    perPool: limits.perPool,
    lockTimeoutMs: 1_000,
    statementTimeoutMs: 2_000,
  });
  // Its checks of whether another process wants part of a share count as statements too.
  let checks = 0;
  const counted = {
    ...store,
    contested: (held: Parameters<typeof store.contested>[0]) => {
      checks += 1;
      return store.contested(held);
    },
  };
  const budget: RateBudget = createLeasedBudget(counted, { pool, ...limits });
  return { db: raw, budget, transactions: () => count() + checks };
}

/** Each grant's local interval: from grant to release. */
export interface Interval {
  grantedAt: number;
  releasedAt: number;
}

/** The most requests any sliding window can hold: for each grant, those granted by then and not yet aged. */
export function busiestWindow(intervals: readonly Interval[], windowMs: number): number {
  let worst = 0;
  for (const { grantedAt } of intervals) {
    const counting = intervals.filter(
      (other) => other.grantedAt <= grantedAt && other.releasedAt + windowMs > grantedAt,
    ).length;
    worst = Math.max(worst, counting);
  }
  return worst;
}
