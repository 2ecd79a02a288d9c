import { claimDueAccount, scheduleNextRun, type ScheduledMode } from '../db/fleet/claim-due-account.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { SyncEngine } from './engine.js';
import type { RunResult } from './types.js';

export interface DueRunOptions {
  mode: ScheduledMode;
  /** The egress pool whose accounts this process serves. */
  pool: string;
  /** How often each account should run (start to start). */
  cadenceMs: number;
  /** Stop claiming new accounts after this moment (runs in progress finish). */
  until: number;
  /** Accounts run at once. */
  workers: number;
  signal?: AbortSignal;
  now?: () => number;
}

/**
 * Fleet scheduling without a scheduler: each worker claims the most overdue account of its pool from
 * PostgreSQL, runs it, schedules its next run one cadence after this one started, and claims the next,
 * until none is due or its time is up. Any number of processes may do this at once on one pool: claims
 * skip rows another worker holds, so a slow account never stalls the others and no split is hand-tuned.
 * A worker that dies leaves its account due again one cadence later (the claim's lease).
 */
export async function runDueAccounts(
  deps: { db: Database; engine: SyncEngine; logger: Logger },
  options: DueRunOptions,
): Promise<RunResult[]> {
  const now = options.now ?? Date.now;
  const results: RunResult[] = [];
  const worker = async () => {
    while (now() < options.until && !options.signal?.aborted) {
      const claim = await claimDueAccount(deps.db, {
        pool: options.pool,
        mode: options.mode,
        leaseMs: options.cadenceMs,
      });
      if (claim === null) return;
      const { accountId, claimedAt } = claim;
      const result = await deps.engine.runMany([accountId], options.mode);
      results.push(...result);
      // A run skipped because another process holds the account keeps the claim's lease as its due time.
      if (result.some((r) => r.status !== 'skipped'))
        await scheduleNextRun(deps.db, {
          accountId,
          mode: options.mode,
          startedAt: claimedAt,
          cadenceMs: options.cadenceMs,
        });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.workers) }, worker));
  deps.logger.info({ pool: options.pool, mode: options.mode, runs: results.length }, 'due accounts done');
  return results.sort((a, b) => a.accountId - b.accountId);
}
