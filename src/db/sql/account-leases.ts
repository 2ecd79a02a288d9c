import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Queryable } from '../database.js';

/**
 * Account leases: one run per account at a time, coordinated through `hostaway.account_leases` rather than
 * session advisory locks, so it holds behind a transaction-mode pooler (PgBouncer, RDS Proxy, Supavisor).
 * Each function is one self-contained statement; expiry is always the database's clock.
 */
export interface LeaseTerms {
  accountId: number;
  /** Who holds it: `newLeaseOwner()`, one per acquisition. */
  owner: string;
  /** How long the lease lasts from now (the database's now) unless renewed. */
  leaseMs: number;
}

/** This process among all others: host and pid for people reading the table, random bytes to be unique. */
const PROCESS_ID = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

/** A new holder id, one per acquisition (a stale release can never drop a newer lease of this process). */
export function newLeaseOwner(): string {
  return `${PROCESS_ID}:${randomBytes(4).toString('hex')}`;
}

const EXPIRY = `now() + make_interval(secs => $3::double precision / 1000)`;

/**
 * Takes the account's lease when nobody holds it or its holder's lease has expired; false when it is held
 * (by another process, or by another run of this one). The account row must exist. `soleProcess`: no other
 * process can be using this database (the embedded one, behind its data-directory lock), so a lease of
 * another process is left over from one that died and is taken over at once.
 */
export async function tryTakeAccountLease(
  db: Queryable,
  terms: LeaseTerms,
  options: { soleProcess?: boolean } = {},
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO hostaway.account_leases AS l (account_id, owner, expires_at) VALUES ($1, $2, ${EXPIRY})
     ON CONFLICT (account_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE l.expires_at <= now() OR ($4::boolean AND left(l.owner, length($5)) <> $5)`,
    [terms.accountId, terms.owner, terms.leaseMs, options.soleProcess === true, `${PROCESS_ID}:`],
  );
  return rowCount === 1;
}

/**
 * Extends the lease by `leaseMs` from now; false when `owner` no longer holds it (it expired and another
 * claimant took it over, or the account was deleted). A lapsed lease nobody took is still this owner's.
 */
export async function renewAccountLease(db: Queryable, terms: LeaseTerms): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE hostaway.account_leases SET expires_at = ${EXPIRY} WHERE account_id = $1 AND owner = $2`,
    [terms.accountId, terms.owner, terms.leaseMs],
  );
  return rowCount === 1;
}

/** The runs `--due` schedules per account. */
export type ScheduledMode = 'incremental' | 'reconcile';

/** When a claimed account runs next (`--due`): the cadence after its run started, or `notBefore` if later. */
export interface NextRun {
  mode: ScheduledMode;
  startedAt: Date;
  cadenceMs: number;
  /** An account in webhook mode with nothing due until then. */
  notBefore?: Date;
}

/** The column holding an account's next due time per mode. */
export const DUE_COLUMN: Record<ScheduledMode, string> = {
  incremental: 'incremental_due_at',
  reconcile: 'reconcile_due_at',
};

const RELEASE_LEASE = 'DELETE FROM hostaway.account_leases WHERE account_id = $1 AND owner = $2';

/**
 * Gives the lease up (a no-op when `owner` no longer holds it) and, with `next`, schedules the account's next
 * run in the same statement.
 */
export async function releaseAccountLease(
  db: Queryable,
  lease: { accountId: number; owner: string },
  next?: NextRun,
): Promise<void> {
  if (next === undefined) {
    await db.query(RELEASE_LEASE, [lease.accountId, lease.owner]);
    return;
  }
  const due = DUE_COLUMN[next.mode];
  // greatest() ignores a null notBefore.
  await db.query(
    `WITH released AS (${RELEASE_LEASE})
     UPDATE hostaway.accounts SET ${due} = greatest(
       $3::timestamptz + make_interval(secs => $4::double precision / 1000), $5::timestamptz)
     WHERE account_id = $1`,
    [lease.accountId, lease.owner, next.startedAt, next.cadenceMs, next.notBefore ?? null],
  );
}
