import { RateBudgetBusyError } from '../../errors.js';
import type { Database, Queryable } from '../database.js';

/** Bounds on one budget transaction's waits (a frozen holder of the lock must not hang the pool). */
export interface BudgetTimeouts {
  lockTimeoutMs: number;
  statementTimeoutMs: number;
}

/**
 * serialization_failure, deadlock_detected and lock_not_available: the transaction may simply run again (a
 * lock held past `lock_timeout` by a slow holder is usually free the next time; a frozen one is not).
 */
const RETRYABLE = new Set(['40001', '40P01', '55P03']);
/** lock_not_available (lock_timeout) and query_canceled (statement_timeout). */
const TIMED_OUT = new Set(['55P03', '57014']);
const MAX_ATTEMPTS = 4;

/**
 * Runs `fn` in a READ COMMITTED transaction (set explicitly: the budget serialises on advisory locks and
 * must read what the previous holder of the lock committed, whatever the database's default isolation),
 * with `lock_timeout` and `statement_timeout` local to it, all set by its BEGIN. Serialization failures, deadlocks and lock
 * timeouts are retried a bounded number of times; then a timeout fails with `RateBudgetBusyError`.
 */
export async function runBudgetTransaction<T>(
  db: Database,
  timeouts: BudgetTimeouts,
  fn: (tx: Queryable) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction(fn, {
        readCommitted: true,
        lockMs: timeouts.lockTimeoutMs,
        statementMs: timeouts.statementTimeoutMs,
      });
    } catch (error) {
      const code = sqlState(error);
      if (typeof code === 'string' && RETRYABLE.has(code) && attempt < MAX_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
        continue;
      }
      if (typeof code === 'string' && TIMED_OUT.has(code))
        throw new RateBudgetBusyError(
          code === '55P03'
            ? `the shared rate budget's lock was not free within ${MAX_ATTEMPTS} waits of ${timeouts.lockTimeoutMs} ms (a stalled process holds it)`
            : `a shared rate budget statement ran past its ${timeouts.statementTimeoutMs} ms timeout`,
          { cause: error, hint: 'a later run tries again; look for a stalled process in pg_stat_activity' },
        );
      throw error;
    }
  }
}

/** The SQLSTATE of a PostgreSQL error, also when the driver wrapped it in one of the tool's errors. */
function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}
