import type { ScopeLease, ScopeRequest } from '../../rate-lease.js';
import type { Queryable } from '../database.js';
import { allocateShares } from '../rate-budget/lease-allocation.js';

/** First key of the advisory locks that serialise lease changes per scope ("HARL"). */
export const SCOPE_LOCK_NAMESPACE = 0x4841524c;

export interface LeaseLimits {
  windowMs: number;
  /** How long a lease runs before it must be renewed. */
  leaseMs: number;
  /** The longest a request can be in flight (request timeout and margin). */
  slotTimeoutMs: number;
  /** Background requests per window kept while a more urgent process wants requests. */
  backgroundFloor: number;
}

interface LeaseRow {
  scope: string;
  holder: string;
  rank: number;
  wanted: number;
  share: number;
  extra: number;
  extraMs: number | null;
  expiresMs: number;
  countsMs: number;
}

/**
 * What a holder may have in any window now: its share, or a larger share it gave up less than a window
 * ago. Its own gate counts every request it sent against its current share, so never the sum of both.
 */
const contribution = (row: LeaseRow) =>
  Math.max(row.countsMs > 0 ? row.share : 0, row.extraMs !== null && row.extraMs > 0 ? row.extra : 0);

/** What the pool's counter is told at a renewal, and whose pauses the renewal reads back. */
export interface PoolCount {
  pool: string;
  /** Requests sent on the pool since the last renewal. */
  sent: number;
  accountIds: readonly number[];
}

/** The pool's and the accounts' pauses left, in ms on the database's clock. */
export interface Pauses {
  poolMs: number;
  accountsMs: Record<string, number>;
}

/**
 * Renews one process's leases on several scopes in one transaction (the caller's, see
 * budget-transaction.ts): locks the scopes, reads every holder's row on the database's clock, then in one
 * statement writes the process's rows, drops rows long dead, adds the requests sent to the pool's counter
 * and reads the pool's and the accounts' pauses. A share only grows into room nobody else's rows count; a
 * share that shrinks keeps counting as `extra` for one window (plus the request timeout while requests sent
 * under it are unanswered), so the sum of what every holder may have sent in any sliding window never
 * passes the scope's limit. The lock and the read are two statements: a statement's snapshot is taken
 * before it waits, so a read in the locking statement could miss the previous holder's commit.
 */
export async function renewLeases(
  tx: Queryable,
  holder: string,
  requests: readonly ScopeRequest[],
  limits: LeaseLimits,
  count: PoolCount,
): Promise<{ leases: ScopeLease[]; pauses: Pauses }> {
  const scopes = requests.map((r) => r.scope).sort();
  await tx.query(
    `SELECT pg_advisory_xact_lock($1, hashtext(s)) FROM (SELECT s FROM unnest($2::text[]) s ORDER BY s) o`,
    [SCOPE_LOCK_NAMESPACE, scopes],
  );
  const { rows } = await tx.query<LeaseRow & { t: string }>(
    `SELECT l.scope, l.holder, l.priority AS rank, l.wanted, l.share, l.extra,
       extract(epoch FROM l.extra_until - c.t)::float * 1000 AS "extraMs",
       extract(epoch FROM l.expires_at - c.t)::float * 1000 AS "expiresMs",
       extract(epoch FROM l.counts_until - c.t)::float * 1000 AS "countsMs", c.t::text AS t
     FROM (SELECT clock_timestamp() AS t) c LEFT JOIN hostaway.rate_leases l ON l.scope = ANY($1::text[])`,
    [scopes],
  );
  const clock = rows[0]!.t;
  const live = rows.filter((row) => row.scope !== null);
  const decided = requests.map((request) => decide(request, holder, live, limits));
  const { rows: paused } = await tx.query<{
    poolMs: number | null;
    accountsMs: Record<string, number> | null;
  }>(
    `WITH written AS (
       INSERT INTO hostaway.rate_leases AS l
         (scope, holder, priority, wanted, share, extra, extra_until, expires_at, counts_until)
       SELECT r.scope, $2, r.rank, r.wanted, r.share, r.extra, $3::timestamptz + r."extraMs" * interval '1 ms',
         $3::timestamptz + r."expiresMs" * interval '1 ms', $3::timestamptz + r."countsMs" * interval '1 ms'
       FROM jsonb_to_recordset($1::jsonb) AS r(scope text, rank int, wanted int, share int, extra int,
         "extraMs" float8, "expiresMs" float8, "countsMs" float8)
       ON CONFLICT (scope, holder) DO UPDATE SET priority = excluded.priority, wanted = excluded.wanted,
         share = excluded.share, extra = excluded.extra, extra_until = excluded.extra_until,
         expires_at = excluded.expires_at, counts_until = excluded.counts_until
       RETURNING 1
     ), dead AS (
       -- Rows that count for nothing any more (holders long gone).
       DELETE FROM hostaway.rate_leases WHERE scope = ANY($4::text[]) AND holder <> $2
         AND greatest(counts_until, coalesce(extra_until, counts_until)) < $3::timestamptz - interval '1 minute'
       RETURNING 1
     ), counted AS (
       INSERT INTO hostaway.rate_pools AS p (pool, granted) VALUES ($5, $6)
       ON CONFLICT (pool) DO UPDATE SET granted = p.granted + excluded.granted,
         updated_at = CASE WHEN excluded.granted > 0 THEN now() ELSE p.updated_at END
       RETURNING paused_until
     )
     SELECT (SELECT extract(epoch FROM paused_until - clock_timestamp())::float * 1000 FROM counted) AS "poolMs",
       (SELECT jsonb_object_agg(a.account_id::text, extract(epoch FROM a.paused_until - clock_timestamp()) * 1000)
        FROM hostaway.rate_accounts a WHERE a.account_id = ANY($7::bigint[]) AND a.paused_until > clock_timestamp())
        AS "accountsMs"`,
    [
      JSON.stringify(decided.map((d) => d.row)),
      holder,
      clock,
      scopes,
      count.pool,
      count.sent,
      count.accountIds,
    ],
  );
  return {
    leases: decided.map((d) => d.lease),
    pauses: { poolMs: Math.max(0, paused[0]!.poolMs ?? 0), accountsMs: paused[0]!.accountsMs ?? {} },
  };
}

