import { getTableColumns } from 'drizzle-orm';
import type { Database } from '../database.js';
import { accounts, type Account } from '../schema/index.js';
import { DUE_COLUMN, type ScheduledMode } from './account-leases.js';

/** The claimed account's row as `getAccount` reads it: every column under its schema name. */
const ACCOUNT_COLUMNS = Object.entries(getTableColumns(accounts))
  .map(([key, column]) => `a.${column.name} AS "${key}"`)
  .join(', ');

/**
 * Claims the most overdue active account of `pool` that no live lease holds, and takes its lease for
 * `owner`, in one statement: its due time moves `dueLeaseMs` ahead (no other worker claims it while this
 * one runs; `FOR UPDATE SKIP LOCKED`: claimers never wait on each other) and its account lease lasts
 * `accountLeaseMs` (the caller keeps renewing it); the claim returns the account's row, so the run need not
 * read it again. When no account of the pool is due, it says in how many
 * ms the next one is (≤ 0: now; null: none), leaving out accounts a live lease holds (a `sync --account`
 * run of an overdue account must not make waiting workers poll). When a run outside the claim took the
 * lease after the candidate was chosen, nothing is written and the next candidate is tried (the live lease
 * now keeps that one out). All times are the database's.
 */
export async function claimDueAccount(
  db: Database,
  input: { pool: string; mode: ScheduledMode; dueLeaseMs: number; owner: string; accountLeaseMs: number },
): Promise<{ account: Account; claimedAt: Date } | { nextDueInMs: number | null }> {
  const due = DUE_COLUMN[input.mode];
  const unleased = (alias: string) =>
    `NOT EXISTS (SELECT FROM hostaway.account_leases l WHERE l.account_id = ${alias}.account_id AND l.expires_at > now())`;
  for (;;) {
    const { rows } = await db.query<
      (Account | { accountId: null }) & { claimedAt: Date; found: boolean; nextDueInMs: number | null }
    >(
      `WITH candidate AS (
         SELECT a.account_id FROM hostaway.accounts a
         WHERE a.is_active AND a.egress_pool = $1 AND a.${due} <= now() AND ${unleased('a')}
         ORDER BY a.${due}, a.account_id
         LIMIT 1 FOR UPDATE OF a SKIP LOCKED
       ), leased AS (
         INSERT INTO hostaway.account_leases AS l (account_id, owner, expires_at)
         SELECT account_id, $3, now() + make_interval(secs => $4::double precision / 1000) FROM candidate
         ON CONFLICT (account_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
           WHERE l.expires_at <= now()
         RETURNING l.account_id
       ), claimed AS (
         UPDATE hostaway.accounts a SET ${due} = now() + make_interval(secs => $2::double precision / 1000)
         FROM leased WHERE a.account_id = leased.account_id
         RETURNING ${ACCOUNT_COLUMNS}
       )
       SELECT claimed.*, now() AS "claimedAt", EXISTS (SELECT FROM candidate) AS found,
              CASE WHEN NOT EXISTS (SELECT FROM candidate) THEN (
                SELECT (extract(epoch FROM min(n.${due}) - now()) * 1000)::float FROM hostaway.accounts n
                WHERE n.is_active AND n.egress_pool = $1 AND ${unleased('n')}) END AS "nextDueInMs"
       FROM (SELECT) one LEFT JOIN claimed ON true`,
      [input.pool, input.dueLeaseMs, input.owner, input.accountLeaseMs],
    );
    const { claimedAt, found, nextDueInMs, ...account } = rows[0]!;
    if (account.accountId !== null) return { account: account as Account, claimedAt: new Date(claimedAt) };
    if (!found) return { nextDueInMs: nextDueInMs === null ? null : Number(nextDueInMs) };
  }
}
