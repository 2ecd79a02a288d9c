import type { Queryable } from '../database.js';
import { SCOPE_LOCK_NAMESPACE } from './rate-lease-grant.js';

/** What a 429 paused: the whole egress pool, or only the account it answered. */
export type PausedScope = 'pool' | 'account';

export interface Refusal {
  pool: string;
  accountId: number | null;
  pauseMs: number;
  windowMs: number;
  /** The process had sent its whole share of the pool's window when Hostaway refused. */
  shareSpent: boolean;
  poolLimit: number;
}

/**
 * Records a 429 and charges it to what was full (in the caller's transaction): the pool when its window was
 * full (this process had spent its share and the shares leased cover the pool's limit), when another
 * account of the pool was refused within the same window, or when the request had no account; otherwise
 * only the account, whose own limit (or another client of the same account) refused it.
 */
export async function recordRefusal(tx: Queryable, refusal: Refusal): Promise<PausedScope> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
    SCOPE_LOCK_NAMESPACE,
    `pool:${refusal.pool}`,
  ]);
  const { rows } = await tx.query<{ leased: number; otherRefused: boolean }>(
    `SELECT
       (SELECT coalesce(sum(greatest(CASE WHEN l.counts_until > clock_timestamp() THEN l.share ELSE 0 END,
          CASE WHEN l.extra_until > clock_timestamp() THEN l.extra ELSE 0 END)), 0)
        FROM hostaway.rate_leases l WHERE l.scope = 'pool:' || $1)::int AS leased,
       coalesce((SELECT p.last_refused_at > clock_timestamp() - $3::int * interval '1 ms'
                   AND p.last_refused_account IS DISTINCT FROM $2::bigint
                 FROM hostaway.rate_pools p WHERE p.pool = $1), false) AS "otherRefused"`,
    [refusal.pool, refusal.accountId, refusal.windowMs],
  );
  const { leased, otherRefused } = rows[0]!;
  const poolFull = refusal.shareSpent && leased >= refusal.poolLimit;
  const scope: PausedScope = refusal.accountId === null || otherRefused || poolFull ? 'pool' : 'account';
  await tx.query(
    `INSERT INTO hostaway.rate_pools AS p (pool, rate_limited, last_refused_account, last_refused_at, paused_until)
     VALUES ($1, 1, $3, clock_timestamp(), CASE WHEN $4 THEN clock_timestamp() + $2 * interval '1 ms' END)
     ON CONFLICT (pool) DO UPDATE SET rate_limited = p.rate_limited + 1, updated_at = now(),
       last_refused_account = excluded.last_refused_account, last_refused_at = excluded.last_refused_at,
       paused_until = greatest(p.paused_until, excluded.paused_until)`,
    [refusal.pool, refusal.pauseMs, refusal.accountId, scope === 'pool'],
  );
  if (scope === 'account')
    await tx.query(
      `INSERT INTO hostaway.rate_accounts AS a (account_id, rate_limited, paused_until) VALUES ($1, 1, clock_timestamp() + $2 * interval '1 ms')
       ON CONFLICT (account_id) DO UPDATE SET rate_limited = a.rate_limited + 1,
         paused_until = greatest(a.paused_until, excluded.paused_until)`,
      [refusal.accountId, refusal.pauseMs],
    );
  return scope;
}
