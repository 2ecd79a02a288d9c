import type { Queryable } from '../database.js';
import type { SyncMode, SyncState } from '../schema/index.js';

export interface SaveSyncStateInput {
  accountId: number;
  resource: string;
  /** New cursor (any JSON value, null clears it); omitted keeps the stored one. */
  cursor?: unknown;
  /** Records a successful full or incremental pass at database now(). */
  success?: SyncMode;
  /** A message records a failure (with its time); null clears the last error; omitted keeps it. */
  error?: string | null;
  /**
   * The account cannot use the resource: records the reason and the probe's time (the first time kept as
   * the since-time); null clears the state; omitted keeps it.
   */
  unavailable?: { reason: string } | null;
}

const STATE_COLUMNS = `account_id AS "accountId", resource, cursor,
  last_full_success_at AS "lastFullSuccessAt", last_incremental_success_at AS "lastIncrementalSuccessAt",
  last_reconcile_success_at AS "lastReconcileSuccessAt",
  last_error AS "lastError", last_error_at AS "lastErrorAt", unavailable_since AS "unavailableSince",
  unavailable_reason AS "unavailableReason", unavailable_checked_at AS "unavailableCheckedAt",
  updated_at AS "updatedAt"`;

/** Every resource's state for one account, by resource name. */
export async function getSyncState(db: Queryable, accountId: number): Promise<SyncState[]> {
  const { rows } = await db.query<SyncState>(
    `SELECT ${STATE_COLUMNS} FROM hostaway.sync_state WHERE account_id = $1 ORDER BY resource`,
    [accountId],
  );
  return rows;
}

// $3 cursor JSON, $4 whether to set it, $5 success mode, $6 error text, $7 whether to set the error,
// $8 unavailable reason, $9 whether to set the unavailable state.
const SAVE_SQL = `INSERT INTO hostaway.sync_state AS s (account_id, resource, cursor,
  last_full_success_at, last_incremental_success_at, last_reconcile_success_at, last_error, last_error_at,
  unavailable_since, unavailable_reason, unavailable_checked_at)
VALUES ($1, $2, CASE WHEN $4::boolean THEN $3::jsonb END,
  CASE WHEN $5::text = 'full' THEN now() END, CASE WHEN $5::text = 'incremental' THEN now() END,
  CASE WHEN $5::text = 'reconcile' THEN now() END,
  CASE WHEN $7::boolean THEN $6::text END, CASE WHEN $7::boolean AND $6::text IS NOT NULL THEN now() END,
  CASE WHEN $8::text IS NOT NULL THEN now() END, $8::text, CASE WHEN $8::text IS NOT NULL THEN now() END)
ON CONFLICT (account_id, resource) DO UPDATE SET
  cursor = CASE WHEN $4::boolean THEN excluded.cursor ELSE s.cursor END,
  last_full_success_at = COALESCE(excluded.last_full_success_at, s.last_full_success_at),
  last_incremental_success_at = COALESCE(excluded.last_incremental_success_at, s.last_incremental_success_at),
  last_reconcile_success_at = COALESCE(excluded.last_reconcile_success_at, s.last_reconcile_success_at),
  last_error = CASE WHEN $7::boolean THEN excluded.last_error ELSE s.last_error END,
  last_error_at = CASE WHEN $7::boolean THEN excluded.last_error_at ELSE s.last_error_at END,
  unavailable_since = CASE WHEN $9::boolean
    THEN CASE WHEN $8::text IS NOT NULL THEN COALESCE(s.unavailable_since, now()) END ELSE s.unavailable_since END,
  unavailable_reason = CASE WHEN $9::boolean THEN excluded.unavailable_reason ELSE s.unavailable_reason END,
  unavailable_checked_at = CASE WHEN $9::boolean
    THEN excluded.unavailable_checked_at ELSE s.unavailable_checked_at END,
  updated_at = now()
RETURNING ${STATE_COLUMNS}`;

/** Creates or updates one resource's state; fields not given are kept. */
export async function saveSyncState(db: Queryable, input: SaveSyncStateInput): Promise<SyncState> {
  const setCursor = input.cursor !== undefined;
  const setError = input.error !== undefined;
  const { rows } = await db.query<SyncState>(SAVE_SQL, [
    input.accountId,
    input.resource,
    setCursor && input.cursor !== null ? JSON.stringify(input.cursor) : null,
    setCursor,
    input.success ?? null,
    input.error ?? null,
    setError,
    input.unavailable?.reason ?? null,
    input.unavailable !== undefined,
  ]);
  return rows[0]!;
}

/** Every account's resource states in one query (for `status` over many tenants). */
export async function listSyncStates(db: Queryable): Promise<SyncState[]> {
  const { rows } = await db.query<SyncState>(
    `SELECT ${STATE_COLUMNS} FROM hostaway.sync_state ORDER BY account_id, resource`,
  );
  return rows;
}
