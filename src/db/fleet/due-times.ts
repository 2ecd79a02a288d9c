import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../database.js';
import { accounts as a } from '../schema/index.js';

export type ScheduledMode = 'incremental' | 'reconcile';

const dueColumn = (mode: ScheduledMode) => (mode === 'incremental' ? a.incrementalDueAt : a.reconcileDueAt);

/** Milliseconds until the pool's next active account is due for `mode` (≤ 0: now; null: no account). */
export async function nextDueInMs(
  db: Queryable,
  input: { pool: string; mode: ScheduledMode },
): Promise<number | null> {
  const [row] = await db.orm
    .select({
      inMs: sql<number | null>`(extract(epoch FROM min(${dueColumn(input.mode)}) - now()) * 1000)::float`,
    })
    .from(a)
    .where(and(eq(a.isActive, true), eq(a.egressPool, input.pool)));
  const inMs = row?.inMs;
  return inMs === null || inMs === undefined ? null : Number(inMs);
}

/**
 * After a run: the account is next due `cadenceMs` after the run started (start to start), or at
 * `notBefore` when that is later (an account in webhook mode with nothing due until then).
 */
export async function scheduleNextRun(
  db: Queryable,
  input: { accountId: number; mode: ScheduledMode; startedAt: Date; cadenceMs: number; notBefore?: Date },
): Promise<void> {
  const byCadence = sql`${input.startedAt.toISOString()}::timestamptz + make_interval(secs => ${input.cadenceMs}::double precision / 1000)`;
  const next =
    input.notBefore === undefined
      ? byCadence
      : sql`greatest(${byCadence}, ${input.notBefore.toISOString()}::timestamptz)`;
  await db.orm
    .update(a)
    .set(input.mode === 'incremental' ? { incrementalDueAt: next } : { reconcileDueAt: next })
    .where(eq(a.accountId, input.accountId));
}
