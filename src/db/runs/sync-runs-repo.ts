import { desc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../database.js';
import { syncRuns, type SyncRun } from '../schema/index.js';

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
