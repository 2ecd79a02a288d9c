import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { HostawaySyncError } from '../../errors.js';
import type { Queryable } from '../database.js';
import { anyId } from '../id-list-sql.js';
import { JsonArrayParam } from '../json-array-param.js';
import { markMissingRows, type DecideDeletions } from '../mirror/mark-missing-deleted.js';
import {
  checkedNullableId,
  countWritten,
  dedupeByKey,
  upsertInChunks,
  type ChunkStatement,
  type UpsertCounts,
  type UpsertTarget,
} from '../mirror/upsert-mirror-rows.js';
import { resourceObjects as o } from '../schema/index.js';
import { runUpsert } from '../sql/mirror-upsert.js';

/** One object of a resource, as the resource module read it. */
export interface ResourceObjectInput {
  /** Hostaway's id as text, or the code of a code-keyed reference list. */
  key: string;
  /** The listing or reservation it was fetched under, else null. */
  parentId: number | null;
  /** Exactly as served (any JSON value but null). */
  payload: unknown;
  /** The payload carries a deletion marker (`isDeleted: 1`, `isCancelled: 1`). */
  deleted: boolean;
}

export type ResourceObjectCounts = UpsertCounts<string>;

function checkedRow(resource: string, row: ResourceObjectInput) {
  if (typeof row.key !== 'string' || row.key === '')
    throw new HostawaySyncError(`${resource} key must be a non-empty string`);
  if (row.payload === null || row.payload === undefined)
    throw new HostawaySyncError(`${resource} ${row.key} payload must not be null`);
  return {
    key: row.key,
    parent_id: checkedNullableId(row.parentId, `${resource} ${row.key} parentId`),
    raw_payload: row.payload,
    deleted: row.deleted === true,
  };
}

type Row = ReturnType<typeof checkedRow>;

/**
 * Upserts objects of one resource of one account: de-duplicated by key (last wins), written only where the
 * payload, parent or deletion state differ from the stored row (`IS DISTINCT FROM`), in chunks with the
 * mirror tables' writer (unstorable payloads are rejected one by one, not failing the chunk).
 */
export async function upsertResourceObjects(
  db: Queryable,
  target: UpsertTarget & { resource: string },
  rows: readonly ResourceObjectInput[],
): Promise<ResourceObjectCounts> {
  if (!Number.isSafeInteger(target.accountId)) throw new HostawaySyncError('accountId must be an integer');
  const statement: ChunkStatement<Row, string> = {
    table: `resource_objects (${target.resource})`,
    accountId: target.accountId,
    encode: (chunk) => new JsonArrayParam(chunk.map((row) => JSON.stringify(row))),
    run: async (json, chunk) =>
      countWritten(
        await runUpsert<string>(db, 'resource_objects', { ...target, scope: [target.resource] }, json),
        chunk.length,
      ),
  };
  const unique = dedupeByKey(rows.map((row) => checkedRow(target.resource, row)));
  const counts = await upsertInChunks(statement, unique, target.chunkSize);
  counts.changedKeys.sort();
  return counts;
}

export interface MarkMissingObjectsInput {
  accountId: number;
  resource: string;
  /** Every key the pass saw upstream. */
  seenKeys: ReadonlySet<string>;
  /** When the run started: rows written at or after it are kept. */
  startedAt: Date;
  /** Only rows under these parents (a per-parent resource reconciles the parents it read); else all. */
  parentIds?: readonly number[];
  /** Which candidates to mark and which to hold (src/sync/deletion-rule.ts); without it every one is marked. */
  decide?: DecideDeletions<string>;
}

/**
 * The rows of one resource of the account; only those under `parentIds` when given (a resource fetched per
 * parent reconciles the parents it read).
 */
function inScope(input: { accountId: number; resource: string; parentIds?: readonly number[] | undefined }) {
  return and(
    eq(o.accountId, input.accountId),
    eq(o.resource, input.resource),
    input.parentIds === undefined ? undefined : sql`${o.parentId} = ${anyId(input.parentIds)}`,
  );
}

/** `key IN (…)` over a JSON array of keys (a hashed subplan however many there are). */
const keyIn = (keys: readonly string[]) =>
  sql`${o.key} IN (SELECT value FROM jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb))`;

/**
 * Holds the deletion of `keys` (the first hold's time is kept) and releases every other hold in scope.
 * Touches only rows whose hold changes.
 */
async function holdKeys(db: Queryable, scope: Parameters<typeof inScope>[0], keys: readonly string[]) {
  await db.orm
    .update(o)
    .set({ deletionHeldAt: sql`CASE WHEN ${keyIn(keys)} THEN now() END` })
    .where(and(inScope(scope), sql`(${o.deletionHeldAt} IS NULL) = (${keyIn(keys)})`));
}

/**
 * Absence deletions: the resource's live rows the pass did not see and that were not written since the
 * run started are candidates; those `decide` proves gone get `deleted_at`, those it holds `deletion_held_at`
 * (every other hold in scope is released). Returns the rows marked and held.
 */
export async function markMissingResourceObjects(
  db: Queryable,
  input: MarkMissingObjectsInput,
): Promise<{ marked: number; held: number }> {
  const startedAt = input.startedAt.toISOString();
  return markMissingRows({
    seen: input.seenKeys,
    liveRows: async () => {
      // markable: not written since the run started (a webhook, a concurrent run), so a candidate.
      const rows = await db.orm
        .select({
          key: o.key,
          markable: sql<boolean>`${o.updatedAt} < ${startedAt}::timestamptz`,
          held: sql<boolean>`${o.deletionHeldAt} IS NOT NULL`,
        })
        .from(o)
        .where(and(inScope(input), isNull(o.deletedAt)));
      return {
        markable: rows.filter((r) => r.markable).map((r) => r.key),
        live: rows.length,
        held: new Set(rows.filter((r) => r.held).map((r) => r.key)),
      };
    },
    ...(input.decide ? { decide: input.decide } : {}),
    mark: async (batch) =>
      (
        await db.orm
          .update(o)
          .set({ deletedAt: sql`now()`, deletionHeldAt: null })
          .where(
            and(
              eq(o.accountId, input.accountId),
              eq(o.resource, input.resource),
              sql`${o.key} = ANY (ARRAY(SELECT value FROM jsonb_array_elements_text(${JSON.stringify(batch)}::jsonb)))`,
              isNull(o.deletedAt),
              sql`${o.updatedAt} < ${startedAt}::timestamptz`,
            ),
          )
          .returning({ key: o.key })
      ).length,
    hold: (keys) => holdKeys(db, input, keys),
  });
}

/** Releases the held deletions under these parents (a parent found gone: its rows are left as they were). */
export async function releaseHeldDeletions(
  db: Queryable,
  input: { accountId: number; resource: string; parentIds: readonly number[] },
): Promise<void> {
  await holdKeys(db, input, []);
}

/** The resource's live rows of one account whose deletion is held, and the parents they are under. */
export async function countHeldDeletions(
  db: Queryable,
  input: { accountId: number; resource: string },
): Promise<{ held: number; parents: number[] }> {
  const [row] = await db.orm
    .select({
      held: sql<number>`count(*)::int`,
      parents: sql<
        (number | string)[]
      >`COALESCE(jsonb_agg(DISTINCT ${o.parentId}) FILTER (WHERE ${o.parentId} IS NOT NULL), '[]'::jsonb)`,
    })
    .from(o)
    .where(and(inScope(input), isNotNull(o.deletionHeldAt), isNull(o.deletedAt)));
  return { held: Number(row?.held ?? 0), parents: (row?.parents ?? []).map(Number) };
}