function decide(request: ScopeRequest, holder: string, rows: readonly LeaseRow[], limits: LeaseLimits) {
  const others = rows.filter((row) => row.scope === request.scope && row.holder !== holder);
  const mine = rows.find((row) => row.scope === request.scope && row.holder === holder);
  const othersUsed = others.reduce((sum, row) => sum + contribution(row), 0);
  const demanders = others.filter((row) => row.expiresMs > 0 && row.wanted > 0);
  const wanted = request.closing ? 0 : request.wanted;
  const everyone = wanted > 0 ? [...demanders, { holder, rank: request.rank }] : demanders;
  const target = Math.min(
    wanted,
    allocateShares(request.limit, limits.backgroundFloor, everyone).get(holder) ?? 0,
  );
  const current = mine && mine.countsMs > 0 ? mine.share : 0;
  let extra = mine && mine.extraMs !== null && mine.extraMs > 0 ? mine.extra : 0;
  let extraMs = extra > 0 ? mine!.extraMs! : null;
  if (extraMs !== null && request.settled) extraMs = Math.min(extraMs, limits.windowMs);
  let share: number;
  if (target >= current) share = Math.max(current, Math.min(target, request.limit - othersUsed));
  else {
    share = target;
    const tail = limits.windowMs + (request.inFlight ? limits.slotTimeoutMs : 0);
    // What was given up counts for what was sent under it, not the whole share: this holder's gate keeps
    // counting those requests against its new share, so it cannot send more than the larger of the two.
    extra = Math.max(extra, Math.min(current, request.counted));
    extraMs = Math.max(extraMs ?? 0, Math.min(tail, mine!.countsMs));
  }
  const expiresMs = request.closing ? 0 : limits.leaseMs;
  const countsMs = share > 0 ? limits.leaseMs + limits.slotTimeoutMs + limits.windowMs : 0;
  const row = {
    scope: request.scope,
    rank: request.rank,
    wanted,
    share,
    extra,
    extraMs,
    expiresMs,
    countsMs,
  };
  const retryInMs = share < target ? nextChangeMs(others, extra > 0 ? extraMs : null, limits) : null;
  return { row, lease: { scope: request.scope, share, expiresInMs: expiresMs, retryInMs } };
}

/** The soonest another holder's share can free (its extra ages out, it lapses, or it renews and shrinks). */
function nextChangeMs(others: readonly LeaseRow[], ownExtraMs: number | null, limits: LeaseLimits): number {
  const renewalLeadMs = Math.min(limits.windowMs, limits.leaseMs / 2);
  // A share given up with requests in flight counts for the request timeout until its holder says they
  // were answered (usually within moments), then one window: look again a little after one window.
  const settledBy = (ms: number) => Math.min(ms, limits.windowMs * 1.25);
  const times = [ownExtraMs === null ? Infinity : settledBy(ownExtraMs)];
  for (const row of others) {
    if (row.extraMs !== null && row.extraMs > 0 && row.extra > 0) times.push(settledBy(row.extraMs));
    if (row.share > 0 && row.countsMs > 0)
      times.push(row.expiresMs > 0 ? row.expiresMs - renewalLeadMs : row.countsMs);
  }
  const soonest = Math.min(...times);
  return Math.min(Math.max(soonest, limits.windowMs / 20), limits.leaseMs);
}
