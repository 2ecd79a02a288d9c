import { createRateGate, createSlidingWindow, type Grant, type SlidingWindow } from './rate-gate.js';

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

/**
 * The one rate budget every Hostaway request draws from: the egress pool's (Hostaway counts per IP) and the
 * account's. In process for the embedded database (one process); in PostgreSQL for a server, shared by
 * every process of the pool (src/db/rate-budget/).
 */
export interface RateBudget {
  /** Resolves when the pool and the account have room; the request holds its slot until `release()`. */
  acquire(request: BudgetRequest): Promise<Grant>;
  /** Hostaway answered 429: nothing of the pool is granted for `pauseMs`. */
  reportRateLimited(pauseMs: number): Promise<void>;
  close?(): Promise<void>;
}

export type { Grant } from './rate-gate.js';

/** The budget of one process: sliding-window logs per pool and per account (see rate-gate.ts). */
export function createInProcessBudget(
  limits: { perIp: number; perAccount: number; windowMs: number },
  now: () => number = Date.now,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): RateBudget {
  const gate = createRateGate(now);
  const poolWindow = createSlidingWindow(limits.perIp, limits.windowMs);
  const accountWindows = new Map<number, SlidingWindow>();
  let pausedUntil = 0;
  const windowOf = (accountId: number) => {
    let window = accountWindows.get(accountId);
    if (!window)
      accountWindows.set(accountId, (window = createSlidingWindow(limits.perAccount, limits.windowMs)));
    return window;
  };
  return {
    async acquire({ accountId, priority }) {
      const queuedAt = now();
      while (now() < pausedUntil) await sleep(pausedUntil - now());
      const windows = accountId === null ? [poolWindow] : [poolWindow, windowOf(accountId)];
      const grant = await gate.acquire(windows, PRIORITY_RANK[priority]);
      return { ...grant, waitedMs: now() - queuedAt };
    },
    async reportRateLimited(pauseMs) {
      pausedUntil = Math.max(pausedUntil, now() + pauseMs);
    },
  };
}
