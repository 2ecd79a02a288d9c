import type { MirrorTableSpec } from './mirror-tables.js';
import { mergeRuleFor } from './upsert-merge-rules.js';
import { anyIdOf } from '../id-list-sql.js';

/**
 * One statement upserting a chunk of one account's rows. Parameters: $1 account_id, $2 customer_id,
 * $3 the chunk as a JSON array of records keyed by column name (expanded by jsonb_to_recordset).
 *
 * Each input row is first classified against its stored row with one primary-key lookup (`OFFSET 0` keeps
 * it a per-row index lookup: without it the planner may pick a join, and on a table without statistics —
 * a first sync, or PGlite, which has no autovacuum — a nested loop over the account's rows). `same`: the
 * row would not change (a no-op re-sync neither writes nor locks it: almost no WAL); `stale`: the stored
 * row is newer (the table's merge rule, e.g. a reservation's `updatedOn`) and is kept. The rest go through
 * `INSERT … ON CONFLICT`, whose SET and WHERE apply the same rules again to the row as it is at that moment
 * (locked), so a newer row committed meanwhile by a webhook or another run is neither overwritten nor
 * lost. `RETURNING xmax = 0` tells inserts from updates; stale rows come back with `stale = true`.
 */
export function buildUpsertSql(spec: MirrorTableSpec): string {
  const table = `hostaway.${spec.name}`;
  const rule = mergeRuleFor(spec.name);
  const dataColumns = spec.columns.map((c) => c.name);
  const recordType = [`${spec.key} bigint`, ...spec.columns.map((c) => `${c.name} ${c.type}`)].join(', ');
  const value = (column: string, incoming: string, stored: string) =>
    rule.value?.(column, incoming, stored) ?? `${incoming}.${column}`;
  const sameAsStored = dataColumns
    .map((c) => `AND t.${c} IS NOT DISTINCT FROM ${value(c, 'i', 't')}`)
    .join(' ');
  const storedIsNewer = (incoming: string) => rule.storedIsNewer?.(incoming, 't');
  const staleCase = storedIsNewer('i') ? `WHEN ${storedIsNewer('i')} THEN 'stale'` : '';
  const insertColumns = ['account_id', 'customer_id', spec.key, ...dataColumns].join(', ');
  const selectColumns = [spec.key, ...dataColumns].map((c) => `c.${c}`).join(', ');
  const setColumns = [
    'customer_id = excluded.customer_id',
    ...dataColumns.map((c) => `${c} = ${value(c, 'excluded', 't')}`),
  ].join(', ');
  const changed = [
    't.customer_id IS DISTINCT FROM excluded.customer_id',
    ...dataColumns.map((c) => `t.${c} IS DISTINCT FROM ${value(c, 'excluded', 't')}`),
  ].join(' OR ');
  const keepNewer = storedIsNewer('excluded') ? ` AND NOT COALESCE(${storedIsNewer('excluded')}, false)` : '';

  return `WITH input AS (
  SELECT * FROM jsonb_to_recordset($3::jsonb) AS r(${recordType})
), classified AS (
  SELECT i.*, s.state FROM input i LEFT JOIN LATERAL (
    SELECT CASE
      WHEN t.deleted_at IS NOT NULL THEN NULL
      WHEN t.customer_id = $2::uuid ${sameAsStored} THEN 'same'
      ${staleCase}
    END AS state
    FROM ${table} t WHERE t.account_id = $1::bigint AND t.${spec.key} = i.${spec.key}
    OFFSET 0
  ) s ON true
), written AS (
  INSERT INTO ${table} AS t (${insertColumns})
  SELECT $1::bigint, $2::uuid, ${selectColumns} FROM classified c WHERE c.state IS NULL
  ON CONFLICT (account_id, ${spec.key}) DO UPDATE
  SET ${setColumns}, updated_at = now(), deleted_at = NULL
  WHERE t.deleted_at IS NOT NULL OR ((${changed})${keepNewer})
  RETURNING (xmax = 0) AS inserted, t.${spec.key} AS key
)
SELECT inserted, key, false AS stale FROM written
UNION ALL
SELECT false, ${spec.key}, true FROM classified WHERE state = 'stale'`;
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
  AND t.${spec.key} = ${anyIdOf(2)}
  AND t.deleted_at IS NULL AND t.updated_at < $3::timestamptz`;
}
