import { randomUUID } from 'node:crypto';
import { and, eq, gt, ne, sql } from 'drizzle-orm';
import type { Database } from '../database.js';
import { rateLeases } from '../schema/index.js';
import { runBudgetTransaction, type BudgetTimeouts } from './budget-transaction.js';
import { allocateShares } from './lease-allocation.js';
import type { HeldShare, ScopeRequest } from '../../rate-lease.js';
import { renewLeases, type LeaseLimits } from '../sql/rate-lease-grant.js';
import { recordRefusal, type PausedScope } from '../sql/rate-refusal.js';

/** Mirrors `LeaseStore` of src/hostaway/leased-budget.ts (the layers may not import each other). */
export interface PostgresLeaseStore {
  renew(
    requests: readonly ScopeRequest[],
    sent: number,
    accountIds: readonly number[],
  ): Promise<{
    leases: { scope: string; share: number; expiresInMs: number; retryInMs: number | null }[];
    pauses: { poolMs: number; accountsMs: Record<string, number> };
  }>;
  refuse(refusal: { accountId: number | null; pauseMs: number; shareSpent: boolean }): Promise<PausedScope>;
  contested(held: HeldShare): Promise<boolean>;
}

/**
 * The egress pool's leases in PostgreSQL, one process (`holder`) each: a renewal is one transaction for
 * every scope the process uses, a 429 another; nothing per request.
 */
export function createPostgresLeaseStore(
  getDb: () => Promise<Database>,
  options: LeaseLimits & BudgetTimeouts & { pool: string; perPool: number },
): PostgresLeaseStore {
  const holder = randomUUID();
  return {
    async renew(requests, sent, accountIds) {
      return runBudgetTransaction(await getDb(), options, (tx) =>
        renewLeases(tx, holder, requests, options, { pool: options.pool, sent, accountIds }),
      );
    },
    async refuse({ accountId, pauseMs, shareSpent }) {
      const { pool, windowMs, perPool } = options;
      return runBudgetTransaction(await getDb(), options, (tx) =>
        recordRefusal(tx, { pool, accountId, pauseMs, windowMs, shareSpent, poolLimit: perPool }),
      );
    },
    /**
     * Whether another process now asks for part of a share held in full (a renewal would shrink it): one
     * read, no lock, so a holder can ask every window what it would otherwise learn at its next renewal.
     */
    async contested(held) {
      const db = await getDb();
      const others = await db.orm
        .select({ holder: rateLeases.holder, rank: rateLeases.priority })
        .from(rateLeases)
        .where(
          and(
            eq(rateLeases.scope, held.scope),
            ne(rateLeases.holder, holder),
            gt(rateLeases.wanted, 0),
            gt(rateLeases.expiresAt, sql`clock_timestamp()`),
          ),
        );
      if (others.length === 0) return false;
      const everyone = [...others, { holder, rank: held.rank }];
      return (allocateShares(held.limit, options.backgroundFloor, everyone).get(holder) ?? 0) < held.share;
    },
  };
}
