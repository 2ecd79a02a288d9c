import { HostawaySyncError } from '../errors.js';
import type { Queryable } from './database.js';
import { mirrorTableSpec, type MirrorTableName, type MirrorTableSpec } from './mirror-tables.js';
import { buildUpsertSql } from './upsert-sql.js';

export interface UpsertCounts {
  inserted: number;
  updated: number;
  /** Rows (after de-duplication) identical to the stored row: not written, `updated_at` untouched. */
  unchanged: number;
  /** Keys of the rows inserted or updated (incremental sync follows them, e.g. to their threads). */
  changedKeys: number[];
}

export interface UpsertTarget {
  accountId: number;
  /** Written on every row; never taken from payloads. */
  customerId: string;
  /** Rows per statement (default 500). */
  chunkSize?: number;
}

/** One row for the generic writer: the resource id and a record keyed by column name. */
export interface MirrorRecord {
  key: number;
  record: Record<string, unknown>;
}

export const DEFAULT_UPSERT_CHUNK_SIZE = 500;

const sqlCache = new Map<MirrorTableName, string>();

function upsertSql(spec: MirrorTableSpec): string {
  let text = sqlCache.get(spec.name);
  if (text === undefined) {
    text = buildUpsertSql(spec);
    sqlCache.set(spec.name, text);
  }
  return text;
}

function assertSafeId(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new HostawaySyncError(`${what} must be an integer (got ${JSON.stringify(value) ?? String(value)})`);
  }
}

/** Keeps the last record of each key (Hostaway pages can repeat a row when data shifts between pages). */
export function dedupeByKey(records: readonly MirrorRecord[]): MirrorRecord[] {
  const byKey = new Map<number, MirrorRecord>();
  for (const r of records) byKey.set(r.key, r);
  return [...byKey.values()];
}

async function upsertChunk(
  db: Queryable,
  spec: MirrorTableSpec,
  target: UpsertTarget,
  chunk: readonly MirrorRecord[],
): Promise<UpsertCounts> {
  const json = JSON.stringify(chunk.map((r) => ({ ...r.record, [spec.key]: r.key })));
  let rows: { inserted: boolean; key: number }[];
  try {
    ({ rows } = await db.query<{ inserted: boolean; key: number }>(upsertSql(spec), [
      target.accountId,
      target.customerId,
      json,
    ]));
  } catch (error) {
    if (error instanceof HostawaySyncError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new HostawaySyncError(
      `writing ${chunk.length} ${spec.name} rows of account ${target.accountId} failed: ${reason}`,
      { cause: error },
    );
  }
  const inserted = rows.filter((r) => r.inserted).length;
  return {
    inserted,
    updated: rows.length - inserted,
    unchanged: chunk.length - rows.length,
    changedKeys: rows.map((r) => Number(r.key)).sort((a, b) => a - b),
  };
}

/**
 * Upserts one account's rows into a mirror table: de-duplicated by key (last wins), one statement per chunk,
 * each chunk sent as ONE JSON parameter. Not wrapped in a transaction: each chunk commits on its own.
 */
export async function upsertMirrorRows(
  db: Queryable,
  table: MirrorTableName,
  target: UpsertTarget,
  records: readonly MirrorRecord[],
): Promise<UpsertCounts> {
  const spec = mirrorTableSpec(table);
  assertSafeId(target.accountId, 'accountId');
  const chunkSize = target.chunkSize ?? DEFAULT_UPSERT_CHUNK_SIZE;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new HostawaySyncError('chunkSize must be ≥ 1');
  for (const r of records) assertSafeId(r.key, `${spec.name} ${spec.key}`);
  const unique = dedupeByKey(records);
  const total: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0, changedKeys: [] };
  for (let start = 0; start < unique.length; start += chunkSize) {
    const counts = await upsertChunk(db, spec, target, unique.slice(start, start + chunkSize));
    total.inserted += counts.inserted;
    total.updated += counts.updated;
    total.unchanged += counts.unchanged;
    total.changedKeys.push(...counts.changedKeys);
  }
  return total;
}

/** A JSON object payload, checked (a null or array would violate NOT NULL or the stored shape). */
export function checkedObject(value: unknown, what: string): object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HostawaySyncError(`${what} must be a JSON object`);
  }
  return value;
}

/** A JSON array of objects (a thread's raw messages), checked. */
export function checkedArray(value: unknown, what: string): readonly object[] {
  if (!Array.isArray(value)) throw new HostawaySyncError(`${what} must be an array`);
  return value as readonly object[];
}

/** A nullable id column value, checked. */
export function checkedNullableId(value: number | null | undefined, what: string): number | null {
  if (value === null || value === undefined) return null;
  assertSafeId(value, what);
  return value;
}
