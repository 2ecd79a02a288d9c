import { HostawaySyncError } from '../../errors.js';
import type { Queryable } from '../database.js';
import { mirrorTableSpec, type MirrorTableName } from './mirror-tables.js';
import { buildLiveIdsSql, buildMarkDeletedSql } from './upsert-sql.js';

export interface MarkMissingInput {
  table: MirrorTableName;
  accountId: number;
  /** Every id (conversation id for `messages`) the complete full sync saw upstream. */
  seenIds: Iterable<number>;
  /** When the run started: rows written at or after it (webhooks, a concurrent writer) are kept. */
  startedAt: Date;
  /**
   * Proof for each candidate: resolves to the candidates Hostaway confirmed gone (only those are marked).
   * Without it every missing row is marked.
   */
  confirm?: (candidates: number[]) => Promise<number[]>;
}

const MARK_BATCH = 5000;

/** The generic steps of a reconciliation, for any table and key type (see `markMissingDeleted`). */
export interface MissingRows<K> {
  seen: ReadonlySet<K>;
  /** The live keys that may be marked: not deleted, not written since the run started. */
  liveKeys(): Promise<K[]>;
  confirm?: (candidates: K[]) => Promise<K[]>;
  /** Marks one batch (checking the conditions again); returns the rows marked. */
  mark(batch: K[]): Promise<number>;
}

/** Live keys the pass did not see, confirmed by `confirm` when given, marked in batches. */
export async function markMissingRows<K>(rows: MissingRows<K>): Promise<number> {
  const candidates = (await rows.liveKeys()).filter((key) => !rows.seen.has(key));
  const missing = rows.confirm && candidates.length > 0 ? await rows.confirm(candidates) : candidates;
  let marked = 0;
  for (let start = 0; start < missing.length; start += MARK_BATCH)
    marked += await rows.mark(missing.slice(start, start + MARK_BATCH));
  return marked;
}

/**
 * Reconciliation after a COMPLETE pass of a resource: sets `deleted_at = now()` on the account's rows the
 * run did not see, that were not written since `startedAt` and that `confirm` proved gone. Upserting a row
 * again clears it.
 *
 * Plan-independent on purpose: it reads the account's live ids (one index range scan), diffs them against
 * `seenIds` in memory, then marks the missing ones by primary key. An anti-join against a 50,000-id
 * parameter can degrade to a nested loop (O(n·m)) when statistics are missing. Returns the rows marked.
 */
export async function markMissingDeleted(db: Queryable, input: MarkMissingInput): Promise<number> {
  const spec = mirrorTableSpec(input.table);
  const startedAt = input.startedAt.toISOString();
  const seen = new Set<number>();
  for (const id of input.seenIds) {
    if (!Number.isSafeInteger(id))
      throw new HostawaySyncError(`seen ${spec.name} id ${String(id)} is not an integer`);
    seen.add(id);
  }
  return markMissingRows({
    seen,
    liveKeys: async () =>
      (await db.query<{ id: number }>(buildLiveIdsSql(spec), [input.accountId, startedAt])).rows.map((r) =>
        Number(r.id),
      ),
    ...(input.confirm ? { confirm: input.confirm } : {}),
    mark: async (batch) =>
      (await db.query(buildMarkDeletedSql(spec), [input.accountId, JSON.stringify(batch), startedAt]))
        .rowCount,
  });
}
