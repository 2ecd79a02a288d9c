import { HostawaySyncError, NotFoundError } from '../../errors.js';
import type { Queryable } from '../database.js';
import type { SyncRunStatus } from '../schema/index.js';
import { DUE_COLUMN, type NextRun } from './account-leases.js';

export interface FinishRunInput {
  status: Exclude<SyncRunStatus, 'running'>;
  /** Counts per resource; replaces what is stored. */
  stats?: Record<string, unknown>;
  apiRequests?: number;
  error?: string | null;
  /** A successful run: the account's `last_sync_at` becomes this time, in the same statement. */
  syncedAt?: Date;
  /** A claimed run: its account lease is given up and its next run scheduled, in the same statement. */
  release?: { owner: string; next: NextRun };
}

/**
 * Records a run's outcome (and, for a success, the account's last sync; for a claimed run, its lease's
 * release and next due time) in one statement.
 */
export async function finishRun(db: Queryable, id: number, input: FinishRunInput): Promise<void> {
  if ((input.status as string) === 'running') throw new HostawaySyncError('finishRun needs a final status');
  const { release } = input;
  // The due column of the claimed mode; without a release it is set to itself.
  const due = DUE_COLUMN[release?.next.mode ?? 'incremental'];
  const { rowCount } = await db.query(
    `WITH finished AS (
       UPDATE hostaway.sync_runs
          SET status = $2, finished_at = now(), stats = COALESCE($3::jsonb, stats),
              api_requests = COALESCE($4::int, api_requests), error = $5
        WHERE id = $1
       RETURNING account_id),
     released AS (
       DELETE FROM hostaway.account_leases
        WHERE $7::text IS NOT NULL AND account_id = (SELECT account_id FROM finished) AND owner = $7),
     synced AS (
       UPDATE hostaway.accounts SET last_sync_at = coalesce($6::timestamptz, last_sync_at),
              ${due} = CASE WHEN $7::text IS NULL THEN ${due} ELSE greatest(
                $8::timestamptz + make_interval(secs => $9::double precision / 1000), $10::timestamptz) END
        WHERE ($6::timestamptz IS NOT NULL OR $7::text IS NOT NULL)
          AND account_id = (SELECT account_id FROM finished))
     SELECT 1 FROM finished`,
    [
      id,
      input.status,
      input.stats === undefined ? null : JSON.stringify(input.stats),
      input.apiRequests ?? null,
      input.error ?? null,
      input.syncedAt ?? null,
      release?.owner ?? null,
      release?.next.startedAt ?? null,
      release?.next.cadenceMs ?? null,
      release?.next.notBefore ?? null,
    ],
  );
  if (rowCount === 0) throw new NotFoundError(`sync run ${id} does not exist`);
}
