import type { SyncMode } from '../schema/index.js';
import type { Queryable } from '../database.js';

/**
 * One statement at the start of a run, while the run holds the account's lease: closes the account's runs
 * still 'running' (their process died: the lease proves no other run is alive) as 'interrupted', deletes its
 * runs that started more than `retentionDays` ago (0 keeps all; at a 5-minute cadence an account logs 288 a
 * day, so the log stays bounded with no separate job), and records the new run ('running', started_at = the
 * database's now(): the clock every "written since the run started" comparison uses). The closed and the
 * deleted rows are disjoint: one statement must not change a row twice.
 */
export async function startRun(
  db: Queryable,
  input: { accountId: number; mode: SyncMode; retentionDays?: number },
): Promise<{ id: number; startedAt: Date; closed: number; pruned: number }> {
  const { rows } = await db.query<{ id: number; startedAt: Date; closed: number; pruned: number }>(
    `WITH closed AS (
       UPDATE hostaway.sync_runs
          SET status = 'interrupted', finished_at = now(),
              error = COALESCE(error, 'the process ended before the run finished')
        WHERE account_id = $1 AND status = 'running'
          AND ($3::int <= 0 OR started_at >= now() - make_interval(days => $3::int))
       RETURNING id),
     pruned AS (
       DELETE FROM hostaway.sync_runs
        WHERE account_id = $1 AND $3::int > 0 AND started_at < now() - make_interval(days => $3::int)
       RETURNING id)
     INSERT INTO hostaway.sync_runs (account_id, mode, status) VALUES ($1, $2, 'running')
     RETURNING id, started_at AS "startedAt",
       (SELECT count(*) FROM closed)::int AS closed, (SELECT count(*) FROM pruned)::int AS pruned`,
    [input.accountId, input.mode, input.retentionDays ?? 0],
  );
  const row = rows[0]!;
  return { ...row, id: Number(row.id) };
}
