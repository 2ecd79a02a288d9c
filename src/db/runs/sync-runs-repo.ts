import { and, desc, eq, lt, ne, sql } from 'drizzle-orm';
import { HostawaySyncError, NotFoundError } from '../../errors.js';
import type { Queryable } from '../database.js';
import { syncRuns, type SyncMode, type SyncRun, type SyncRunStatus } from '../schema/index.js';

export interface FinishRunInput {
  status: Exclude<SyncRunStatus, 'running'>;
  /** Counts per resource; replaces what is stored. */
  stats?: Record<string, unknown>;
  apiRequests?: number;
  error?: string | null;
}

/**
 * Records the start of a run (status 'running', started_at = the database's now()); returns its id and
 * that start time, the clock every "written since the run started" comparison uses.
 */
export async function startRun(
  db: Queryable,
  input: { accountId: number; mode: SyncMode },
): Promise<{ id: number; startedAt: Date }> {
  const [row] = await db.orm
    .insert(syncRuns)
    .values({ ...input, status: 'running' })
    .returning({ id: syncRuns.id, startedAt: syncRuns.startedAt });
  return row!;
}

/** Records a run's outcome. */
export async function finishRun(db: Queryable, id: number, input: FinishRunInput): Promise<void> {
  if ((input.status as string) === 'running') throw new HostawaySyncError('finishRun needs a final status');
  const { status, stats, apiRequests, error = null } = input;
  const finished = await db.orm
    .update(syncRuns)
    .set({ status, finishedAt: sql`now()`, stats, apiRequests, error })
    .where(eq(syncRuns.id, id))
    .returning({ id: syncRuns.id });
  if (finished.length === 0) throw new NotFoundError(`sync run ${id} does not exist`);
}

export async function getRun(db: Queryable, id: number): Promise<SyncRun | null> {
  const [run] = await db.orm.select().from(syncRuns).where(eq(syncRuns.id, id));
  return run ?? null;
}

/** Most recent runs first, of one account or of all. */
export async function listRecentRuns(
  db: Queryable,
  options: { accountId?: number; limit?: number } = {},
): Promise<SyncRun[]> {
  return db.orm
    .select()
    .from(syncRuns)
    .where(options.accountId === undefined ? undefined : eq(syncRuns.accountId, options.accountId))
    .orderBy(sql`${syncRuns.startedAt} DESC NULLS LAST`, desc(syncRuns.id))
    .limit(options.limit ?? 20);
}

/**
 * Deletes an account's finished runs that started more than `days` days ago (database clock); 0 keeps all.
 * Called at the start of each run, so the log stays bounded with no separate job: at a 5-minute cadence
 * an account keeps 288 rows a day. Status needs no old rows (sync_state keeps the last success and error).
 */
export async function pruneOldRuns(db: Queryable, accountId: number, days: number): Promise<number> {
  if (days <= 0) return 0;
  const pruned = await db.orm
    .delete(syncRuns)
    .where(
      and(
        eq(syncRuns.accountId, accountId),
        ne(syncRuns.status, 'running'),
        lt(syncRuns.startedAt, sql`now() - make_interval(days => ${days})`),
      ),
    )
    .returning({ id: syncRuns.id });
  return pruned.length;
}

/**
 * Marks an account's runs still 'running' as 'interrupted' (their process died). Call it only while
 * holding the account's lock, before starting a new run. Returns how many were closed.
 */
export async function markAbandonedRuns(db: Queryable, accountId: number): Promise<number> {
  const closed = await db.orm
    .update(syncRuns)
    .set({
      status: 'interrupted',
      finishedAt: sql`now()`,
      error: sql`COALESCE(${syncRuns.error}, 'the process ended before the run finished')`,
    })
    .where(and(eq(syncRuns.accountId, accountId), eq(syncRuns.status, 'running')))
    .returning({ id: syncRuns.id });
  return closed.length;
}
