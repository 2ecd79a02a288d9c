import type { JsonArrayParam } from '../json-array-param.js';
import type { Queryable } from '../database.js';
import { keepLaterMessages, keepNewerReservation, type MergeRule } from './mirror-merge-rules.js';

interface UpsertColumn {
  name: string;
  type: 'bigint' | 'jsonb' | 'text' | 'date';
}

/** A table written by the classified upsert: every table holding Hostaway objects as served. */
interface UpsertSpec {
  /**
   * Key columns the whole statement shares besides account_id (`resource`, a calendar's `listing_id`): the
   * parameters after $1 account_id and $2 customer_id, in order.
   */
  scope?: readonly UpsertColumn[];
  /** The row's own key; the primary key is (account_id, …scope, key). */
  key: UpsertColumn;
  /** Data columns besides customer_id, also the keys of each JSON record. */
  columns: readonly UpsertColumn[];
  /**
   * `deleted_at`: `revive` — set by reconciliation, a row written again is live; `marker` — each record's
   * `deleted` (a deletion marker in the payload) sets it, kept at its first time, and clears it; `none`.
   */
  deletion: 'revive' | 'marker' | 'none';
  rule?: MergeRule;
}

const bigint = (name: string): UpsertColumn => ({ name, type: 'bigint' });
const jsonb = (name: string): UpsertColumn => ({ name, type: 'jsonb' });

const SPECS = {
  listings: {
    key: bigint('id'),
    columns: [jsonb('raw_payload')],
    deletion: 'revive',
  },
  reservations: {
    key: bigint('id'),
    columns: [bigint('listing_id'), jsonb('raw_payload')],
    deletion: 'revive',
    rule: keepNewerReservation,
  },
  messages: {
    key: bigint('conversation_id'),
    columns: [
      bigint('reservation_id'),
      bigint('listing_id'),
      jsonb('raw_conversation'),
      jsonb('raw_messages'),
    ],
    deletion: 'revive',
    rule: keepLaterMessages,
  },
  resource_objects: {
    scope: [{ name: 'resource', type: 'text' }],
    key: { name: 'key', type: 'text' },
    columns: [bigint('parent_id'), jsonb('raw_payload')],
    deletion: 'marker',
  },
  listing_calendar: {
    scope: [bigint('listing_id')],
    key: { name: 'day', type: 'date' },
    columns: [jsonb('raw_payload')],
    deletion: 'none',
  },
} as const satisfies Record<string, UpsertSpec>;

export type UpsertTable = keyof typeof SPECS;

/** The JSON record key of a table's own key column (`id`, `conversation_id`, …). */
export function upsertKeyName(table: UpsertTable): string {
  return SPECS[table].key.name;
}

