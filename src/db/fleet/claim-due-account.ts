import { tryTakeAccountLease } from '../accounts/account-leases.js';
import type { Database, Queryable } from '../database.js';

export type ScheduledMode = 'incremental' | 'reconcile';

const DUE_COLUMN: Record<ScheduledMode, string> = {
  incremental: 'incremental_due_at',
  reconcile: 'reconcile_due_at',
};

/** Internal signal: the claimed account's lease was taken meanwhile; undo the claim. */
class LeaseTakenMeanwhile extends Error {}

/**
 * Claims the most overdue active account of `pool` that no live lease holds, and takes its lease for
 * `owner`, in one transaction: its due time moves `dueLeaseMs` ahead (no other worker claims it while this
 * one runs; `FOR UPDATE SKIP LOCKED`: claimers never wait on each other) and its account lease lasts
 * `accountLeaseMs` (the caller keeps renewing it). Returns null when no account of the pool is due. When a
 * run outside the claim (`sync --account`) takes the lease between the two statements, the claim is rolled
 * back and the next candidate tried. All times are the database's.
 */
export async function claimDueAccount(
  db: Database,
  input: { pool: string; mode: ScheduledMode; dueLeaseMs: number; owner: string; accountLeaseMs: number },
): Promise<{ accountId: number; claimedAt: Date } | null> {
  for (;;) {
    try {
      return await db.transaction((tx) => claimAndLease(tx, input));
    } catch (error) {
      if (!(error instanceof LeaseTakenMeanwhile)) throw error;
    }
  }
}

async function claimAndLease(
  tx: Queryable,
  input: { pool: string; mode: ScheduledMode; dueLeaseMs: number; owner: string; accountLeaseMs: number },
): Promise<{ accountId: number; claimedAt: Date } | null> {
  const due = DUE_COLUMN[input.mode];
  const { rows } = await tx.query<{ accountId: number; claimedAt: Date }>(
    `UPDATE hostaway.accounts SET ${due} = now() + make_interval(secs => $2::double precision / 1000)
     WHERE account_id = (
       SELECT a.account_id FROM hostaway.accounts a
       WHERE a.is_active AND a.egress_pool = $1 AND a.${due} <= now()
         AND NOT EXISTS (SELECT FROM hostaway.account_leases l
                         WHERE l.account_id = a.account_id AND l.expires_at > now())
       ORDER BY a.${due}, a.account_id
       LIMIT 1 FOR UPDATE OF a SKIP LOCKED)
     RETURNING account_id AS "accountId", now() AS "claimedAt"`,
    [input.pool, input.dueLeaseMs],
  );
  const row = rows[0];
  if (!row) return null;
  const accountId = Number(row.accountId);
  const terms = { accountId, owner: input.owner, leaseMs: input.accountLeaseMs };
  if (!(await tryTakeAccountLease(tx, terms))) throw new LeaseTakenMeanwhile();
  return { accountId, claimedAt: new Date(row.claimedAt) };
}

/** Milliseconds until the pool's next active account is due for `mode` (≤ 0: now; null: no account). */
export async function nextDueInMs(
  db: Queryable,
  input: { pool: string; mode: ScheduledMode },
): Promise<number | null> {
  const due = DUE_COLUMN[input.mode];
  const { rows } = await db.query<{ inMs: number | null }>(
    `SELECT (extract(epoch FROM min(${due}) - now()) * 1000)::float AS "inMs"
     FROM hostaway.accounts WHERE is_active AND egress_pool = $1`,
    [input.pool],
  );
  const inMs = rows[0]?.inMs;
  return inMs === null || inMs === undefined ? null : Number(inMs);
}

/** After a run: the account is next due `cadenceMs` after the run started (start to start). */
export async function scheduleNextRun(
  db: Queryable,
  input: { accountId: number; mode: ScheduledMode; startedAt: Date; cadenceMs: number },
): Promise<void> {
  const due = DUE_COLUMN[input.mode];
  await db.query(
    `UPDATE hostaway.accounts SET ${due} = $2::timestamptz + make_interval(secs => $3::double precision / 1000)
     WHERE account_id = $1`,
    [input.accountId, input.startedAt.toISOString(), input.cadenceMs],
  );
}

/** Per pool: active accounts, and those overdue for a mode right now (for `status` and /metrics). */
export async function countDueAccounts(
  db: Queryable,
): Promise<{ pool: string; accounts: number; incrementalDue: number; reconcileDue: number }[]> {
  const { rows } = await db.query<{
    pool: string;
    accounts: number;
    incrementalDue: number;
    reconcileDue: number;
  }>(
    `SELECT egress_pool AS pool, count(*)::int AS accounts,
       count(*) FILTER (WHERE incremental_due_at <= now())::int AS "incrementalDue",
       count(*) FILTER (WHERE reconcile_due_at <= now())::int AS "reconcileDue"
     FROM hostaway.accounts WHERE is_active GROUP BY egress_pool ORDER BY egress_pool`,
  );
  return rows;
}
