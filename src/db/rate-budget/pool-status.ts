import type { Queryable } from '../database.js';

export interface PoolStatus {
  pool: string;
  /** Active accounts assigned to the pool, and those whose incremental run is overdue. */
  accounts: number;
  incrementalDue: number;
  /** Slots counting in the current window (in flight or released less than a window ago), and in flight. */
  used: number;
  inFlight: number;
  /** Processes waiting for a slot, and how many requests they hold back. */
  waitingProcesses: number;
  waitingRequests: number;
  granted: number;
  rateLimited: number;
  pausedUntil: Date | null;
}

/** Per egress pool: its accounts and the state of its shared rate budget, on the database's clock. */
export async function listPoolStatus(db: Queryable, windowMs: number): Promise<PoolStatus[]> {
  const { rows } = await db.query<PoolStatus>(
    `WITH pools AS (
       SELECT egress_pool AS pool FROM hostaway.accounts UNION SELECT pool FROM hostaway.rate_pools)
     SELECT p.pool,
       (SELECT count(*) FROM hostaway.accounts a WHERE a.egress_pool = p.pool AND a.is_active)::int AS accounts,
       (SELECT count(*) FROM hostaway.accounts a WHERE a.egress_pool = p.pool AND a.is_active
          AND a.incremental_due_at <= now())::int AS "incrementalDue",
       (SELECT count(*) FROM hostaway.rate_slots s WHERE s.pool = p.pool
          AND coalesce(s.released_at, s.expires_at) > clock_timestamp() - $1 * interval '1 millisecond')::int AS used,
       (SELECT count(*) FROM hostaway.rate_slots s WHERE s.pool = p.pool AND s.released_at IS NULL
          AND s.expires_at > clock_timestamp())::int AS "inFlight",
       (SELECT count(*) FROM hostaway.rate_waiters w WHERE w.pool = p.pool
          AND w.seen_at > clock_timestamp() - interval '5 seconds')::int AS "waitingProcesses",
       (SELECT coalesce(sum(w.waiting), 0) FROM hostaway.rate_waiters w WHERE w.pool = p.pool
          AND w.seen_at > clock_timestamp() - interval '5 seconds')::int AS "waitingRequests",
       coalesce(r.granted, 0)::float AS granted, coalesce(r.rate_limited, 0)::float AS "rateLimited",
       CASE WHEN r.paused_until > clock_timestamp() THEN r.paused_until END AS "pausedUntil"
     FROM pools p LEFT JOIN hostaway.rate_pools r ON r.pool = p.pool ORDER BY p.pool`,
    [windowMs],
  );
  return rows;
}
