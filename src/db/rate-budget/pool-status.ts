import type { Queryable } from '../database.js';

/** Requests waiting for a slot, by the priority of their process's most urgent waiter. */
export interface WaitingByPriority {
  /** Interactive commands and webhook re-fetches (one rank). */
  interactive: number;
  incremental: number;
  /** Full and reconcile passes. */
  background: number;
}

export interface PoolStatus {
  pool: string;
  /** Requests per window the pool may send (this process's setting: every process of a pool shares it). */
  limit: number;
  windowMs: number;
  /** Active accounts assigned to the pool, and those whose incremental run is overdue. */
  accounts: number;
  incrementalDue: number;
  /** Slots counting in the current window (in flight or released less than a window ago), and in flight. */
  used: number;
  inFlight: number;
  /** Processes waiting for a slot, and the requests they hold back by priority. */
  waitingProcesses: number;
  waiting: WaitingByPriority;
  /** Lifetime counters of the pool: slots granted, and 429s Hostaway answered. */
  granted: number;
  rateLimited: number;
  pausedUntil: Date | null;
}

/** Waiter rows not refreshed for this long belong to a process that stopped waiting (or died). */
export const WAITER_TTL_MS = 2_000;

type Row = Omit<PoolStatus, 'limit' | 'windowMs' | 'waiting'> & {
  waitingInteractive: number;
  waitingIncremental: number;
  waitingBackground: number;
};

/** Per egress pool: its accounts and the state of its shared rate budget, on the database's clock. */
export async function listPoolStatus(
  db: Queryable,
  settings: { limit: number; windowMs: number },
): Promise<PoolStatus[]> {
  const { rows } = await db.query<Row>(
    `WITH pools AS (
       SELECT egress_pool AS pool FROM hostaway.accounts UNION SELECT pool FROM hostaway.rate_pools),
     clock AS (SELECT clock_timestamp() AS t),
     live_waiters AS (
       SELECT w.pool, w.priority, w.waiting FROM hostaway.rate_waiters w, clock
       WHERE w.seen_at > clock.t - $2::int * interval '1 millisecond')
     SELECT p.pool,
       (SELECT count(*) FROM hostaway.accounts a WHERE a.egress_pool = p.pool AND a.is_active)::int AS accounts,
       (SELECT count(*) FROM hostaway.accounts a WHERE a.egress_pool = p.pool AND a.is_active
          AND a.incremental_due_at <= now())::int AS "incrementalDue",
       (SELECT count(*) FROM hostaway.rate_slots s WHERE s.pool = p.pool
          AND least(s.released_at, s.expires_at) > clock.t - $1::int * interval '1 millisecond')::int AS used,
       (SELECT count(*) FROM hostaway.rate_slots s WHERE s.pool = p.pool AND s.released_at IS NULL
          AND s.expires_at > clock.t)::int AS "inFlight",
       (SELECT count(*) FROM live_waiters w WHERE w.pool = p.pool)::int AS "waitingProcesses",
       (SELECT coalesce(sum(w.waiting), 0) FROM live_waiters w
          WHERE w.pool = p.pool AND w.priority = 0)::int AS "waitingInteractive",
       (SELECT coalesce(sum(w.waiting), 0) FROM live_waiters w
          WHERE w.pool = p.pool AND w.priority = 1)::int AS "waitingIncremental",
       (SELECT coalesce(sum(w.waiting), 0) FROM live_waiters w
          WHERE w.pool = p.pool AND w.priority = 2)::int AS "waitingBackground",
       coalesce(r.granted, 0)::float AS granted, coalesce(r.rate_limited, 0)::float AS "rateLimited",
       CASE WHEN r.paused_until > clock.t THEN r.paused_until END AS "pausedUntil"
     FROM pools p CROSS JOIN clock LEFT JOIN hostaway.rate_pools r ON r.pool = p.pool ORDER BY p.pool`,
    [settings.windowMs, WAITER_TTL_MS],
  );
  return rows.map(({ waitingInteractive, waitingIncremental, waitingBackground, ...row }) => ({
    ...row,
    limit: settings.limit,
    windowMs: settings.windowMs,
    waiting: {
      interactive: waitingInteractive,
      incremental: waitingIncremental,
      background: waitingBackground,
    },
    pausedUntil: row.pausedUntil ? new Date(row.pausedUntil) : null,
  }));
}
