import { HostawaySyncError } from '../../errors.js';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Queryable } from '../database.js';
import { anyId } from '../id-list-sql.js';
import { MIRROR_TABLES, type MirrorTableName } from './mirror-tables.js';

export interface MarkMissingInput {
  table: MirrorTableName;
  accountId: number;
  /** Every id (conversation id for `messages`) the complete full sync saw upstream. */
  seenIds: Iterable<number>;
  /** When the run started: rows written at or after it (webhooks, a concurrent writer) are kept. */
  startedAt: Date;
  /** Which candidates to mark (src/sync/deletion-rule.ts); without it every missing row is marked. */
  decide?: DecideDeletions<number>;
}

/** What a deletion rule decided about the rows a pass did not see. */
export interface DeletionDecision<K> {
  /** Proved gone: marked deleted now. */
  delete: K[];
  /** Left out by an answer too short to be believed: kept live until the next pass leaves them out again. */
  hold: K[];
}

/** The rows in the pass's scope a rule weighs the candidates against. */
export interface DeletionScope<K> {
  /** Live rows in scope, those written by this run included. */
  live: number;
  /** Candidates an earlier pass already left out and held. */
  held: ReadonlySet<K>;
}

export type DecideDeletions<K> = (candidates: K[], scope: DeletionScope<K>) => Promise<DeletionDecision<K>>;

/** The live rows in scope: the keys that may be marked (not written since the run started), and the rest. */
export interface LiveRows<K> extends DeletionScope<K> {
  markable: K[];
}

const MARK_BATCH = 5000;

/** The generic steps of a reconciliation, for any table and key type (see `markMissingDeleted`). */
export interface MissingRows<K> {
  seen: ReadonlySet<K>;
  liveRows(): Promise<LiveRows<K>>;
  decide?: DecideDeletions<K>;
  /** Marks one batch (checking the conditions again); returns the rows marked. */
  mark(batch: K[]): Promise<number>;
  /** Records the held keys, releasing every other hold in scope (tables that can hold deletions). */
  hold?(keys: K[]): Promise<void>;
}

/** Live keys the pass did not see, decided by `decide` when given (else all marked), marked in batches. */
export async function markMissingRows<K>(rows: MissingRows<K>): Promise<{ marked: number; held: number }> {
  const live = await rows.liveRows();
  const candidates = live.markable.filter((key) => !rows.seen.has(key));
  const decision: DeletionDecision<K> =
    rows.decide && candidates.length > 0
      ? await rows.decide(candidates, live)
      : { delete: candidates, hold: [] };
  let marked = 0;
  for (let start = 0; start < decision.delete.length; start += MARK_BATCH)
    marked += await rows.mark(decision.delete.slice(start, start + MARK_BATCH));
  if (rows.hold) await rows.hold(decision.hold);
  else if (decision.hold.length > 0) throw new HostawaySyncError('this table cannot hold deletions');
  return { marked, held: decision.hold.length };
}

/**
 * Reconciliation after a COMPLETE pass of a resource: sets `deleted_at = now()` on the account's rows the
 * run did not see, that were not written since `startedAt` and that `decide` proved gone. Upserting a row
 * again clears it.
 *
 * Plan-independent on purpose: it reads the account's live ids (one index range scan), diffs them against
 * `seenIds` in memory, then marks the missing ones by primary key. An anti-join against a 50,000-id
 * parameter can degrade to a nested loop (O(n·m)) when statistics are missing. Returns the rows marked.
 */
export async function markMissingDeleted(db: Queryable, input: MarkMissingInput): Promise<number> {
  const { table, key } = MIRROR_TABLES[input.table];
  const seen = new Set<number>();
  for (const id of input.seenIds) {
    if (!Number.isSafeInteger(id))
      throw new HostawaySyncError(`seen ${input.table} id ${String(id)} is not an integer`);
    seen.add(id);
  }
  // Live and not written since the run started; checked again when marking, so a row written since the
  // ids were read is kept. `= ANY(ARRAY(…))` is an index condition on the primary key, never a join.
  const markable = and(
    eq(table.accountId, input.accountId),
    isNull(table.deletedAt),
    lt(table.updatedAt, input.startedAt),
  );
  const { marked } = await markMissingRows({
    seen,
    liveRows: async () => {
      const rows = await db.orm.select({ id: key }).from(table).where(markable);
      return { markable: rows.map((r) => r.id), live: rows.length, held: new Set<number>() };
    },
    ...(input.decide ? { decide: input.decide } : {}),
    mark: async (batch) =>
      (
        await db.orm
          .update(table)
          .set({ deletedAt: sql`now()` })
          .where(and(markable, sql`${key} = ${anyId(batch)}`))
          .returning({ id: key })
      ).length,
  });
  return marked;
}
