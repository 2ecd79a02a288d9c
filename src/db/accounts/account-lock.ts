import type { Database, Queryable } from '../database.js';

/** First key of every account lock (`pg_try_advisory_lock(namespace, account)`), "HASY". */
export const ACCOUNT_LOCK_NAMESPACE = 0x48415359;

export interface AccountLock {
  readonly accountId: number;
  /** Releases the lock (and its connection). Safe to call twice; never throws. */
  release(): Promise<void>;
}

// Per database handle: accounts locked by this process (PGlite's single session makes advisory locks
// re-entrant, so only this set keeps two runs in one process apart; with pg it saves a connection).
const heldByDatabase = new WeakMap<Database, Set<number>>();

function heldSet(db: Database): Set<number> {
  let held = heldByDatabase.get(db);
  if (held === undefined) {
    held = new Set();
    heldByDatabase.set(db, held);
  }
  return held;
}

/** Internal signal: the lock is held elsewhere. */
class LockNotTaken extends Error {}

/** The account id folded into int4 (identity below 2^31; larger ids may share a lock, never miss one). */
export function accountLockKey(accountId: number): number {
  return Number(BigInt.asIntN(32, BigInt(accountId)));
}

async function tryAdvisoryLock(session: Queryable, accountId: number): Promise<boolean> {
  const { rows } = await session.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [
    ACCOUNT_LOCK_NAMESPACE,
    accountLockKey(accountId),
  ]);
  return rows[0]?.locked === true;
}

async function advisoryUnlock(session: Queryable, accountId: number): Promise<void> {
  await session.query('SELECT pg_advisory_unlock($1, $2)', [
    ACCOUNT_LOCK_NAMESPACE,
    accountLockKey(accountId),
  ]);
}

/**
 * Holds a session on its own connection until `release()`: resolves true once the lock is taken (the
 * session then waits), false when another session holds it (the session ends at once).
 */
function holdPostgresLock(db: Database, accountId: number, released: Promise<void>) {
  let reportLocked!: (locked: boolean) => void;
  const locked = new Promise<boolean>((resolve) => (reportLocked = resolve));
  const session = db.withSession(async (s) => {
    const ok = await tryAdvisoryLock(s, accountId).catch((error: unknown) => {
      reportLocked(false);
      throw error;
    });
    reportLocked(ok);
    if (!ok) return;
    await released;
    await advisoryUnlock(s, accountId);
  });
  return { locked, session };
}

/**
 * Takes the account's run lock without waiting: a lock when free, `null` when another process (or this
 * one) holds it. With PostgreSQL the lock lives in a dedicated pooled connection kept until `release()`
 * (so the pool must be larger than the number of accounts synced at once); if that connection dies the
 * server drops the lock. With PGlite the lock is in-process (PGlite serves one process).
 */
export async function tryLockAccount(db: Database, accountId: number): Promise<AccountLock | null> {
  const held = heldSet(db);
  if (held.has(accountId)) return null;
  held.add(accountId);
  try {
    if (db.kind === 'pglite') {
      if (!(await tryAdvisoryLock(db, accountId))) throw new LockNotTaken();
      return createLock(accountId, held, () => advisoryUnlock(db, accountId));
    }
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const { locked, session } = holdPostgresLock(db, accountId, released);
    // A failure to connect or to query rejects `session`; surface it rather than report "held".
    const ok = await Promise.race([locked, session.then(() => false)]);
    if (!ok) {
      await session;
      throw new LockNotTaken();
    }
    return createLock(accountId, held, async () => {
      release();
      await session;
    });
  } catch (error) {
    held.delete(accountId);
    if (error instanceof LockNotTaken) return null;
    throw error;
  }
}

function createLock(accountId: number, held: Set<number>, unlock: () => Promise<void>): AccountLock {
  let releasing: Promise<void> | undefined;
  return {
    accountId,
    release(): Promise<void> {
      releasing ??= unlock()
        // A failed unlock means the connection is gone, and the server released the lock with it.
        .catch(() => undefined)
        .finally(() => held.delete(accountId));
      return releasing;
    },
  };
}
