import type { Queryable } from '../database.js';

export type ScheduledMode = 'incremental' | 'reconcile';

const DUE_COLUMN: Record<ScheduledMode, string> = {
  incremental: 'incremental_due_at',
  reconcile: 'reconcile_due_at',
};

/**
 * Claims the most overdue active account of `pool` for a run: its due time moves `leaseMs` ahead, so no
 * other worker claims it while this one runs (`FOR UPDATE SKIP LOCKED`: claimers never wait on each other).
 * Returns null when no account of the pool is due. All times are the database's.
 */
export async function claimDueAccount(
  db: Queryable,
  input: { pool: string; mode: ScheduledMode; leaseMs: number },
): Promise<{ accountId: number; claimedAt: Date } | null> {
  const due = DUE_COLUMN[input.mode];
  const { rows } = await db.query<{ accountId: number; claimedAt: Date }>(
    `UPDATE hostaway.accounts SET ${due} = now() + make_interval(secs => $2::double precision / 1000)
     WHERE account_id = (
       SELECT account_id FROM hostaway.accounts
       WHERE is_active AND egress_pool = $1 AND ${due} <= now()
       ORDER BY ${due}, account_id
       LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING account_id AS "accountId", now() AS "claimedAt"`,
    [input.pool, input.leaseMs],
  );
  const row = rows[0];
  return row ? { accountId: Number(row.accountId), claimedAt: new Date(row.claimedAt) } : null;
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
