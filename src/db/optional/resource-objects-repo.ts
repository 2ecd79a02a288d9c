import { HostawaySyncError } from '../../errors.js';
import type { Queryable } from '../database.js';
import { markMissingRows } from '../mirror/mark-missing-deleted.js';
import {
  checkedNullableId,
  dedupeByKey,
  upsertInChunks,
  type ChunkStatement,
  type UpsertCounts,
  type UpsertTarget,
} from '../mirror/upsert-mirror-rows.js';
import {
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
  /** Resolves to the candidates proved gone (a 404 from the detail path); without it every one is marked. */
  confirm?: (candidates: string[]) => Promise<string[]>;
}

/**
 * Absence deletions: the resource's live rows the pass did not see and that were not written since the
 * run started are candidates; those `confirm` proves gone get `deleted_at`.
 */
export async function markMissingResourceObjects(
  db: Queryable,
  input: MarkMissingObjectsInput,
): Promise<number> {
  const startedAt = input.startedAt.toISOString();
  return markMissingRows({
    seen: input.seenKeys,
    liveKeys: () => liveResourceKeys(db, input),
    ...(input.confirm ? { confirm: input.confirm } : {}),
    mark: async (batch) =>
      (
        await db.query(MARK_RESOURCE_KEYS_DELETED_SQL, [
          input.accountId,
          input.resource,
          JSON.stringify(batch),
          startedAt,
        ])
      ).rowCount,
  });
}

/** The rows of the resource a reconciliation may mark: live and not written since the run started. */
async function liveResourceKeys(
  db: Queryable,
  input: Pick<MarkMissingObjectsInput, 'accountId' | 'resource' | 'startedAt' | 'parentIds'>,
): Promise<string[]> {
  const { rows } = await db.query<{ key: string }>(LIVE_RESOURCE_KEYS_SQL, [
    input.accountId,
    input.resource,
    input.startedAt.toISOString(),
    input.parentIds === undefined ? null : JSON.stringify(input.parentIds),
  ]);
  return rows.map((r) => r.key);
}
