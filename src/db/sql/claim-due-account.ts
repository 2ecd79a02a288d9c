import type { Database, Queryable } from '../database.js';
import { tryTakeAccountLease } from './account-leases.js';
import type { ScheduledMode } from '../fleet/due-times.js';

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
