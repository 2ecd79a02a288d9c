import type { Queryable } from '../database.js';

/** First key of the per-pool advisory lock that serialises grants, "HARB". */
const POOL_LOCK_NAMESPACE = 0x48415242;

export interface GrantLimits {
  perPool: number;
  perAccount: number;
  windowMs: number;
  /** How long a slot counts as in flight before it is treated as released (its process died). */
  slotTimeoutMs: number;
  /** Background requests granted per window even while more urgent requests wait. */
  backgroundFloor: number;
  /** Waiter rows not refreshed for this long are ignored. */
  waiterTtlMs: number;
}

export type GrantOutcome = { granted: true; slotId: number } | { granted: false; waitMs: number };

/**
 * One attempt to grant a slot, in one transaction under the pool's advisory lock, on the database's clock.
 * A slot counts against its pool and account from its grant until `windowMs` after its release (or, never
 * released, after `granted_at + slotTimeoutMs`), so no sliding window ever holds more than the limit as
 * Hostaway sees it, whichever process sent the requests. A request of lower priority waits while a more
 * urgent waiter of another process is alive, except background requests within their floor.
 */
export async function tryGrant(
  tx: Queryable,
  input: { pool: string; accountId: number | null; rank: number; holder: string },
  limits: GrantLimits,
): Promise<GrantOutcome> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [POOL_LOCK_NAMESPACE, input.pool]);
  const { rows } = await tx.query<{
    pausedMs: number;
    poolUsed: number;
    accountUsed: number;
    backgroundUsed: number;
    urgentWaiters: number;
    freesInMs: number | null;
  }>(
    `WITH live AS (
       SELECT account_id, priority, coalesce(released_at, expires_at) AS ends
       FROM hostaway.rate_slots
       WHERE pool = $1 OR account_id = $2::bigint)
     SELECT
       coalesce((SELECT extract(epoch FROM paused_until - clock_timestamp()) * 1000
                 FROM hostaway.rate_pools WHERE pool = $1), 0)::float AS "pausedMs",
       (SELECT count(*) FROM hostaway.rate_slots s
         WHERE s.pool = $1 AND coalesce(s.released_at, s.expires_at) > clock_timestamp() - $4 * interval '1 millisecond')::int AS "poolUsed",
       (SELECT count(*) FROM live WHERE account_id = $2::bigint
         AND ends > clock_timestamp() - $4 * interval '1 millisecond')::int AS "accountUsed",
       (SELECT count(*) FROM hostaway.rate_slots s WHERE s.pool = $1 AND s.priority = 2
         AND coalesce(s.released_at, s.expires_at) > clock_timestamp() - $4 * interval '1 millisecond')::int AS "backgroundUsed",
       (SELECT count(*) FROM hostaway.rate_waiters w WHERE w.pool = $1 AND w.holder <> $5
         AND w.priority < $3 AND w.seen_at > clock_timestamp() - $6 * interval '1 millisecond')::int AS "urgentWaiters",
       (SELECT extract(epoch FROM min(ends) + $4 * interval '1 millisecond' - clock_timestamp()) * 1000
         FROM live WHERE ends > clock_timestamp() - $4 * interval '1 millisecond')::float AS "freesInMs"`,
    [input.pool, input.accountId, input.rank, limits.windowMs, input.holder, limits.waiterTtlMs],
  );
  const state = rows[0]!;
  const waitMs = Math.max(1, Math.ceil(state.freesInMs ?? 1));
  if (state.pausedMs > 0) return { granted: false, waitMs: Math.ceil(state.pausedMs) };
  if (state.poolUsed >= limits.perPool || state.accountUsed >= limits.perAccount)
    return { granted: false, waitMs };
  const yields =
    state.urgentWaiters > 0 && !(input.rank === 2 && state.backgroundUsed < limits.backgroundFloor);
  if (yields) return { granted: false, waitMs: 50 };
  const inserted = await tx.query<{ id: number }>(
    `INSERT INTO hostaway.rate_slots (pool, account_id, priority, granted_at, expires_at)
     VALUES ($1, $2, $3, clock_timestamp(), clock_timestamp() + $4 * interval '1 millisecond') RETURNING id`,
    [input.pool, input.accountId, input.rank, limits.slotTimeoutMs],
  );
  await tx.query(
    `INSERT INTO hostaway.rate_pools AS p (pool, granted) VALUES ($1, 1)
     ON CONFLICT (pool) DO UPDATE SET granted = p.granted + 1, updated_at = now()`,
    [input.pool],
  );
  return { granted: true, slotId: Number(inserted.rows[0]!.id) };
}
