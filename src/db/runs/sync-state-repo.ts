import { eq, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../database.js';
import { syncState, type SyncMode, type SyncState } from '../schema/index.js';

export interface SaveSyncStateInput {
  accountId: number;
  resource: string;
  /** New cursor (any JSON value, null clears it); omitted keeps the stored one. */
  cursor?: unknown;
  /** Records a successful full or incremental pass at database now(). */
  success?: SyncMode;
  /** A message records a failure (with its time); null clears the last error; omitted keeps it. */
  error?: string | null;
  /**
   * The account cannot use the resource: records the reason and the probe's time (the first time kept as
   * the since-time); null clears the state; omitted keeps it.
   */
  unavailable?: { reason: string } | null;
}

/** Every resource's state for one account, by resource name. */
export async function getSyncState(db: Queryable, accountId: number): Promise<SyncState[]> {
  return db.orm
    .select()
    .from(syncState)
    .where(eq(syncState.accountId, accountId))
    .orderBy(syncState.resource);
}

/** Creates or updates one resource's state; fields not given are kept. */
export async function saveSyncState(db: Queryable, input: SaveSyncStateInput): Promise<SyncState> {
  const now = sql`now()`;
  const { accountId, resource, cursor, success, error, unavailable } = input;
  const unavailableSince = sql`COALESCE(${syncState.unavailableSince}, now())`;
  const updates: { [K in keyof SyncState]?: SyncState[K] | SQL } = {
    ...(cursor !== undefined && { cursor }),
    ...(success === 'full' && { lastFullSuccessAt: now }),
    ...(success === 'incremental' && { lastIncrementalSuccessAt: now }),
    ...(success === 'reconcile' && { lastReconcileSuccessAt: now }),
    ...(error !== undefined && { lastError: error, lastErrorAt: error === null ? null : now }),
    ...(unavailable !== undefined && {
      unavailableSince: unavailable === null ? null : unavailableSince,
      unavailableReason: unavailable?.reason ?? null,
      unavailableCheckedAt: unavailable === null ? null : now,
    }),
  };
  const [state] = await db.orm
    .insert(syncState)
    .values({ accountId, resource, ...updates, unavailableSince: unavailable ? now : null })
    .onConflictDoUpdate({
      target: [syncState.accountId, syncState.resource],
      set: { ...updates, updatedAt: now },
    })
    .returning();
  return state!;
}

/** Every account's resource states in one query (for `status` over many tenants). */
export async function listSyncStates(db: Queryable): Promise<SyncState[]> {
  return db.orm.select().from(syncState).orderBy(syncState.accountId, syncState.resource);
}
