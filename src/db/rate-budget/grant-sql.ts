import { accountLockKey } from '../accounts/account-lock.js';
import type { Queryable } from '../database.js';

/** First keys of the advisory locks that serialise grants per pool ("HARB") and per account ("HARA"). */
const POOL_LOCK_NAMESPACE = 0x48415242;
const ACCOUNT_LOCK_NAMESPACE = 0x48415241;

/** The rank of background requests (full and reconcile passes), the ones with a floor. */
export const BACKGROUND_RANK = 2;

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

export type GrantOutcome =
  | { granted: true; slotId: number }
  | { granted: false; waitMs: number; reason: 'paused' | 'full' | 'yielded' };

interface GrantState {
  slotId: number | null;
  pausedMs: number;
  poolUsed: number;
  accountUsed: number;
  urgentWaiters: number;
  freesInMs: number | null;
}

/**
 * Checks the windows and, when there is room, takes the slot: one statement on one reading of the clock.
 * A slot counts from `granted_at` until `windowMs` after it ended: its release, or its expiry when it was
 * never released (least() ignores the null), so only slots granted within window + timeout can count.
 */
const CHECK_AND_TAKE = `
WITH clock AS (SELECT clock_timestamp() AS t),
counting AS (
  SELECT s.pool, s.account_id, s.priority, least(s.released_at, s.expires_at) AS ends
  FROM hostaway.rate_slots s, clock
  WHERE (s.pool = $1 OR s.account_id = $2::bigint)
    AND s.granted_at > clock.t - ($4::int + $5::int) * interval '1 millisecond'
    AND least(s.released_at, s.expires_at) > clock.t - $4::int * interval '1 millisecond'),
state AS (
  SELECT
    coalesce((SELECT extract(epoch FROM p.paused_until - clock.t) * 1000
              FROM hostaway.rate_pools p WHERE p.pool = $1), 0)::float AS "pausedMs",
    (SELECT count(*) FROM counting WHERE pool = $1)::int AS "poolUsed",
    (SELECT count(*) FROM counting WHERE account_id = $2::bigint)::int AS "accountUsed",
    (SELECT count(*) FROM counting WHERE pool = $1 AND priority = ${BACKGROUND_RANK})::int AS "backgroundUsed",
    (SELECT count(*) FROM hostaway.rate_waiters w WHERE w.pool = $1 AND w.holder <> $6
       AND w.priority < $3 AND w.seen_at > clock.t - $7::int * interval '1 millisecond')::int AS "urgentWaiters",
    (SELECT extract(epoch FROM min(ends) + $4::int * interval '1 millisecond' - clock.t) * 1000
       FROM counting)::float AS "freesInMs"
  FROM clock),
slot AS (
  INSERT INTO hostaway.rate_slots (pool, account_id, priority, granted_at, expires_at)
  SELECT $1, $2::bigint, $3, clock.t, clock.t + $5::int * interval '1 millisecond' FROM state, clock
  WHERE state."pausedMs" <= 0 AND state."poolUsed" < $8 AND state."accountUsed" < $9
    AND (state."urgentWaiters" = 0 OR ($3 = ${BACKGROUND_RANK} AND state."backgroundUsed" < $10))
  RETURNING id),
counted AS (
  INSERT INTO hostaway.rate_pools AS p (pool, granted) SELECT $1, 1 FROM slot
  ON CONFLICT (pool) DO UPDATE SET granted = p.granted + 1, updated_at = now())
SELECT (SELECT id FROM slot) AS "slotId", state.* FROM state`;

/**
 * One attempt to grant a slot, in one transaction under the pool's and the account's advisory locks, on
 * the database's clock. A slot counts against its pool and account from its grant until `windowMs` after
 * its release (or, never released, after `granted_at + slotTimeoutMs`), so no sliding window ever holds
 * more than the limit as Hostaway sees it, whichever process sent the requests. A request of lower
 * priority waits while a more urgent waiter of another process is alive, except background requests
 * within their floor. Two statements inside the transaction: the locks, then check-and-take.
 */
export async function tryGrant(
  tx: Queryable,
  input: { pool: string; accountId: number | null; rank: number; holder: string },
  limits: GrantLimits,
): Promise<GrantOutcome> {
  // Always pool first, then account: no two grants can wait on each other's lock.
  if (input.accountId === null)
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [POOL_LOCK_NAMESPACE, input.pool]);
  else
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2)), pg_advisory_xact_lock($3, $4)', [
      POOL_LOCK_NAMESPACE,
      input.pool,
      ACCOUNT_LOCK_NAMESPACE,
      accountLockKey(input.accountId),
    ]);
  const { rows } = await tx.query<GrantState>(CHECK_AND_TAKE, [
    input.pool,
    input.accountId,
    input.rank,
    limits.windowMs,
    limits.slotTimeoutMs,
    input.holder,
    limits.waiterTtlMs,
    limits.perPool,
    limits.perAccount,
    limits.backgroundFloor,
  ]);
  const state = rows[0]!;
  if (state.slotId !== null) return { granted: true, slotId: Number(state.slotId) };
  if (state.pausedMs > 0) return { granted: false, waitMs: Math.ceil(state.pausedMs), reason: 'paused' };
  if (state.poolUsed >= limits.perPool || state.accountUsed >= limits.perAccount)
    return { granted: false, waitMs: Math.max(1, Math.ceil(state.freesInMs ?? 1)), reason: 'full' };
  return { granted: false, waitMs: 50, reason: 'yielded' };
}