/**
 * One statement upserting a chunk of one account's rows. Parameters: $1 account_id, $2 customer_id, then
 * the spec's scope columns, then the chunk as a JSON array of records keyed by column name (expanded by
 * jsonb_to_recordset; a `marker` table's records also carry `deleted`).
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
function buildUpsertSql(name: UpsertTable, spec: UpsertSpec): string {
  const table = `hostaway.${name}`;
  const scope = spec.scope ?? [];
  const rule = spec.rule ?? {};
  const key = spec.key.name;
  const marker = spec.deletion === 'marker';
  const scopeParams = scope.map((c, i) => `$${i + 3}::${c.type}`);
  const chunkParam = `$${scope.length + 3}::jsonb`;
  const dataColumns = spec.columns.map((c) => c.name);
  const recordType = [spec.key, ...spec.columns, ...(marker ? [{ name: 'deleted', type: 'boolean' }] : [])]
    .map((c) => `${c.name} ${c.type}`)
    .join(', ');
  const value = (column: string, incoming: string, stored: string) =>
    rule.value?.(column, incoming, stored) ?? `${incoming}.${column}`;
  const sameAsStored = [
    ...dataColumns.map((c) => `AND t.${c} IS NOT DISTINCT FROM ${value(c, 'i', 't')}`),
    ...(marker ? ['AND (t.deleted_at IS NOT NULL) = i.deleted'] : []),
  ].join(' ');
  const revivedCase = spec.deletion === 'revive' ? 'WHEN t.deleted_at IS NOT NULL THEN NULL' : '';
  const storedIsNewer = (incoming: string) => rule.storedIsNewer?.(incoming, 't');
  const staleCase = storedIsNewer('i') ? `WHEN ${storedIsNewer('i')} THEN 'stale'` : '';
  const scopeMatch = scope.map((c, i) => ` AND t.${c.name} = ${scopeParams[i]}`).join('');
  const insertColumns = [
    'account_id',
    'customer_id',
    ...scope.map((c) => c.name),
    key,
    ...dataColumns,
    ...(marker ? ['deleted_at'] : []),
  ].join(', ');
  const selectValues = [
    '$1::bigint',
    '$2::uuid',
    ...scopeParams,
    ...[key, ...dataColumns].map((c) => `c.${c}`),
    ...(marker ? ['CASE WHEN c.deleted THEN now() END'] : []),
  ].join(', ');
  const conflictKey = ['account_id', ...scope.map((c) => c.name), key].join(', ');
  const deletedAt = {
    revive: ', deleted_at = NULL',
    marker:
      ', deleted_at = CASE WHEN excluded.deleted_at IS NULL THEN NULL ELSE COALESCE(t.deleted_at, excluded.deleted_at) END',
    none: '',
  }[spec.deletion];
  const setColumns = [
    'customer_id = excluded.customer_id',
    ...dataColumns.map((c) => `${c} = ${value(c, 'excluded', 't')}`),
  ].join(', ');
  const changed = [
    't.customer_id IS DISTINCT FROM excluded.customer_id',
    ...dataColumns.map((c) => `t.${c} IS DISTINCT FROM ${value(c, 'excluded', 't')}`),
    ...(marker ? ['(t.deleted_at IS NULL) IS DISTINCT FROM (excluded.deleted_at IS NULL)'] : []),
  ].join(' OR ');
  const keepNewer = storedIsNewer('excluded') ? ` AND NOT COALESCE(${storedIsNewer('excluded')}, false)` : '';
  const writeWhen = spec.deletion === 'revive' ? 't.deleted_at IS NOT NULL OR ' : '';
  const staleRows = staleCase
    ? `\nUNION ALL\nSELECT false, ${key}, true FROM classified WHERE state = 'stale'`
    : '';

  return `WITH input AS (
  SELECT * FROM jsonb_to_recordset(${chunkParam}) AS r(${recordType})
), classified AS (
  SELECT i.*, s.state FROM input i LEFT JOIN LATERAL (
    SELECT CASE
      ${revivedCase}
      WHEN t.customer_id = $2::uuid ${sameAsStored} THEN 'same'
      ${staleCase}
    END AS state
    FROM ${table} t WHERE t.account_id = $1::bigint${scopeMatch} AND t.${key} = i.${key}
    OFFSET 0
  ) s ON true
), written AS (
  INSERT INTO ${table} AS t (${insertColumns})
  SELECT ${selectValues} FROM classified c WHERE c.state IS NULL
  ON CONFLICT (${conflictKey}) DO UPDATE
  SET ${setColumns}, updated_at = now()${deletedAt}
  WHERE ${writeWhen}((${changed})${keepNewer})
  RETURNING (xmax = 0) AS inserted, t.${key} AS key
)
SELECT inserted, key, false AS stale FROM written${staleRows}`;
}

const statements = new Map<UpsertTable, string>();

/** The statement of one table, built once. */
function upsertSql(table: UpsertTable): string {
  let text = statements.get(table);
  if (text === undefined) {
    text = buildUpsertSql(table, SPECS[table]);
    statements.set(table, text);
  }
  return text;
}

/** One row written (inserted or updated), or refused as stale. */
export interface UpsertedRow<K> {
  inserted: boolean;
  key: K;
  stale: boolean;
}

/**
 * Runs one chunk: `scope` the values of the spec's scope columns, `chunk` the JSON array of records. Keys
 * come back as the driver reads them (bigint keys as numbers, text keys as text, days as `YYYY-MM-DD`).
 */
export async function runUpsert<K>(
  db: Queryable,
  table: UpsertTable,
  target: { accountId: number; customerId: string; scope?: readonly unknown[] },
  chunk: JsonArrayParam,
): Promise<UpsertedRow<K>[]> {
  const params = [target.accountId, target.customerId, ...(target.scope ?? []), chunk];
  return (await db.query<UpsertedRow<K>>(upsertSql(table), params)).rows;
}
