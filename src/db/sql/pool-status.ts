import type { Queryable } from '../database.js';

/** Processes waiting for a share of the pool, by the priority of their most urgent waiting request. */
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
  /**
   * Requests per window the leases count against the pool now (shares, and shares given up less than a
   * window ago), and the shares of live leases: what the processes holding them may send.
   */
  used: number;
  leased: number;
  /** Processes holding less than their fair share, and how many of them by priority. */
  waitingProcesses: number;
  waiting: WaitingByPriority;
  /** Lifetime counters of the pool: requests sent (reported at each renewal), and 429s Hostaway answered. */
  granted: number;
  rateLimited: number;
  pausedUntil: Date | null;
}

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
     leases AS (
       SELECT substr(l.scope, 6) AS pool, l.priority,
         CASE WHEN l.counts_until > clock.t THEN l.share ELSE 0 END AS counted,
         CASE WHEN l.extra_until > clock.t THEN l.extra ELSE 0 END AS extra,
         CASE WHEN l.expires_at > clock.t THEN l.share ELSE 0 END AS live,
         l.expires_at > clock.t AND l.wanted > l.share AS waiting
       FROM hostaway.rate_leases l, clock WHERE l.scope LIKE 'pool:%')
     SELECT p.pool,
       (SELECT count(*) FROM hostaway.accounts a WHERE a.egress_pool = p.pool AND a.is_active)::int AS accounts,
       (SELECT count(*) FROM hostaway.accounts a WHERE a.egress_pool = p.pool AND a.is_active
          AND a.incremental_due_at <= now())::int AS "incrementalDue",
       (SELECT coalesce(sum(greatest(l.counted, l.extra)), 0) FROM leases l WHERE l.pool = p.pool)::int AS used,
       (SELECT coalesce(sum(l.live), 0) FROM leases l WHERE l.pool = p.pool)::int AS leased,
       (SELECT count(*) FROM leases l WHERE l.pool = p.pool AND l.waiting)::int AS "waitingProcesses",
       (SELECT count(*) FROM leases l WHERE l.pool = p.pool AND l.waiting AND l.priority = 0)::int
         AS "waitingInteractive",
       (SELECT count(*) FROM leases l WHERE l.pool = p.pool AND l.waiting AND l.priority = 1)::int
         AS "waitingIncremental",
       (SELECT count(*) FROM leases l WHERE l.pool = p.pool AND l.waiting AND l.priority = 2)::int
         AS "waitingBackground",
       coalesce(r.granted, 0)::float AS granted, coalesce(r.rate_limited, 0)::float AS "rateLimited",
       CASE WHEN r.paused_until > clock.t THEN r.paused_until END AS "pausedUntil"
     FROM pools p CROSS JOIN clock LEFT JOIN hostaway.rate_pools r ON r.pool = p.pool ORDER BY p.pool`,
    [],
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
