import { randomUUID } from 'node:crypto';
import type { Database } from '../database.js';
import { tryGrant, type GrantLimits } from './grant-sql.js';

/** Mirrors `RateBudget` of src/hostaway/rate-budget.ts (the layers may not import each other). */
export interface SharedRateBudget {
  acquire(request: { accountId: number | null; priority: PriorityName }): Promise<{
    waitedMs: number;
    release(): void;
  }>;
  reportRateLimited(pauseMs: number): Promise<void>;
  close(): Promise<void>;
}

type PriorityName = 'interactive' | 'webhook' | 'incremental' | 'background';
const RANK: Record<PriorityName, number> = { interactive: 0, webhook: 0, incremental: 1, background: 2 };

/** Longest sleep between two attempts: in-flight slots free when their answer arrives, not on a timer. */
const MAX_POLL_MS = 200;
const CLEANUP_EVERY = 200;

interface Waiter {
  accountId: number | null;
  rank: number;
  queuedAt: number;
  resolve: (grant: { waitedMs: number; release(): void }) => void;
  reject: (error: unknown) => void;
}

/**
 * The rate budget of an egress pool, shared through PostgreSQL by every process of the pool. Within the
 * process one pump serves the waiters most urgent first (then in order), so the database sees one attempt
 * at a time per process; a process that waits publishes its most urgent waiting priority (`rate_waiters`),
 * which makes less urgent requests of other processes yield. A dying process's slots count until their
 * timeout has passed plus one window; its waiter row is ignored once stale.
 */
export function createPostgresRateBudget(
  getDb: () => Promise<Database>,
  options: GrantLimits & { pool: string },
): SharedRateBudget {
  const holder = randomUUID();
  const queue: Waiter[] = [];
  let pumping = false;
  let grants = 0;
  let closed = false;
  let published: number | null = null;

  const publish = async (db: Database) => {
    const best = queue.length === 0 ? null : Math.min(...queue.map((w) => w.rank));
    if (best === published) {
      if (best !== null) await touchWaiter(db, options.pool, holder, best, queue.length);
      return;
    }
    published = best;
    if (best === null)
      await db.query('DELETE FROM hostaway.rate_waiters WHERE pool = $1 AND holder = $2', [
        options.pool,
        holder,
      ]);
    else await touchWaiter(db, options.pool, holder, best, queue.length);
  };

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      const db = await getDb();
      while (queue.length > 0 && !closed) {
        queue.sort((a, b) => a.rank - b.rank || a.queuedAt - b.queuedAt);
        const head = queue[0]!;
        const outcome = await db.transaction((tx) =>
          tryGrant(tx, { pool: options.pool, accountId: head.accountId, rank: head.rank, holder }, options),
        );
        if (outcome.granted) {
          queue.shift();
          head.resolve(slotGrant(db, outcome.slotId, Date.now() - head.queuedAt));
          if ((grants += 1) % CLEANUP_EVERY === 1) await pruneSlots(db, options);
          continue;
        }
        await publish(db);
        const wait = Math.min(MAX_POLL_MS, outcome.waitMs);
        await new Promise((resolve) => setTimeout(resolve, wait + Math.random() * 10));
      }
      await publish(db);
    } catch (error) {
      for (const waiter of queue.splice(0)) waiter.reject(error);
    } finally {
      pumping = false;
    }
    if (queue.length > 0 && !closed) void pump();
  }

  return {
    acquire({ accountId, priority }) {
      return new Promise((resolve, reject) => {
        queue.push({ accountId, rank: RANK[priority], queuedAt: Date.now(), resolve, reject });
        void pump();
      });
    },
    async reportRateLimited(pauseMs) {
      const db = await getDb();
      await db.query(
        `INSERT INTO hostaway.rate_pools AS p (pool, paused_until, rate_limited)
         VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond', 1)
         ON CONFLICT (pool) DO UPDATE SET rate_limited = p.rate_limited + 1, updated_at = now(),
           paused_until = greatest(coalesce(p.paused_until, '-infinity'), excluded.paused_until)`,
        [options.pool, pauseMs],
      );
    },
    async close() {
      closed = true;
      const db = await getDb().catch(() => undefined);
      await db
        ?.query('DELETE FROM hostaway.rate_waiters WHERE pool = $1 AND holder = $2', [options.pool, holder])
        .catch(() => undefined);
    },
  };
}

function slotGrant(db: Database, slotId: number, waitedMs: number) {
  let released = false;
  return {
    waitedMs,
    release() {
      if (released) return;
      released = true;
      // A lost release only makes the slot count until its timeout: never longer than that.
      void db
        .query('UPDATE hostaway.rate_slots SET released_at = clock_timestamp() WHERE id = $1', [slotId])
        .catch(() => undefined);
    },
  };
}

async function touchWaiter(db: Database, pool: string, holder: string, rank: number, waiting: number) {
  await db.query(
    `INSERT INTO hostaway.rate_waiters (pool, holder, priority, waiting, seen_at)
     VALUES ($1, $2, $3, $4, clock_timestamp())
     ON CONFLICT (pool, holder) DO UPDATE SET priority = excluded.priority, waiting = excluded.waiting,
       seen_at = excluded.seen_at`,
    [pool, holder, rank, Math.min(waiting, 32_767)],
  );
}

/** Slots that can no longer count (granted more than window + timeout ago), and waiter rows long stale. */
async function pruneSlots(db: Database, limits: GrantLimits & { pool: string }) {
  await db.query(
    `DELETE FROM hostaway.rate_slots
     WHERE pool = $1 AND granted_at < clock_timestamp() - $2::int * interval '1 millisecond'`,
    [limits.pool, limits.windowMs + limits.slotTimeoutMs],
  );
  await db.query(`DELETE FROM hostaway.rate_waiters WHERE seen_at < clock_timestamp() - interval '1 hour'`);
}
