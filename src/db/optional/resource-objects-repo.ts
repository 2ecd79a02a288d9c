import { HostawaySyncError } from '../../errors.js';
import type { Queryable } from '../database.js';
import { markMissingRows, type DecideDeletions } from '../mirror/mark-missing-deleted.js';
import {
  checkedNullableId,
  dedupeByKey,
  upsertInChunks,
  type ChunkStatement,
  type UpsertCounts,
  type UpsertTarget,
} from '../mirror/upsert-mirror-rows.js';
import {
  HELD_RESOURCE_KEYS_SQL,
  HOLD_RESOURCE_KEYS_SQL,
  LIVE_RESOURCE_KEYS_SQL,
  MARK_RESOURCE_KEYS_DELETED_SQL,
  UPSERT_RESOURCE_OBJECTS_SQL,
} from './resource-objects-sql.js';

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
    encode: (chunk) => JSON.stringify(chunk),
    async run(json, chunk) {
      const { rows: written } = await db.query<{ inserted: boolean; key: string }>(
        UPSERT_RESOURCE_OBJECTS_SQL,
        [target.accountId, target.customerId, target.resource, json],
      );
      const inserted = written.filter((r) => r.inserted).length;
      return {
        inserted,
        updated: written.length - inserted,
        unchanged: chunk.length - written.length,
        stale: 0,
        changedKeys: written.map((r) => r.key),
        rejected: [],
      };
    },
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
 * Absence deletions: the resource's live rows the pass did not see and that were not written since the
 * run started are candidates; those `decide` proves gone get `deleted_at`, those it holds `deletion_held_at`
 * (every other hold in scope is released). Returns the rows marked and held.
 */
export async function markMissingResourceObjects(
  db: Queryable,
  input: MarkMissingObjectsInput,
): Promise<{ marked: number; held: number }> {
  const startedAt = input.startedAt.toISOString();
  const scope = [
    input.accountId,
    input.resource,
    input.parentIds === undefined ? null : JSON.stringify(input.parentIds),
  ];
  return markMissingRows({
    seen: input.seenKeys,
    liveRows: async () => {
      const { rows } = await db.query<{ key: string; markable: boolean; held: boolean }>(
        LIVE_RESOURCE_KEYS_SQL,
        [...scope, startedAt],
      );
      return {
        markable: rows.filter((r) => r.markable).map((r) => r.key),
        live: rows.length,
        held: new Set(rows.filter((r) => r.held).map((r) => r.key)),
      };
    },
    ...(input.decide ? { decide: input.decide } : {}),
    mark: async (batch) =>
      (
        await db.query(MARK_RESOURCE_KEYS_DELETED_SQL, [
          input.accountId,
          input.resource,
          JSON.stringify(batch),
          startedAt,
        ])
      ).rowCount,
    hold: async (keys) => {
      await db.query(HOLD_RESOURCE_KEYS_SQL, [...scope, JSON.stringify(keys)]);
    },
  });
}

/** Releases the held deletions under these parents (a parent found gone: its rows are left as they were). */
export async function releaseHeldDeletions(
  db: Queryable,
  input: { accountId: number; resource: string; parentIds: readonly number[] },
): Promise<void> {
  await db.query(HOLD_RESOURCE_KEYS_SQL, [
    input.accountId,
    input.resource,
    JSON.stringify(input.parentIds),
    '[]',
  ]);
}

/** The resource's live rows of one account whose deletion is held, and the parents they are under. */
export async function countHeldDeletions(
  db: Queryable,
  input: { accountId: number; resource: string },
): Promise<{ held: number; parents: number[] }> {
  const { rows } = await db.query<{ held: number; parents: (number | string)[] }>(HELD_RESOURCE_KEYS_SQL, [
    input.accountId,
    input.resource,
  ]);
  return { held: Number(rows[0]?.held ?? 0), parents: (rows[0]?.parents ?? []).map(Number) };
}
