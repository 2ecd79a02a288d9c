import { HostawaySyncError, NotFoundError } from '../../errors.js';
import type { Queryable } from '../database.js';
import type { SyncMode, SyncRun, SyncRunStatus } from '../schema/index.js';

export interface FinishRunInput {
  status: Exclude<SyncRunStatus, 'running'>;
  /** Counts per resource; replaces what is stored. */
  stats?: Record<string, unknown>;
  apiRequests?: number;
  error?: string | null;
}

const RUN_COLUMNS = `id, account_id AS "accountId", mode, status, started_at AS "startedAt",
  finished_at AS "finishedAt", stats, api_requests AS "apiRequests", error`;

/**
 * Records the start of a run (status 'running', started_at = the database's now()); returns its id and
 * that start time, the clock every "written since the run started" comparison uses.
 */
export async function startRun(
  db: Queryable,
  input: { accountId: number; mode: SyncMode },
): Promise<{ id: number; startedAt: Date }> {
  const { rows } = await db.query<{ id: number; startedAt: Date }>(
    `INSERT INTO hostaway.sync_runs (account_id, mode, status) VALUES ($1, $2, 'running')
     RETURNING id, started_at AS "startedAt"`,
    [input.accountId, input.mode],
  );
  const row = rows[0]!;
  return { id: Number(row.id), startedAt: new Date(row.startedAt) };
}

/** Records a run's outcome. */
export async function finishRun(db: Queryable, id: number, input: FinishRunInput): Promise<void> {
  if ((input.status as string) === 'running') throw new HostawaySyncError('finishRun needs a final status');
  const { rowCount } = await db.query(
    `UPDATE hostaway.sync_runs
     SET status = $2, finished_at = now(), stats = COALESCE($3::jsonb, stats),
         api_requests = COALESCE($4, api_requests), error = $5
     WHERE id = $1`,
    [
      id,
      input.status,
      input.stats === undefined ? null : JSON.stringify(input.stats),
      input.apiRequests ?? null,
      input.error ?? null,
    ],
  );
  if (rowCount === 0) throw new NotFoundError(`sync run ${id} does not exist`);
}

export async function getRun(db: Queryable, id: number): Promise<SyncRun | null> {
  const { rows } = await db.query<SyncRun>(`SELECT ${RUN_COLUMNS} FROM hostaway.sync_runs WHERE id = $1`, [
    id,
  ]);
  return rows[0] ?? null;
}

/** Most recent runs first, of one account or of all. */
export async function listRecentRuns(
  db: Queryable,
  options: { accountId?: number; limit?: number } = {},
): Promise<SyncRun[]> {
  const limit = options.limit ?? 20;
  const { rows } = await db.query<SyncRun>(
    `SELECT ${RUN_COLUMNS} FROM hostaway.sync_runs
     WHERE ($1::bigint IS NULL OR account_id = $1::bigint)
     ORDER BY started_at DESC NULLS LAST, id DESC LIMIT $2`,
    [options.accountId ?? null, limit],
  );
  return rows;
}

/**
 * Deletes an account's finished runs that started more than `days` days ago (database clock); 0 keeps all.
 * Called at the start of each run, so the log stays bounded with no separate job: at a 5-minute cadence
 * an account keeps 288 rows a day. Status needs no old rows (sync_state keeps the last success and error).
 */
export async function pruneOldRuns(db: Queryable, accountId: number, days: number): Promise<number> {
  if (days <= 0) return 0;
  const { rowCount } = await db.query(
    `DELETE FROM hostaway.sync_runs
     WHERE account_id = $1 AND status <> 'running' AND started_at < now() - make_interval(days => $2)`,
    [accountId, days],
  );
  return rowCount;
}

/**
 * Marks an account's runs still 'running' as 'interrupted' (their process died). Call it only while
 * holding the account's lock, before starting a new run. Returns how many were closed.
 */
export async function markAbandonedRuns(db: Queryable, accountId: number): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE hostaway.sync_runs
     SET status = 'interrupted', finished_at = now(),
         error = COALESCE(error, 'the process ended before the run finished')
     WHERE account_id = $1 AND status = 'running'`,
    [accountId],
  );
  return rowCount;
}
