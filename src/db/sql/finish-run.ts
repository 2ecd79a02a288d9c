import { HostawaySyncError, NotFoundError } from '../../errors.js';
import type { Queryable } from '../database.js';
import type { SyncRunStatus } from '../schema/index.js';

export interface FinishRunInput {
  status: Exclude<SyncRunStatus, 'running'>;
  /** Counts per resource; replaces what is stored. */
  stats?: Record<string, unknown>;
  apiRequests?: number;
  error?: string | null;
  /** A successful run: the account's `last_sync_at` becomes this time, in the same statement. */
  syncedAt?: Date;
}

/** Records a run's outcome (and, for a success, the account's last sync) in one statement. */
export async function finishRun(db: Queryable, id: number, input: FinishRunInput): Promise<void> {
  if ((input.status as string) === 'running') throw new HostawaySyncError('finishRun needs a final status');
  const { rowCount } = await db.query(
    `WITH finished AS (
       UPDATE hostaway.sync_runs
          SET status = $2, finished_at = now(), stats = COALESCE($3::jsonb, stats),
              api_requests = COALESCE($4::int, api_requests), error = $5
        WHERE id = $1
       RETURNING account_id),
     synced AS (
       UPDATE hostaway.accounts SET last_sync_at = $6::timestamptz
        WHERE $6::timestamptz IS NOT NULL AND account_id = (SELECT account_id FROM finished))
     SELECT 1 FROM finished`,
    [
      id,
      input.status,
      input.stats === undefined ? null : JSON.stringify(input.stats),
      input.apiRequests ?? null,
      input.error ?? null,
      input.syncedAt ?? null,
    ],
  );
  if (rowCount === 0) throw new NotFoundError(`sync run ${id} does not exist`);
}
