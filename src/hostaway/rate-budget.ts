import { setTimeout as delay } from 'node:timers/promises';
import {
  createRateGate,
  createSlidingWindow,
  windowWaitMs,
  type Grant,
  type SlidingWindow,
} from './rate-gate.js';

/**
 * Who a request is for, most urgent first: webhook re-fetches and interactive commands, then incremental
 * runs, then full and reconcile passes, which take what is left (with a floor, so they still finish).
 */
export type RequestPriority = 'interactive' | 'webhook' | 'incremental' | 'background';

export const PRIORITY_RANK: Readonly<Record<RequestPriority, number>> = {
  interactive: 0,
  webhook: 0,
  incremental: 1,
  background: 2,
};

export interface BudgetRequest {
  /** The account the request is for (its own limit), or null for none. */
  accountId: number | null;
  priority: RequestPriority;
}

/** What a 429 paused: the whole egress pool, or only the account it answered. */
export type PausedScope = 'pool' | 'account';

/**
 * The one rate budget every Hostaway request draws from: the egress pool's (Hostaway counts per IP) and the
 * account's. In process for the embedded database (one process); leased from PostgreSQL for a server, shared
 * by every process of the pool (leased-budget.ts).
 */
export interface RateBudget {
  /** Resolves when the pool and the account have room; the request holds its slot until `release()`. */
  acquire(request: BudgetRequest): Promise<Grant>;
  /**
   * Hostaway answered 429 to a request of `accountId`. It is charged to what was full: the pool (nothing of
   * the pool is sent for `pauseMs`) when its window was full or another account of the pool was refused
   * within the same window, else only the account.
   */
  reportRateLimited(pauseMs: number, accountId: number | null): Promise<PausedScope>;
  close?(): Promise<void>;
  /** Fails every request waiting for the budget, and every later one, with `error` (a stop signal). */
  interrupt?(error: Error): void;
}

export type { Grant } from './rate-gate.js';

/** The budget of one process: sliding-window logs per pool and per account (see rate-gate.ts). */
export function createInProcessBudget(
  limits: { perIp: number; perAccount: number; windowMs: number },
  now: () => number = Date.now,
  sleep: (ms: number) => Promise<void> = delay,
): RateBudget {
  const gate = createRateGate(now);
  const poolWindow = createSlidingWindow(limits.perIp, limits.windowMs);
  const accountWindows = new Map<number, SlidingWindow>();
  const pausedUntil = new Map<number | null, number>();
  let lastRefusal: { accountId: number | null; at: number } | null = null;
  const windowOf = (accountId: number) => {
    let window = accountWindows.get(accountId);
    if (!window)
      accountWindows.set(accountId, (window = createSlidingWindow(limits.perAccount, limits.windowMs)));
    return window;
  };
  const pauseOf = (accountId: number | null) =>
    Math.max(pausedUntil.get(null) ?? 0, accountId === null ? 0 : (pausedUntil.get(accountId) ?? 0));
  return {
    async acquire({ accountId, priority }) {
      const queuedAt = now();
      while (now() < pauseOf(accountId)) await sleep(pauseOf(accountId) - now());
      const windows = accountId === null ? [poolWindow] : [poolWindow, windowOf(accountId)];
      const grant = await gate.acquire(windows, PRIORITY_RANK[priority]);
      return { ...grant, waitedMs: now() - queuedAt };
    },
    async reportRateLimited(pauseMs, accountId) {
      const at = now();
      const otherRefused =
        lastRefusal !== null && lastRefusal.accountId !== accountId && lastRefusal.at > at - limits.windowMs;
      lastRefusal = { accountId, at };
      const poolFull = windowWaitMs(poolWindow, at) > 0;
      const scope: PausedScope = accountId === null || otherRefused || poolFull ? 'pool' : 'account';
      const key = scope === 'pool' ? null : accountId;
      pausedUntil.set(key, Math.max(pausedUntil.get(key) ?? 0, at + pauseMs));
      return scope;
    },
  };
}
