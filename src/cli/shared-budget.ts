import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { createPostgresLeaseStore } from '../db/rate-budget/postgres-lease-store.js';
import { createLeasedBudget } from '../hostaway/leased-budget.js';
import type { RateBudget } from '../hostaway/rate-budget.js';

/** Leases run eight windows (renewed one window before); a budget transaction waits at most this long for a lock. */
const LEASE_WINDOWS = 8;
const LOCK_TIMEOUT_MS = 5_000;
const STATEMENT_TIMEOUT_MS = 10_000;

/** The egress pool's budget shared through the server database by every process of the pool. */
export function createSharedBudget(config: Config, getDb: () => Promise<Database>): RateBudget {
  const { perIp, perAccount, windowMs } = config.rateLimit;
  const leaseMs = LEASE_WINDOWS * windowMs;
  const store = createPostgresLeaseStore(getDb, {
    pool: config.egressPool,
    perPool: perIp,
    windowMs,
    leaseMs,
    slotTimeoutMs: config.http.timeoutMs + 5_000,
    backgroundFloor: config.backgroundFloor,
    lockTimeoutMs: LOCK_TIMEOUT_MS,
    statementTimeoutMs: STATEMENT_TIMEOUT_MS,
  });
  return createLeasedBudget(store, {
    pool: config.egressPool,
    perPool: perIp,
    perAccount,
    windowMs,
    leaseMs,
  });
}
