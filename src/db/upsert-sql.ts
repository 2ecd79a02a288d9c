import type { MirrorTableSpec } from './mirror-tables.js';

/**
 * One statement upserting a chunk of one account's rows. Parameters: $1 account_id, $2 customer_id,
 * $3 the chunk as a JSON array of records keyed by column name (expanded by jsonb_to_recordset).
 *
 * Rows identical to the stored, non-deleted row are filtered out first (NOT EXISTS), so a no-op re-sync
 * neither writes nor locks them (almost no WAL). `OFFSET 0` keeps that check a per-row primary-key lookup:
 * without it the planner may turn it into an anti-join, and on a table without statistics (a first sync,
 * or PGlite, which has no autovacuum) it picks a nested loop over the account's rows: O(chunk × table). ON CONFLICT stays for concurrent-insert safety, and its
 * WHERE leaves rows alone that became identical meanwhile. `RETURNING xmax = 0` tells inserts from updates,
 * and the keys tell the caller which rows changed.
 */
export function buildUpsertSql(spec: MirrorTableSpec): string {
  const table = `hostaway.${spec.name}`;
  const dataColumns = spec.columns.map((c) => c.name);
  const recordType = [`${spec.key} bigint`, ...spec.columns.map((c) => `${c.name} ${c.type}`)].join(', ');
  const sameAsStored = dataColumns.map((c) => `AND t.${c} IS NOT DISTINCT FROM i.${c}`).join(' ');
  const insertColumns = ['account_id', 'customer_id', spec.key, ...dataColumns].join(', ');
  const selectColumns = [spec.key, ...dataColumns].map((c) => `c.${c}`).join(', ');
  const setColumns = ['customer_id', ...dataColumns].map((c) => `${c} = excluded.${c}`).join(', ');
  const changed = ['customer_id', ...dataColumns].map((c) => `t.${c} IS DISTINCT FROM excluded.${c}`);

  return `WITH input AS (
  SELECT * FROM jsonb_to_recordset($3::jsonb) AS r(${recordType})
), changed AS (
  SELECT i.* FROM input i
  WHERE NOT EXISTS (
    SELECT 1 FROM ${table} t
    WHERE t.account_id = $1::bigint AND t.${spec.key} = i.${spec.key} AND t.deleted_at IS NULL
      AND t.customer_id = $2::uuid ${sameAsStored}
    OFFSET 0
  )
)
INSERT INTO ${table} AS t (${insertColumns})
SELECT $1::bigint, $2::uuid, ${selectColumns} FROM changed c
ON CONFLICT (account_id, ${spec.key}) DO UPDATE
SET ${setColumns}, updated_at = now(), deleted_at = NULL
WHERE t.deleted_at IS NOT NULL OR ${changed.join(' OR ')}
RETURNING (xmax = 0) AS inserted, t.${spec.key} AS key`;
}

/** The account's live ids that a reconciliation may mark: $1 account_id, $2 the run's start. */
export function buildLiveIdsSql(spec: MirrorTableSpec): string {
  return `SELECT ${spec.key} AS id FROM hostaway.${spec.name}
WHERE account_id = $1::bigint AND deleted_at IS NULL AND updated_at < $2::timestamptz`;
}

/**
 * Soft-deletes the given ids of one account: $1 account_id, $2 JSON array of ids, $3 the run's start.
 * The conditions are checked again, so a row written since the ids were read is kept. `= ANY(ARRAY(…))`
 * is an index condition on the primary key, never a join the planner could get wrong.
 */
export function buildMarkDeletedSql(spec: MirrorTableSpec): string {
  return `UPDATE hostaway.${spec.name} t SET deleted_at = now()
WHERE t.account_id = $1::bigint
  AND t.${spec.key} = ANY (ARRAY(SELECT (value)::bigint FROM jsonb_array_elements_text($2::jsonb)))
  AND t.deleted_at IS NULL AND t.updated_at < $3::timestamptz`;
}
