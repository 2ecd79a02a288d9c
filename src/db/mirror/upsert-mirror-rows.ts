import { HostawaySyncError } from '../../errors.js';
import type { Queryable } from '../database.js';
import { JsonArrayParam } from '../json-array-param.js';
import { runUpsert, upsertKeyName, type UpsertedRow } from '../sql/mirror-upsert.js';
import type { MirrorTableName } from './mirror-tables.js';

export interface UpsertCounts<K = number> {
  inserted: number;
  updated: number;
  /** Rows (after de-duplication) not written, `updated_at` untouched: identical to the stored row, or stale. */
  unchanged: number;
  /** Of `unchanged`, the rows refused because the stored row is newer (a reservation's `updatedOn`). */
  stale: number;
  /** Keys of the rows inserted or updated (incremental sync follows them, e.g. to their threads). */
  changedKeys: K[];
  /** Rows PostgreSQL cannot store as jsonb (e.g. a \u0000 in a string): not written, reported. */
  rejected: { key: K; reason: string }[];
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

/**
 * How one table's rows are written: one statement per chunk, the chunk sent as one JSON parameter.
 * `run` returns the chunk's counts (rejected empty); the chunk writer handles unstorable payloads.
 */
export interface ChunkStatement<R extends { key: K }, K> {
  /** The table, for error messages. */
  table: string;
  accountId: number;
  encode(chunk: readonly R[]): JsonArrayParam;
  run(encoded: JsonArrayParam, chunk: readonly R[]): Promise<UpsertCounts<K>>;
}

function assertSafeId(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new HostawaySyncError(`${what} must be an integer (got ${JSON.stringify(value) ?? String(value)})`);
  }
}

/** Keeps the last record of each key (Hostaway pages can repeat a row when data shifts between pages). */
export function dedupeByKey<R extends { key: K }, K>(records: readonly R[]): R[] {
  const byKey = new Map<K, R>();
  for (const r of records) byKey.set(r.key, r);
  return [...byKey.values()];
}

function mirrorStatement(db: Queryable, table: MirrorTableName, target: UpsertTarget) {
  const key = upsertKeyName(table);
  return {
    table,
    accountId: target.accountId,
    // A chunk as the statement's one JSON parameter: an array of records keyed by column name.
    encode: (chunk: readonly MirrorRecord[]) =>
      new JsonArrayParam(chunk.map((r) => JSON.stringify({ ...r.record, [key]: r.key }))),
    run: async (json: JsonArrayParam, chunk: readonly MirrorRecord[]) =>
      countWritten(await runUpsert<number>(db, table, target, json), chunk.length),
  } satisfies ChunkStatement<MirrorRecord, number>;
}

/** A chunk's counts from the rows its statement returned (stale ones were refused, not written). */
export function countWritten<K>(rows: readonly UpsertedRow<K>[], chunkLength: number): UpsertCounts<K> {
  const written = rows.filter((r) => !r.stale);
  const inserted = written.filter((r) => r.inserted).length;
  return {
    inserted,
    updated: written.length - inserted,
    unchanged: chunkLength - written.length,
    stale: rows.length - written.length,
    changedKeys: written.map((r) => r.key),
    rejected: [],
  };
}

// jsonb cannot hold \u0000 (22P05) nor a lone UTF-16 surrogate (22P02): such a payload can never be stored.
const UNSTORABLE_JSON = new Set(['22P05', '22P02']);

function isUnstorable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNSTORABLE_JSON.has(code);
}

/**
 * One chunk; when PostgreSQL refuses a payload it can never store, the chunk is written row by row so the
 * other rows are kept and only the unstorable ones are reported (instead of failing the same chunk forever).
 */
async function upsertChunkOrSplit<R extends { key: K }, K>(
  statement: ChunkStatement<R, K>,
  chunk: readonly R[],
  encoded?: JsonArrayParam,
): Promise<UpsertCounts<K>> {
  try {
    return await statement.run(encoded ?? statement.encode(chunk), chunk);
  } catch (error) {
    if (error instanceof HostawaySyncError) throw error;
    if (isUnstorable(error) && chunk.length === 1) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ...emptyCounts<K>(), rejected: [{ key: chunk[0]!.key, reason }] };
    }
    if (isUnstorable(error)) {
      const total = emptyCounts<K>();
      for (const record of chunk) addCounts(total, await upsertChunkOrSplit(statement, [record]));
      return total;
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new HostawaySyncError(
      `writing ${chunk.length} ${statement.table} rows of account ${statement.accountId} failed: ${reason}`,
      { cause: error },
    );
  }
}

const emptyCounts = <K>(): UpsertCounts<K> => ({
  inserted: 0,
  updated: 0,
  unchanged: 0,
  stale: 0,
  changedKeys: [],
  rejected: [],
});

function addCounts<K>(total: UpsertCounts<K>, counts: UpsertCounts<K>): void {
  total.inserted += counts.inserted;
  total.updated += counts.updated;
  total.unchanged += counts.unchanged;
  total.stale += counts.stale;
  total.changedKeys.push(...counts.changedKeys);
  total.rejected.push(...counts.rejected);
}

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));
const ignore = () => undefined;

/**
 * Writes rows (already de-duplicated) one statement per chunk, each chunk sent as ONE JSON parameter. Not
 * wrapped in a transaction: each chunk commits on its own. Chunks are written one after another, but the
 * next chunk is serialised while the server works on the current one (serialising is about a sixth of the
 * write path's time, and it would otherwise add to it).
 */
export async function upsertInChunks<R extends { key: K }, K>(
  statement: ChunkStatement<R, K>,
  unique: readonly R[],
  chunkSize = DEFAULT_UPSERT_CHUNK_SIZE,
): Promise<UpsertCounts<K>> {
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new HostawaySyncError('chunkSize must be ≥ 1');
  const total = emptyCounts<K>();
  let chunk = unique.slice(0, chunkSize);
  let encoded = statement.encode(chunk);
  for (let start = 0; start < unique.length; start += chunkSize) {
    const pending = upsertChunkOrSplit(statement, chunk, encoded);
    const next = unique.slice(start + chunkSize, start + 2 * chunkSize);
    if (next.length > 0) {
      pending.catch(ignore); // awaited below; this only keeps a failure from counting as unhandled meanwhile
      await yieldToIo(); // lets the driver send the statement before the CPU-bound encoding starts
      encoded = statement.encode(next);
    }
    addCounts(total, await pending);
    chunk = next;
  }
  return total;
}

/** Upserts one account's rows into a mirror table: de-duplicated by key (last wins), see `upsertInChunks`. */
export async function upsertMirrorRows(
  db: Queryable,
  table: MirrorTableName,
  target: UpsertTarget,
  records: readonly MirrorRecord[],
): Promise<UpsertCounts> {
  assertSafeId(target.accountId, 'accountId');
  for (const r of records) assertSafeId(r.key, `${table} ${upsertKeyName(table)}`);
  const total = await upsertInChunks(
    mirrorStatement(db, table, target),
    dedupeByKey(records),
    target.chunkSize,
  );
  total.changedKeys.sort((a, b) => a - b);
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
