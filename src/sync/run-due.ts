import { setTimeout as sleep } from 'node:timers/promises';
import type { ScheduledMode } from '../db/sql/account-leases.js';
import { claimDueAccount } from '../db/sql/claim-due-account.js';
import { newLeaseOwner } from '../db/sql/account-leases.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { untilStopped } from './stop.js';
import type { SyncEngine } from './engine.js';
import type { RunResult } from './types.js';

export interface DueRunOptions {
  mode: ScheduledMode;
  /** The egress pool whose accounts this process serves. */
  pool: string;
  /** How often each account should run (start to start). */
  accountCadenceMs: number;
  /** Stop claiming new accounts after this moment (runs in progress finish). */
  until: number;
  /** Accounts run at once. */
  workers: number;
  /**
   * When nothing is due, wait for the next due account (polling at most every `WAIT_POLL_MS`) instead of
   * returning, until `until`: a long-running worker claims each account at its due time, not at the next
   * CronJob start.
   */
  wait?: boolean;
  signal?: AbortSignal;
  now?: () => number;
}

/** The long-running form: no deadline, always waiting; each result is handed over, not collected. */
export interface DueServeOptions extends Omit<DueRunOptions, 'until' | 'wait'> {
  /** Absent: claim until the signal aborts. */
  until?: number;
  wait: boolean;
  /** An account run starts (after its claim). */
  onRunStarted?: (accountId: number) => void;
  onResult?: (result: RunResult) => void;
  /** Each pass of a claim loop: a claim tried, or a wait for the next due account over. */
  onTick?: () => void;
}

/** Longest sleep of a waiting worker: accounts added or made due meanwhile are seen this soon. */
export const WAIT_POLL_MS = 5000;

/**
 * Fleet scheduling without a scheduler: each worker claims the most overdue account of its pool from
 * PostgreSQL, runs it, schedules its next run one account cadence after this one started, and claims the
 * next, until none is due or its time is up (with `wait`, it sleeps until the next one is due instead of
 * stopping early). Any number of processes may do this at once on one pool: claims skip rows another
 * worker holds and accounts whose lease is live, so a slow account never stalls the others and no split is
 * hand-tuned. The claim takes the account's lease in its own transaction, so the run never races another
 * for it. A worker that dies leaves its account due again one account cadence later (the claim's due time).
 */
export async function runDueAccounts(deps: DueDeps, options: DueRunOptions): Promise<RunResult[]> {
  const results: RunResult[] = [];
  await serveDueAccounts(deps, { ...options, wait: options.wait === true, onResult: (r) => results.push(r) });
  return results.sort((a, b) => a.accountId - b.accountId);
}

type DueDeps = { db: Database; engine: SyncEngine; logger: Logger };

/** The claim loops of `runDueAccounts`, `options.workers` of them, until the deadline or the signal. */
export async function serveDueAccounts(deps: DueDeps, options: DueServeOptions): Promise<void> {
  const now = options.now ?? Date.now;
  const until = options.until ?? Infinity;
  let runs = 0;
  // A stop ends the claim loops' waits on the database too (a lock held elsewhere): the loops then end.
  const stoppable = <T>(fn: () => Promise<T>) => untilStopped(deps.db, options.signal, fn);
  /** Sleeps until the pool's next account is due, the poll interval or the deadline; false: give up. */
  const waitForNextDue = async (inMs: number | null): Promise<boolean> => {
    const left = until - now();
    if (left <= 0) return false;
    const waitMs = Math.min(Math.max(inMs ?? WAIT_POLL_MS, 0), WAIT_POLL_MS, left);
    try {
      // A few ms past the due time, so the claim that follows finds the account due on the database clock.
      await sleep(waitMs + 10, undefined, { signal: options.signal });
    } catch {
      return false; // aborted: stop
    }
    return true;
  };
  /** The next account this worker runs, with its lease's owner; null: stop (time up, stopped, none due). */
  const claimNext = async () => {
    for (;;) {
      if (now() >= until || options.signal?.aborted) return null;
      options.onTick?.();
      const owner = newLeaseOwner();
      const claim = await stoppable(() =>
        claimDueAccount(deps.db, {
          pool: options.pool,
          mode: options.mode,
          dueLeaseMs: options.accountCadenceMs,
          owner,
          accountLeaseMs: deps.engine.accountLeaseMs,
        }),
      );
      if ('account' in claim) return { ...claim, owner };
      if (!options.wait || !(await waitForNextDue(claim.nextDueInMs))) return null;
    }
  };
  // The workers claim in turn: one waiting for the next due account holds the turn, so the idle others wait
  // here instead of each asking the database (and racing for that account when it falls due).
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = turn.then(fn);
    turn = next.catch(() => undefined);
    return next;
  };
  const worker = async () => {
    for (let claim = await inTurn(claimNext); claim; claim = await inTurn(claimNext)) {
      const { account, claimedAt, owner } = claim;
      options.onRunStarted?.(account.accountId);
      // The lease's release schedules the next run: one account cadence after this one started.
      const result = await deps.engine.runLeased(options.mode, {
        account,
        owner,
        next: { mode: options.mode, startedAt: claimedAt, cadenceMs: options.accountCadenceMs },
      });
      runs += 1;
      options.onResult?.(result);
    }
  };
  const stopping = (error: unknown) => {
    if (!options.signal?.aborted) throw error;
  };
  await Promise.all(Array.from({ length: Math.max(1, options.workers) }, () => worker().catch(stopping)));
  deps.logger.info({ pool: options.pool, mode: options.mode, runs }, 'due accounts done');
}
